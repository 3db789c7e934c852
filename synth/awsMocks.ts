/**
 * Pulumi mocks that answer like AWS: AWS-shaped ids (`vpc-` and 17 hex digits, ...), interface endpoints with
 * `dnsEntries` (regional wildcard entry first, then one per AZ), and the lookups the program makes, from a fake
 * account the test can change. Any resource type or invoke it does not know is an error, so a gap is obvious.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

/** A resource as the program declared it. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** The provider reference, `urn:...::pulumi:providers:aws::<name>::<id>`, for custom resources. */
  readonly provider?: string;
  readonly custom: boolean;
  readonly id?: string;
  readonly state: Record<string, unknown>;
}

/** An invoke the program made. */
export interface RecordedInvoke {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
  readonly provider?: string;
}

/** What the fake AWS account holds. */
export interface FakeAccount {
  /** Available plain AZs per region; a region not listed gets `<region>a`, `b`, `c`. */
  zones: Record<string, string[]>;
  /** AZs per endpoint service name; a service not listed is offered in every AZ of its region. */
  serviceZones: Record<string, string[]>;
  /** Existing VPCs by id: region and blocks. */
  vpcs: Record<string, { region: string; cidrBlocks: string[] }>;
  /** Existing route tables and subnets by id: region and VPC. */
  routeTables: Record<string, { region: string; vpcId: string }>;
  subnets: Record<string, { region: string; vpcId: string }>;
  /** Outputs of other stacks, for StackReferences, by stack name. */
  stackOutputs?: Record<string, Record<string, unknown>>;
  /** IAM roles that exist, by account id (a fresh account has none of DRS's service roles). */
  roles?: Record<string, string[]>;
  /** An error every IAM role lookup answers with (an identity without iam:GetRole, say). */
  roleLookupError?: string;
  /** VPCs whose DNS attributes are not both on, by id (every other adopted VPC has DNS support and host names on). */
  vpcDns?: Record<string, { enableDnsSupport: boolean; enableDnsHostnames: boolean }>;
  /** Name tags of existing VPCs, by id (a VPC an earlier `pulumi up` made carries its logical name). */
  vpcNames?: Record<string, string>;
  /** Routes an existing route table holds besides the local one, by id. */
  routes?: Record<string, { cidrBlock: string }[]>;
  /** Existing peerings: their region (where they are described), the two VPCs, status and Name tag. */
  peerings?: { id: string; region: string; requesterVpcId: string; accepterVpcId: string; status: string; name?: string }[];
  /** Applied quota values by quota code; a quota not listed has AWS's default (a fresh account). */
  quotas?: Record<string, number>;
  /** An error every Service Quotas read answers with (an identity without servicequotas:GetServiceQuota, say). */
  quotaReadError?: string;
  /** A fresh account has a default VPC in every region; set to leave them out (an account whose defaults were deleted). */
  withoutDefaultVpcs?: boolean;
}

/** AWS's defaults of the quotas the program reads (Amazon VPC, PrivateLink, peering and Route 53 quota pages). */
export const DEFAULT_QUOTAS: Readonly<Record<string, { name: string; value: number; serviceCode: string }>> = {
  "L-F678F1CE": { name: "VPCs per Region", value: 5, serviceCode: "vpc" },
  "L-1B52E74A": { name: "Gateway VPC endpoints per Region", value: 20, serviceCode: "vpc" },
  "L-29B6F2EB": { name: "Interface VPC endpoints per VPC", value: 50, serviceCode: "vpc" },
  "L-7E9ECCDB": { name: "Active VPC peering connections per VPC", value: 50, serviceCode: "vpc" },
  "L-DC9F7029": { name: "Outstanding VPC peering connection requests", value: 25, serviceCode: "vpc" },
  "L-93826ACB": { name: "Routes per route table", value: 500, serviceCode: "vpc" },
  "L-2AEEBF1A": { name: "Rules per network ACL", value: 20, serviceCode: "vpc" },
  "L-0EA8095F": { name: "Inbound or outbound rules per security group", value: 60, serviceCode: "vpc" },
  "L-84B40094": { name: "VPCs per hosted zone", value: 300, serviceCode: "route53" },
};

export function emptyAccount(): FakeAccount {
  return { zones: {}, serviceZones: {}, vpcs: {}, routeTables: {}, subnets: {} };
}

/** Id prefixes of every resource type the program may declare, plus the internet-facing ones it must not. */
const ID_PREFIXES: Record<string, string> = {
  "aws:ec2/vpc:Vpc": "vpc",
  "aws:ec2/subnet:Subnet": "subnet",
  "aws:ec2/routeTable:RouteTable": "rtb",
  "aws:ec2/routeTableAssociation:RouteTableAssociation": "rtbassoc",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg",
  "aws:ec2/securityGroup:SecurityGroup": "sg",
  "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": "pcx",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
  "aws:drs/replicationConfigurationTemplate:ReplicationConfigurationTemplate": "rct",
  "aws:ec2/flowLog:FlowLog": "fl",
  "aws:ec2/networkAcl:NetworkAcl": "acl",
  "aws:ec2/internetGateway:InternetGateway": "igw",
  "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": "eigw",
  "aws:ec2/natGateway:NatGateway": "nat",
  "aws:ec2/eip:Eip": "eipalloc",
};

/** Deterministic hex from a seed, so ids and DNS names are the same in every run. */
export function fakeHex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** The fake account every mocked resource is in. */
export const FAKE_ACCOUNT = "123456789012";

/** A fake AWS id: `<prefix>-<17 hex>`. */
export function fakeId(prefix: string, seed: string): string {
  return `${prefix}-${fakeHex(seed, 17)}`;
}

/**
 * An invoke failure as the engine reports it: the SDK rethrows a failed invoke as `new Error(err.details)`, where
 * `details` is the gRPC status text, so a plain Error would reach the program with an empty message.
 */
function invokeError(token: string, message: string): Error {
  return Object.assign(new Error(message), { details: `invocation of ${token} returned an error: ${message}` });
}

export class AwsMocks implements pulumi.runtime.Mocks {
  public resources: RecordedResource[] = [];
  public invokes: RecordedInvoke[] = [];
  public account: FakeAccount = emptyAccount();
  private readonly providerRegions = new Map<string, string>();
  private readonly providerAccounts = new Map<string, string>();
  private readonly subnetZones = new Map<string, string>();

  /** Forget every recorded resource and invoke, and use `account` from now on. */
  reset(account: FakeAccount = emptyAccount()): void {
    this.resources = [];
    this.invokes = [];
    this.account = account;
    this.providerRegions.clear();
    this.providerAccounts.clear();
    this.subnetZones.clear();
  }

  /** The region of a provider reference (`urn...::<name>::<id>`), as its `region` input says. */
  regionOf(providerRef: string | undefined): string | undefined {
    if (providerRef === undefined) return undefined;
    const urn = providerRef.split("::").slice(0, -1).join("::");
    return this.providerRegions.get(urn);
  }

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs = args.inputs as Record<string, unknown>;
    const seed = `${args.type}::${args.name}`;
    let id: string | undefined;
    let state: Record<string, unknown> = { ...inputs };

    if (args.type === "pulumi:pulumi:StackReference") {
      // Another stack's outputs, as the fake account holds them.
      const stackName = String(inputs.name);
      id = stackName;
      state = { name: stackName, outputs: this.account.stackOutputs?.[stackName] ?? {}, secretOutputNames: [] };
      this.resources.push({ type: args.type, name: args.name, inputs, custom: true, id, state });
      return { id, state };
    } else if (args.type.startsWith("pulumi-nodejs:dynamic")) {
      // A dynamic resource runs no AWS provider: its region is an input. The serialized provider code is dropped.
      const { __provider, ...props } = inputs;
      id = `drs-initialized-${String(props.region)}`;
      state = { ...props, alreadyInitialized: false };
      this.resources.push({ type: args.type, name: args.name, inputs: props, custom: true, id, state });
      return { id, state };
    } else if (args.type === "pulumi:providers:aws") {
      id = `${args.name}-id`;
      const urn = `urn:pulumi:${this.stackKey()}::pulumi:providers:aws::${args.name}`;
      this.providerRegions.set(urn, String(inputs.region));
      // A provider that assumes a role lands in the role's account.
      // (JSON: a secret role reaches the mocks wrapped in Pulumi's secret signature.)
      const role = /arn:aws:iam::(\d{12}):role/.exec(JSON.stringify(inputs.assumeRoles ?? ""));
      this.providerAccounts.set(urn, role?.[1] ?? FAKE_ACCOUNT);
    } else if (!args.custom) {
      id = undefined;
      state = {};
    } else {
      const region = this.regionOf(args.provider);
      if (region === undefined) {
        throw new Error(`${seed} has no explicit aws provider (provider: ${args.provider ?? "none"})`);
      }
      if (args.type === "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter") {
        id = String(inputs.vpcPeeringConnectionId);
        state.acceptStatus = "active";
      } else if (args.type === "aws:ec2/route:Route") {
        id = `r-${String(inputs.routeTableId)}${parseInt(fakeHex(seed, 8), 16)}`;
      } else if (args.type === "aws:route53/zone:Zone") {
        id = `Z${fakeHex(seed, 20).toUpperCase()}`;
        state.zoneId = id;
      } else if (args.type === "aws:ssm/document:Document") {
        // A document is named by its caller.
        id = String(inputs.name);
      } else if (args.type === "aws:ssm/association:Association") {
        // An association id is a UUID.
        const hex = fakeHex(seed, 32);
        id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
        state.associationId = id;
      } else if (args.type === "aws:cloudwatch/logGroup:LogGroup" || args.type === "aws:iam/role:Role" || args.type === "aws:iam/instanceProfile:InstanceProfile") {
        // Auto-named by the provider: the logical name and a random suffix.
        id = String(inputs.name ?? `${args.name}-${fakeHex(seed, 7)}`);
        state.name = id;
      } else if (args.type === "aws:kms/key:Key") {
        // A key id is a UUID.
        const hex = fakeHex(seed, 32);
        id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      } else if (args.type === "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl") {
        // Adopts the VPC's default ACL: its id is the VPC's defaultNetworkAclId.
        id = String(inputs.defaultNetworkAclId);
      } else if (args.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
        id = `${String(inputs.role)}-${fakeHex(seed, 20)}`;
      } else if (args.type === "aws:iam/rolePolicy:RolePolicy") {
        id = `${String(inputs.role)}:${args.name}-${fakeHex(seed, 7)}`;
      } else if (args.type === "aws:route53/zoneAssociation:ZoneAssociation" || args.type === "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization") {
        id = `${String(inputs.zoneId)}:${String(inputs.vpcId)}`;
      } else if (args.type === "aws:servicequotas/serviceQuota:ServiceQuota") {
        // A request returns at once, pending: AWS decides later.
        id = `${String(inputs.serviceCode)}/${String(inputs.quotaCode)}`;
        state.requestId = fakeHex(seed, 32);
        state.requestStatus = "PENDING";
      } else if (args.type === "aws:route53/record:Record") {
        id = `${String(inputs.zoneId)}_${String(inputs.name)}_${String(inputs.type)}`;
      } else if (args.id !== undefined && args.id !== "") {
        // An imported resource keeps the id it was imported with.
        id = args.id;
      } else {
        const prefix = ID_PREFIXES[args.type];
        if (prefix === undefined) {
          throw new Error(`the AWS mocks do not know the resource type ${args.type} (${args.name})`);
        }
        id = fakeId(prefix, seed);
      }
      state.arn =
        args.type === "aws:kms/key:Key"
          ? `arn:aws:kms:${region}:${this.accountOf(args.provider)}:key/${id}`
          : args.type === "aws:cloudwatch/logGroup:LogGroup"
          ? `arn:aws:logs:${region}:${FAKE_ACCOUNT}:log-group:${id}`
          : args.type === "aws:iam/role:Role"
            ? `arn:aws:iam::${FAKE_ACCOUNT}:role/${id}`
            : `arn:aws:ec2:${region}:${FAKE_ACCOUNT}:${args.type.split(":").pop()?.toLowerCase()}/${id}`;
      if (args.type === "aws:ec2/subnet:Subnet") {
        this.subnetZones.set(id, String(inputs.availabilityZone));
      }
      if (args.type === "aws:ec2/vpc:Vpc") {
        // AWS makes every VPC's default security group and network ACL with it.
        state.defaultNetworkAclId = fakeId("acl", `${seed}-default`);
        state.defaultSecurityGroupId = fakeId("sg", `${seed}-default`);
      }
      if (args.type === "aws:ec2/vpcPeeringConnection:VpcPeeringConnection") {
        state.acceptStatus = "pending-acceptance";
      }
      if (args.type === "aws:ec2/vpcEndpoint:VpcEndpoint") {
        Object.assign(state, this.endpointState(id, inputs));
      }
    }

    this.resources.push({ type: args.type, name: args.name, inputs, provider: args.provider, custom: args.custom ?? false, id, state });
    return { id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const inputs = args.inputs as Record<string, unknown>;
    this.invokes.push({ token: args.token, inputs, provider: args.provider });
    const region = this.regionOf(args.provider);
    if (region === undefined) {
      throw invokeError(args.token, "no explicit aws provider");
    }
    switch (args.token) {
      case "aws:iam/getRole:getRole": {
        // The provider's own wording for a missing role (terraform-provider-aws, data source aws_iam_role).
        const name = String(inputs.name);
        const account = this.accountOf(args.provider);
        if (this.account.roleLookupError !== undefined) throw invokeError(args.token, this.account.roleLookupError);
        if (!(this.account.roles?.[account] ?? []).includes(name)) throw invokeError(args.token, `reading IAM Role (${name}): couldn't find resource`);
        return { id: name, name, arn: `arn:aws:iam::${account}:role/service-role/${name}`, path: "/service-role/" };
      }
      case "aws:iam/getPolicy:getPolicy": {
        // AWS managed policies: DRS's under /service-role/, the SSM core policy at the root (AWS managed policy reference).
        const name = String(inputs.name);
        const path = name.startsWith("AWSElasticDisasterRecovery") ? "service-role/" : name === "AmazonSSMManagedInstanceCore" ? "" : undefined;
        if (path === undefined) throw invokeError(args.token, `no IAM policy found matching criteria (name ${name})`);
        return { id: `arn:aws:iam::aws:policy/${path}${name}`, arn: `arn:aws:iam::aws:policy/${path}${name}`, name, path: `/${path}` };
      }
      case "aws:index/getCallerIdentity:getCallerIdentity": {
        const account = this.accountOf(args.provider);
        return { id: account, accountId: account, arn: `arn:aws:iam::${account}:user/synth`, userId: "AIDAFAKEUSERID" };
      }
      case "aws:index/getAvailabilityZones:getAvailabilityZones": {
        const names = this.zonesOf(region);
        return { id: region, names, zoneIds: names.map((n) => n.replace(region, `${region.replace(/-/g, "")}-az`)), state: inputs.state };
      }
      case "aws:ec2/getVpcEndpointService:getVpcEndpointService": {
        const serviceName = String(inputs.serviceName);
        if (!serviceName.startsWith(`com.amazonaws.${region}.`)) {
          throw invokeError(args.token, `no matching VPC Endpoint Service found: ${serviceName} looked up in ${region}`);
        }
        return {
          id: serviceName,
          serviceName,
          serviceType: inputs.serviceType,
          availabilityZones: this.account.serviceZones[serviceName] ?? this.zonesOf(region),
        };
      }
      case "aws:ec2/getVpc:getVpc": {
        const vpc = this.account.vpcs[String(inputs.id)];
        if (vpc === undefined || vpc.region !== region) throw invokeError(args.token, "no matching EC2 VPC found");
        return {
          id: inputs.id,
          tags: this.account.vpcNames?.[String(inputs.id)] !== undefined ? { Name: this.account.vpcNames[String(inputs.id)] } : {},
          ...(this.account.vpcDns?.[String(inputs.id)] ?? { enableDnsSupport: true, enableDnsHostnames: true }),
          cidrBlock: vpc.cidrBlocks[0],
          cidrBlockAssociations: vpc.cidrBlocks.map((cidrBlock, i) => ({ associationId: `vpc-cidr-assoc-${i}`, cidrBlock, state: "associated" })),
        };
      }
      case "aws:ec2/getRouteTable:getRouteTable":
      case "aws:ec2/getSubnet:getSubnet": {
        const id = String(inputs.routeTableId ?? inputs.id);
        const table = args.token.includes("RouteTable");
        const found = (table ? this.account.routeTables : this.account.subnets)[id];
        if (found === undefined || found.region !== region) throw invokeError(args.token, `no matching EC2 ${table ? "Route Table" : "Subnet"} found`);
        return { id, vpcId: found.vpcId, ...(table ? { routes: this.account.routes?.[id] ?? [] } : {}) };
      }
      case "aws:ec2/getVpcs:getVpcs": {
        // Every VPC of the region: the default one of a fresh account, and the account's others.
        const filters = (inputs.filters as { name: string; values: string[] }[] | undefined) ?? [];
        const ids = [...(this.account.withoutDefaultVpcs === true ? [] : [fakeId("vpc", `default-${region}`)]), ...Object.keys(this.account.vpcs).filter((id) => this.account.vpcs[id].region === region)];
        const matches = (id: string) =>
          filters.every((f) => {
            if (f.name !== "tag:Name") throw invokeError(args.token, `the AWS mocks do not know the filter ${f.name}`);
            return f.values.includes(this.account.vpcNames?.[id] ?? "");
          });
        return { id: region, ids: ids.filter(matches) };
      }
      case "aws:ec2/getVpcPeeringConnections:getVpcPeeringConnections": {
        const filters = (inputs.filters as { name: string; values: string[] }[] | undefined) ?? [];
        const field: Record<string, (p: NonNullable<FakeAccount["peerings"]>[number]) => string | undefined> = {
          "tag:Name": (p) => p.name,
          "status-code": (p) => p.status,
          "requester-vpc-info.vpc-id": (p) => p.requesterVpcId,
          "accepter-vpc-info.vpc-id": (p) => p.accepterVpcId,
        };
        for (const f of filters) if (field[f.name] === undefined) throw invokeError(args.token, `the AWS mocks do not know the filter ${f.name}`);
        const found = (this.account.peerings ?? []).filter((p) => p.region === region && filters.every((f) => f.values.includes(field[f.name](p) ?? "")));
        return { id: region, ids: found.map((p) => p.id) };
      }
      case "aws:servicequotas/getServiceQuota:getServiceQuota": {
        const code = String(inputs.quotaCode);
        const quota = DEFAULT_QUOTAS[code];
        if (quota === undefined || quota.serviceCode !== inputs.serviceCode) throw invokeError(args.token, `getting Default Service Quota for (${String(inputs.serviceCode)}/${code}): NoSuchResourceException`);
        if (this.account.quotaReadError !== undefined) {
          throw invokeError(args.token, `getting Default Service Quota for (${quota.serviceCode}/${code}): ${this.account.quotaReadError}`);
        }
        const at = String(inputs.region ?? region);
        return {
          id: `arn:aws:servicequotas:${at}:${this.accountOf(args.provider)}:${quota.serviceCode}/${code}`,
          serviceCode: quota.serviceCode,
          quotaCode: code,
          quotaName: quota.name,
          region: at,
          adjustable: true,
          defaultValue: quota.value,
          value: this.account.quotas?.[code] ?? quota.value,
          globalQuota: quota.serviceCode === "route53",
        };
      }
      default:
        throw invokeError(args.token, `the AWS mocks do not know the invoke ${args.token}`);
    }
  }

  /** The account a provider reference lands in. */
  private accountOf(providerRef: string | undefined): string {
    return this.providerAccounts.get((providerRef ?? "").split("::").slice(0, -1).join("::")) ?? FAKE_ACCOUNT;
  }

  private zonesOf(region: string): string[] {
    return this.account.zones[region] ?? ["a", "b", "c"].map((letter) => `${region}${letter}`);
  }

  private endpointState(id: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const serviceName = String(inputs.serviceName);
    const [, , region, ...rest] = serviceName.split(".");
    const service = rest.join(".");
    if (inputs.vpcEndpointType !== "Interface") {
      return { dnsEntries: [], prefixListId: fakeId("pl", id).slice(0, 11), networkInterfaceIds: [] };
    }
    const suffix = fakeHex(`${id}-dns`, 8);
    const subnetIds = (inputs.subnetIds as string[] | undefined) ?? [];
    const zones = subnetIds.map((s) => this.subnetZones.get(s) ?? "unknown-az");
    // Only S3's entries are wildcards (`*.vpce-...`: a bucket name goes in front); DRS's and EC2's are plain names.
    const wildcard = service === "s3" ? "*." : "";
    const entry = (label: string) => ({ dnsName: `${wildcard}${label}.${service}.${region}.vpce.amazonaws.com`, hostedZoneId: "Z7HUB22UULQXV" });
    return {
      dnsEntries: [entry(`${id}-${suffix}`), ...zones.map((zone) => entry(`${id}-${suffix}-${zone}`))],
      networkInterfaceIds: subnetIds.map((s) => fakeId("eni", `${id}-${s}`)),
      prefixListId: undefined,
    };
  }

  private stackKey(): string {
    return `${this.stack}::${this.project}`;
  }

  constructor(
    public readonly project: string = "drs-secured-network",
    public readonly stack: string = "test",
  ) {}
}
