/**
 * How the mocks answer a new AWS resource, by type: its id (AWS's own shape where it is not `<prefix>-<17 hex>`, the id
 * it was imported with, else a fake id of its type's prefix), its ARN, and the outputs AWS returns with it (a VPC's
 * default group and ACL, a peering's pending acceptance, an interface endpoint's DNS entries). A type none of these
 * knows is an error, so a gap is obvious.
 */
import { FAKE_ACCOUNT } from "./account";
import { fakeHex, fakeId, fakeUuid } from "./ids";

/** A custom AWS resource as the engine passes it, its seed, and the state the rules add AWS's outputs to. */
export interface NewAwsResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** `<type>::<name>`: what its fake ids are made from. */
  readonly seed: string;
  /** The id it is imported with, if any. */
  readonly importId?: string;
  /** Its provider's region. */
  readonly region: string;
  readonly state: Record<string, unknown>;
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
  "aws:ec2transitgateway/vpcAttachment:VpcAttachment": "tgw-attach",
  "aws:ec2/vpnGateway:VpnGateway": "vgw",
  "aws:ec2/customerGateway:CustomerGateway": "cgw",
  "aws:ec2/vpnConnection:VpnConnection": "vpn",
  "aws:route53/resolverEndpoint:ResolverEndpoint": "rslvr-in",
  "aws:ec2/launchTemplate:LaunchTemplate": "lt",
  "aws:ec2/eip:Eip": "eipalloc",
};

/** Auto-named by the provider: the logical name and a random suffix. */
const autoNamed = ({ name, inputs, seed, state }: NewAwsResource): string => {
  const id = String(inputs.name ?? `${name}-${fakeHex(seed, 7)}`);
  state.name = id;
  return id;
};

/** The id of each type whose id is not a fake `<prefix>-<17 hex>` (some with the outputs AWS returns with it). */
const ID_RULES = new Map<string, (r: NewAwsResource) => string>([
  [
    "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
    ({ inputs, state }) => {
      state.acceptStatus = "active";
      return String(inputs.vpcPeeringConnectionId);
    },
  ],
  ["aws:ec2/route:Route", ({ inputs, seed }) => `r-${String(inputs.routeTableId)}${parseInt(fakeHex(seed, 8), 16)}`],
  [
    "aws:route53/zone:Zone",
    ({ seed, state }) => {
      const id = `Z${fakeHex(seed, 20).toUpperCase()}`;
      state.zoneId = id;
      return id;
    },
  ],
  // A document is named by its caller.
  ["aws:ssm/document:Document", ({ inputs }) => String(inputs.name)],
  [
    "aws:ssm/association:Association",
    ({ seed, state }) => {
      // An association id is a UUID.
      const id = fakeUuid(seed);
      state.associationId = id;
      return id;
    },
  ],
  ["aws:cloudwatch/logGroup:LogGroup", autoNamed],
  ["aws:iam/role:Role", autoNamed],
  ["aws:iam/instanceProfile:InstanceProfile", autoNamed],
  // A key id is a UUID.
  ["aws:kms/key:Key", ({ seed }) => fakeUuid(seed)],
  // Adopts the VPC's default ACL: its id is the VPC's defaultNetworkAclId.
  ["aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", ({ inputs }) => String(inputs.defaultNetworkAclId)],
  ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", ({ inputs, seed }) => `${String(inputs.role)}-${fakeHex(seed, 20)}`],
  ["aws:iam/rolePolicy:RolePolicy", ({ name, inputs, seed }) => `${String(inputs.role)}:${name}-${fakeHex(seed, 7)}`],
  ["aws:route53/zoneAssociation:ZoneAssociation", ({ inputs }) => `${String(inputs.zoneId)}:${String(inputs.vpcId)}`],
  ["aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization", ({ inputs }) => `${String(inputs.zoneId)}:${String(inputs.vpcId)}`],
  [
    "aws:servicequotas/serviceQuota:ServiceQuota",
    ({ inputs, seed, state }) => {
      // A request returns at once, pending: AWS decides later.
      state.requestId = fakeHex(seed, 32);
      state.requestStatus = "PENDING";
      return `${String(inputs.serviceCode)}/${String(inputs.quotaCode)}`;
    },
  ],
  // The provider's ids: `vpn-attachment-<hash>`, and `<block>:<vpn id>` for a VPN's static route.
  ["aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment", ({ seed }) => `vpn-attachment-${fakeHex(seed, 8)}`],
  ["aws:ec2/vpnConnectionRoute:VpnConnectionRoute", ({ inputs }) => `${String(inputs.destinationCidrBlock)}:${String(inputs.vpnConnectionId)}`],
  [
    "aws-native:drs:LaunchConfigurationTemplate",
    ({ seed, state, region, importId }) => {
      // Cloud Control's primary identifier is the ARN; the template id is lct- and 17 alphanumerics.
      const arn = importId !== undefined && importId !== "" ? importId : `arn:aws:drs:${region}:${FAKE_ACCOUNT}:launch-configuration-template/lct-${fakeHex(seed, 17)}`;
      state.launchConfigurationTemplateId = arn.slice(arn.lastIndexOf("/") + 1);
      return arn;
    },
  ],
  ["aws:route53/record:Record", ({ inputs }) => `${String(inputs.zoneId)}_${String(inputs.name)}_${String(inputs.type)}`],
  // The readiness monitoring (components/readiness/): a topic's id is its ARN (awsOutputs gives it as `arn` too), an
  // alarm's and a rule's their names, a target's `<rule>-<target id>`, a subscription's the topic's ARN and a UUID.
  [
    "aws:sns/topic:Topic",
    (r) => {
      const name = autoNamed(r);
      return `arn:aws:sns:${r.region}:${FAKE_ACCOUNT}:${name}`;
    },
  ],
  ["aws:sns/topicPolicy:TopicPolicy", ({ inputs }) => String(inputs.arn)],
  ["aws:sns/topicSubscription:TopicSubscription", ({ inputs, seed }) => `${String(inputs.topic)}:${fakeUuid(seed)}`],
  ["aws:cloudwatch/metricAlarm:MetricAlarm", autoNamed],
  ["aws:cloudwatch/eventRule:EventRule", autoNamed],
  ["aws:cloudwatch/eventTarget:EventTarget", ({ inputs }) => `${String(inputs.rule)}-${String(inputs.targetId)}`],
]);

/** A resource's id: its type's rule, else the id it was imported with, else a fake id of its type's prefix. */
export function resourceId(r: NewAwsResource): string {
  const rule = ID_RULES.get(r.type);
  if (rule !== undefined) return rule(r);
  // An imported resource keeps the id it was imported with.
  if (r.importId !== undefined && r.importId !== "") return r.importId;
  const prefix = ID_PREFIXES[r.type];
  if (prefix === undefined) {
    throw new Error(`the AWS mocks do not know the resource type ${r.type} (${r.name})`);
  }
  return fakeId(prefix, r.seed);
}

/** The ARN of a resource: a KMS key in its provider's account, the others in the fake account. */
export function resourceArn(type: string, id: string, region: string, providerAccount: string): string {
  if (type === "aws-native:drs:LaunchConfigurationTemplate") return id;
  return type === "aws:kms/key:Key"
    ? `arn:aws:kms:${region}:${providerAccount}:key/${id}`
    : type === "aws:cloudwatch/logGroup:LogGroup"
      ? `arn:aws:logs:${region}:${FAKE_ACCOUNT}:log-group:${id}`
      : type === "aws:iam/role:Role"
        ? `arn:aws:iam::${FAKE_ACCOUNT}:role/${id}`
        : `arn:aws:ec2:${region}:${FAKE_ACCOUNT}:${type.split(":").pop()?.toLowerCase()}/${id}`;
}

/** What the mocks know of the subnets made so far: each one's AZ and block. */
export interface KnownSubnets {
  readonly zones: ReadonlyMap<string, string>;
  readonly blocks: ReadonlyMap<string, string>;
}

/**
 * The outputs AWS returns with a new resource: a VPC's default group and ACL, a peering's pending acceptance, an
 * endpoint's DNS entries, a VPN's tunnel addresses and keys, a resolver endpoint's addresses.
 */
export function awsOutputs(type: string, id: string, seed: string, inputs: Record<string, unknown>, subnets: KnownSubnets): Record<string, unknown> {
  if (type === "aws:ec2/vpc:Vpc") {
    // AWS makes every VPC's default security group and network ACL with it.
    return { defaultNetworkAclId: fakeId("acl", `${seed}-default`), defaultSecurityGroupId: fakeId("sg", `${seed}-default`) };
  }
  if (type === "aws:ec2/vpcPeeringConnection:VpcPeeringConnection") return { acceptStatus: "pending-acceptance" };
  if (type === "aws:ec2/vpcEndpoint:VpcEndpoint") return endpointOutputs(id, inputs, subnets.zones);
  if (type === "aws:ec2/vpnConnection:VpnConnection") return vpnOutputs(seed);
  if (type === "aws:ec2/launchTemplate:LaunchTemplate") return { latestVersion: 1, defaultVersion: 1 };
  if (type === "aws:route53/resolverEndpoint:ResolverEndpoint") return resolverOutputs(seed, inputs, subnets.blocks);
  // A topic's id is its ARN (the ID rule above).
  if (type === "aws:sns/topic:Topic") return { arn: id };
  return {};
}

/**
 * An endpoint's DNS entries (an interface endpoint's: the regional one first, then one per AZ of its subnets) and
 * network interfaces; a gateway endpoint's prefix list.
 */
function endpointOutputs(id: string, inputs: Record<string, unknown>, subnetZones: ReadonlyMap<string, string>): Record<string, unknown> {
  const serviceName = String(inputs.serviceName);
  const [, , region, ...rest] = serviceName.split(".");
  const service = rest.join(".");
  if (inputs.vpcEndpointType !== "Interface") {
    return { dnsEntries: [], prefixListId: fakeId("pl", id).slice(0, 11), networkInterfaceIds: [] };
  }
  const suffix = fakeHex(`${id}-dns`, 8);
  const subnetIds = (inputs.subnetIds as string[] | undefined) ?? [];
  const zones = subnetIds.map((s) => subnetZones.get(s) ?? "unknown-az");
  // Only S3's entries are wildcards (`*.vpce-...`: a bucket name goes in front); DRS's and EC2's are plain names.
  const wildcard = service === "s3" ? "*." : "";
  const entry = (label: string) => ({ dnsName: `${wildcard}${label}.${service}.${region}.vpce.amazonaws.com`, hostedZoneId: "Z7HUB22UULQXV" });
  return {
    dnsEntries: [entry(`${id}-${suffix}`), ...zones.map((zone) => entry(`${id}-${suffix}-${zone}`))],
    networkInterfaceIds: subnetIds.map((s) => fakeId("eni", `${id}-${s}`)),
    prefixListId: undefined,
  };
}

/**
 * A VPN's two tunnels: outside addresses (AWS's public ones; here from 198.51.100.0/24, TEST-NET-2), the keys AWS
 * generates when none is given, and the configuration document that holds them too.
 */
function vpnOutputs(seed: string): Record<string, unknown> {
  const octet = (n: number) => 1 + (parseInt(fakeHex(`${seed}-tunnel${n}`, 2), 16) % 250);
  const key = (n: number) => `k${fakeHex(`${seed}-psk${n}`, 31)}`;
  return {
    tunnel1Address: `198.51.100.${octet(1)}`,
    tunnel2Address: `198.51.100.${octet(2) === octet(1) ? octet(2) + 1 : octet(2)}`,
    tunnel1PresharedKey: key(1),
    tunnel2PresharedKey: key(2),
    customerGatewayConfiguration: `<vpn_connection><ipsec_tunnel><ike><pre_shared_key>${key(1)}</pre_shared_key></ike></ipsec_tunnel></vpn_connection>`,
  };
}

/** A resolver endpoint's addresses: one per subnet, an address AWS picks in it (here the block's tenth). */
function resolverOutputs(seed: string, inputs: Record<string, unknown>, subnetBlocks: ReadonlyMap<string, string>): Record<string, unknown> {
  const given = (inputs.ipAddresses as { subnetId?: string; ip?: string }[] | undefined) ?? [];
  return {
    ipAddresses: given.map((a, i) => ({
      subnetId: a.subnetId,
      ip: a.ip ?? tenthAddress(subnetBlocks.get(String(a.subnetId)) ?? "10.255.255.0/24"),
      ipId: `rni-${fakeHex(`${seed}-${i}`, 17)}`,
    })),
  };
}

function tenthAddress(cidrBlock: string): string {
  const [a, b, c, d] = cidrBlock.split("/")[0].split(".").map(Number);
  return `${a}.${b}.${c}.${d + 10}`;
}
