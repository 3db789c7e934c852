/**
 * The network verifier: a static model of the declared network (VPCs, subnets, route tables and routes, the
 * peering and its acceptance, endpoints with their subnets and security groups, the gateway endpoint's prefix-list
 * routes), and verdicts in the manner of AWS Reachability Analyzer: each required flow is reachable, with its path,
 * or not, with the component that blocks it; each forbidden thing is absent, or listed with its offenders.
 *
 * Pure: it reads `DeclaredResource`s, which the synth builds from the mock runtime's records and the policy pack
 * builds from the stack Pulumi is about to deploy. Resources are linked by id where ids are known, and by Pulumi's
 * property dependencies where they are not (a preview of new resources).
 *
 * Not modelled yet: network ACLs (every subnet here uses its VPC's default ACL, which allows all), and the source
 * servers' own security groups (the program declares none).
 */
import { blockContains, blocksOverlap, ipv4BlockProblem, parseIpv4Block } from "./cidr";
import { ANYWHERE, CLIENT_EPHEMERAL_PORTS, REMOTE_ADMIN_PORTS } from "./networkAcl";
import { endpointServiceName } from "./regions";

/** A declared resource, as the synth or the policy pack sees it. */
export interface DeclaredResource {
  /** The Pulumi type token, e.g. `aws:ec2/vpc:Vpc`. */
  readonly type: string;
  /** The logical name, e.g. `staging-vpc`. */
  readonly name: string;
  /** The URN: the resource's unique key. */
  readonly urn: string;
  /** The region of its provider, where known. */
  readonly region?: string;
  /** Its properties: inputs, plus outputs (such as `id`) where known. */
  readonly props: Readonly<Record<string, unknown>>;
  /** For a property, the URNs of the resources its value came from (Pulumi's property dependencies). */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** What the program knows that its resources do not say. */
export interface VerifierContext {
  /** VPCs the network uses without declaring them (an adopted source VPC), with their blocks. */
  readonly externalVpcs?: readonly { readonly id: string; readonly cidrBlock: string; readonly label?: string }[];
  /** Whether every declared VPC must have flow logs (true unless the configuration turned them off). */
  readonly requireFlowLogs?: boolean;
}

/** A component that blocks a flow or breaks a rule, and why. */
export interface Finding {
  /** The logical name of the resource, or a description of what is missing. */
  readonly component: string;
  /** What is wrong with it. */
  readonly reason: string;
}

/** One answer of the verifier. */
export interface Verdict {
  /** Stable identifier, e.g. `flow:source-subnet-0->drs-endpoint` or `forbidden:internet-gateways`. */
  readonly id: string;
  /**
   * A required flow, a forbidden thing, or a warning: something that works but that a reviewer must know (it never
   * fails the run; its `notes` say what).
   */
  readonly kind: "required-flow" | "forbidden" | "warning";
  /** What was checked, as a sentence. */
  readonly description: string;
  /** Whether the flow is reachable, or the forbidden thing absent. */
  readonly passed: boolean;
  /** For a flow: what crosses, e.g. `TCP 443`, `TCP 1500`, `S3 prefix list`. */
  readonly flow?: string;
  /** For a flow: the logical names of the resources at its two ends, for diagrams. */
  readonly between?: { readonly from: string; readonly to: string };
  /** For a reachable flow: the hops, there and back. */
  readonly path?: readonly string[];
  /** For an unreachable flow: the first component that blocks it. */
  readonly blockedBy?: Finding;
  /** For a failed forbidden check: every offender. */
  readonly offenders?: readonly Finding[];
  /** Anything the verdict could not check, and why. */
  readonly notes?: readonly string[];
}

/** Resource types that give a VPC a path to or from the internet. */
export const INTERNET_FACING_TYPES: Readonly<Record<string, string>> = {
  "aws:ec2/internetGateway:InternetGateway": "an Internet Gateway",
  "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment": "an Internet Gateway attachment",
  "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": "an egress-only Internet Gateway",
  "aws:ec2/natGateway:NatGateway": "a NAT gateway",
  "aws:ec2/eip:Eip": "an Elastic IP",
  "aws:ec2/eipAssociation:EipAssociation": "an Elastic IP association",
};

const TYPE = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  routeTable: "aws:ec2/routeTable:RouteTable",
  defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
  association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  route: "aws:ec2/route:Route",
  peering: "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
  accepter: "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  template: "aws:drs/replicationConfigurationTemplate:ReplicationConfigurationTemplate",
  zone: "aws:route53/zone:Zone",
  networkAcl: "aws:ec2/networkAcl:NetworkAcl",
  defaultNetworkAcl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
  networkAclRule: "aws:ec2/networkAclRule:NetworkAclRule",
  networkAclAssociation: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
  flowLog: "aws:ec2/flowLog:FlowLog",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  record: "aws:route53/record:Record",
  zoneAssociation: "aws:route53/zoneAssociation:ZoneAssociation",
  groupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  instance: "aws:ec2/instance:Instance",
} as const;

// ---------------------------------------------------------------------------------------------------------------
// The model

interface VpcNode {
  readonly key: string;
  readonly name: string;
  cidr?: string;
  cidrInferred?: boolean;
  readonly declared: boolean;
}

interface SubnetNode {
  readonly name: string;
  readonly vpc?: VpcNode;
  readonly cidr?: string;
}

interface RouteNode {
  readonly name: string;
  readonly table: RouteTableNode;
  readonly destination?: string;
  readonly destinationIpv6?: string;
  /** The peering it targets, or what else it targets (`gatewayId igw-...`). */
  readonly peering?: PeeringNode;
  readonly otherTarget?: string;
}

interface RouteTableNode {
  readonly key: string;
  readonly name: string;
  vpc?: VpcNode;
  readonly routes: RouteNode[];
}

interface PeeringNode {
  readonly name: string;
  readonly key: string;
  readonly requester?: VpcNode;
  readonly accepter?: VpcNode;
  readonly peerRegion?: string;
  /** The requester's region. */
  readonly region?: string;
  accepted: boolean;
}

/**
 * A reference inside a security group rule to another group or a prefix list: its id, or, where the id is not
 * known yet (a preview), the URNs of the resources the rule's property depends on.
 */
type RuleRef = string | { readonly dependsOn: readonly string[] };

interface RuleNode {
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrs: readonly string[];
  readonly ipv6Cidrs: readonly string[];
  /** Security groups the rule names (source for ingress, destination for egress). */
  readonly groups: readonly RuleRef[];
  /** Prefix lists the rule names. */
  readonly prefixLists: readonly RuleRef[];
}

interface SecurityGroupNode {
  readonly name: string;
  /** False for a group the stack names by id but does not declare: its rules are unknown. */
  readonly declared: boolean;
  readonly vpc?: VpcNode;
  readonly ingress: RuleNode[];
  readonly egress: RuleNode[];
  /** The declared resource, to match references to it. */
  readonly resource?: DeclaredResource;
  /** Whether it is a VPC's default group. */
  readonly isDefault?: boolean;
}

interface EndpointNode {
  readonly resource: DeclaredResource;
  readonly name: string;
  readonly vpc?: VpcNode;
  readonly serviceName: string;
  readonly type: string;
  readonly subnets: SubnetNode[];
  readonly securityGroups: SecurityGroupNode[];
  readonly routeTables: RouteTableNode[];
}

interface NaclRuleNode {
  readonly ruleNo: number;
  readonly allow: boolean;
  readonly protocol: string;
  readonly cidr?: string;
  readonly fromPort: number;
  readonly toPort: number;
}

interface NaclNode {
  readonly name: string;
  readonly ingress: NaclRuleNode[];
  readonly egress: NaclRuleNode[];
}

/** A reference from one resource to another: a declared resource, or an id the stack does not declare. */
type Target = { readonly resource: DeclaredResource } | { readonly external: string };

class NetworkModel {
  readonly byUrn = new Map<string, DeclaredResource>();
  /** Resources by type, and by type and id: built once, so following a reference costs no scan. */
  private readonly byType = new Map<string, DeclaredResource[]>();
  private readonly byTypeAndId = new Map<string, DeclaredResource>();
  readonly vpcs = new Map<string, VpcNode>();
  readonly subnets = new Map<string, SubnetNode>();
  readonly tables = new Map<string, RouteTableNode>();
  readonly subnetTable = new Map<SubnetNode, RouteTableNode>();
  readonly peerings = new Map<string, PeeringNode>();
  readonly groups = new Map<string, SecurityGroupNode>();
  readonly endpoints: EndpointNode[] = [];
  /** Each subnet's network ACL, where the stack declares one; the others use their VPC's default ACL. */
  readonly subnetAcl = new Map<SubnetNode, NaclNode>();
  /** Each VPC's default network ACL, where the stack manages it; an unmanaged one allows everything. */
  readonly vpcDefaultAcl = new Map<VpcNode, NaclNode>();
  /** Every network ACL the stack declares, with its VPC. */
  readonly acls: { readonly acl: NaclNode; readonly vpc?: VpcNode }[] = [];
  readonly notes: string[] = [];
  private readonly externalBlocks: Map<string, string>;

  constructor(
    readonly resources: readonly DeclaredResource[],
    context: VerifierContext,
  ) {
    for (const r of resources) {
      this.byUrn.set(r.urn, r);
      this.byType.set(r.type, [...(this.byType.get(r.type) ?? []), r]);
      if (typeof r.props.id === "string" && !this.byTypeAndId.has(`${r.type} ${r.props.id}`)) this.byTypeAndId.set(`${r.type} ${r.props.id}`, r);
    }
    this.externalBlocks = new Map((context.externalVpcs ?? []).map((v) => [v.id, v.cidrBlock]));

    for (const r of this.ofType(TYPE.vpc)) {
      this.vpcs.set(r.urn, { key: r.urn, name: r.name, cidr: str(r.props.cidrBlock), declared: true });
    }
    for (const r of this.ofType(TYPE.subnet)) {
      this.subnets.set(r.urn, { name: r.name, vpc: this.vpcOf(this.ref(r, "vpcId", TYPE.vpc)[0]), cidr: str(r.props.cidrBlock) });
    }
    for (const r of this.ofType(TYPE.routeTable)) {
      const table: RouteTableNode = { key: r.urn, name: r.name, vpc: this.vpcOf(this.ref(r, "vpcId", TYPE.vpc)[0]), routes: [] };
      this.tables.set(r.urn, table);
    }
    for (const r of this.ofType(TYPE.association)) {
      const subnet = this.declared(this.ref(r, "subnetId", TYPE.subnet)[0], this.subnets);
      const table = this.tableOf(this.ref(r, "routeTableId", TYPE.routeTable)[0]);
      if (subnet !== undefined && table !== undefined) this.subnetTable.set(subnet, table);
    }
    for (const r of this.ofType(TYPE.peering)) {
      this.peerings.set(r.urn, {
        key: r.urn,
        name: r.name,
        requester: this.vpcOf(this.ref(r, "vpcId", TYPE.vpc)[0]),
        accepter: this.vpcOf(this.ref(r, "peerVpcId", TYPE.vpc)[0]),
        peerRegion: str(r.props.peerRegion) ?? r.region,
        region: r.region,
        accepted: r.props.autoAccept === true && (r.props.peerRegion === undefined || r.props.peerRegion === r.region),
      });
    }
    for (const r of this.ofType(TYPE.accepter)) {
      const peering = this.declared(this.peeringRef(r, "vpcPeeringConnectionId"), this.peerings);
      if (peering !== undefined && (r.props.autoAccept === true || r.props.acceptStatus === "active")) peering.accepted = true;
    }
    for (const r of this.ofType(TYPE.route)) {
      const target = this.ref(r, "routeTableId", TYPE.routeTable)[0];
      const table = this.tableOf(target);
      if (table === undefined) continue;
      const peeringTarget = this.peeringRef(r, "vpcPeeringConnectionId");
      table.routes.push({
        name: r.name,
        table,
        destination: str(r.props.destinationCidrBlock),
        destinationIpv6: str(r.props.destinationIpv6CidrBlock),
        peering: peeringTarget !== undefined ? this.declared(peeringTarget, this.peerings) : undefined,
        otherTarget: otherRouteTarget(r.props),
      });
      // A route table the stack does not declare belongs to the undeclared side of the peering it routes to.
      if (table.vpc === undefined && peeringTarget !== undefined) {
        const peering = this.declared(peeringTarget, this.peerings);
        table.vpc = [peering?.requester, peering?.accepter].find((v) => v !== undefined && !v.declared);
      }
    }
    for (const r of [...this.ofType(TYPE.securityGroup), ...this.ofType(TYPE.defaultSecurityGroup)]) {
      this.groups.set(r.urn, {
        name: r.name,
        declared: true,
        resource: r,
        isDefault: r.type === TYPE.defaultSecurityGroup,
        vpc: this.vpcOf(this.ref(r, "vpcId", TYPE.vpc)[0]),
        ingress: inlineRules(r, "ingress"),
        egress: inlineRules(r, "egress"),
      });
    }
    for (const r of [...this.ofType(TYPE.ingressRule), ...this.ofType(TYPE.egressRule), ...this.ofType(TYPE.groupRule)]) {
      const group = this.declared(this.ref(r, "securityGroupId", TYPE.securityGroup)[0], this.groups);
      const ingress = r.type === TYPE.ingressRule || (r.type === TYPE.groupRule && r.props.type === "ingress");
      (ingress ? group?.ingress : group?.egress)?.push(...separateRule(r));
    }
    for (const r of this.ofType(TYPE.endpoint)) {
      this.endpoints.push({
        resource: r,
        name: r.name,
        vpc: this.vpcOf(this.ref(r, "vpcId", TYPE.vpc)[0]),
        serviceName: str(r.props.serviceName) ?? "",
        type: str(r.props.vpcEndpointType) ?? "Gateway",
        subnets: this.ref(r, "subnetIds", TYPE.subnet).map((t) => this.declared(t, this.subnets) ?? { name: describeTarget(t) }),
        securityGroups: this.ref(r, "securityGroupIds", TYPE.securityGroup).map(
          (t) => this.declared(t, this.groups) ?? { name: describeTarget(t), declared: false, ingress: [], egress: [] },
        ),
        routeTables: this.ref(r, "routeTableIds", TYPE.routeTable).flatMap((t) => this.tableOf(t) ?? []),
      });
    }
    const acls = new Map<string, NaclNode>();
    for (const r of this.ofType(TYPE.defaultNetworkAcl)) {
      // The VPC whose defaultNetworkAclId it adopts: by id, or in a preview by the property's dependency.
      const vpcResource =
        this.ofType(TYPE.vpc).find((v) => typeof r.props.defaultNetworkAclId === "string" && v.props.defaultNetworkAclId === r.props.defaultNetworkAclId) ??
        this.ofType(TYPE.vpc).find((v) => (r.propertyDependencies?.defaultNetworkAclId ?? []).includes(v.urn));
      const vpc = vpcResource !== undefined ? this.vpcs.get(vpcResource.urn) : undefined;
      const acl: NaclNode = { name: r.name, ingress: naclRules(r.props.ingress), egress: naclRules(r.props.egress) };
      this.acls.push({ acl, vpc });
      if (vpc !== undefined) this.vpcDefaultAcl.set(vpc, acl);
    }
    for (const r of this.ofType(TYPE.networkAcl)) {
      const acl: NaclNode = { name: r.name, ingress: naclRules(r.props.ingress), egress: naclRules(r.props.egress) };
      acls.set(r.urn, acl);
      this.acls.push({ acl, vpc: this.vpcOf(this.ref(r, "vpcId", TYPE.vpc)[0]) });
      for (const t of this.ref(r, "subnetIds", TYPE.subnet)) {
        const subnet = this.declared(t, this.subnets);
        if (subnet !== undefined) this.subnetAcl.set(subnet, acl);
      }
    }
    for (const r of this.ofType(TYPE.networkAclRule)) {
      const acl = this.declared(this.ref(r, "networkAclId", TYPE.networkAcl)[0], acls);
      const rule = naclRules([{ ruleNo: r.props.ruleNumber, action: r.props.ruleAction, protocol: r.props.protocol, cidrBlock: r.props.cidrBlock, fromPort: r.props.fromPort, toPort: r.props.toPort }])[0];
      if (acl !== undefined) (r.props.egress === true ? acl.egress : acl.ingress).push(rule);
    }
    for (const r of this.ofType(TYPE.networkAclAssociation)) {
      const acl = this.declared(this.ref(r, "networkAclId", TYPE.networkAcl)[0], acls);
      const subnet = this.declared(this.ref(r, "subnetId", TYPE.subnet)[0], this.subnets);
      if (acl !== undefined && subnet !== undefined) this.subnetAcl.set(subnet, acl);
    }
    this.inferExternalBlocks();
  }

  /** The declared security groups a property names. */
  groupsOf(r: DeclaredResource, prop: string): SecurityGroupNode[] {
    return this.ref(r, prop, TYPE.securityGroup).flatMap((t) => this.declared(t, this.groups) ?? []);
  }

  /** The network ACL a subnet uses: its own, else its VPC's managed default ACL; `undefined` allows everything. */
  aclOf(subnet: SubnetNode | undefined): NaclNode | undefined {
    if (subnet === undefined) return undefined;
    return this.subnetAcl.get(subnet) ?? (subnet.vpc !== undefined ? this.vpcDefaultAcl.get(subnet.vpc) : undefined);
  }

  /** The declared subnet a property names. */
  subnetOf(r: DeclaredResource, prop: string): SubnetNode | undefined {
    return this.declared(this.ref(r, prop, TYPE.subnet)[0], this.subnets);
  }

  /** The VPC a reference names; an undeclared one becomes an external node, with its block from the context. */
  vpcOf(target: Target | undefined): VpcNode | undefined {
    if (target === undefined) return undefined;
    if ("resource" in target) return this.vpcs.get(target.resource.urn);
    const key = `external:${target.external}`;
    let node = this.vpcs.get(key);
    if (node === undefined) {
      node = { key, name: target.external, cidr: this.externalBlocks.get(target.external), declared: false };
      this.vpcs.set(key, node);
    }
    return node;
  }

  ofType(type: string): DeclaredResource[] {
    return this.byType.get(type) ?? [];
  }

  /**
   * The resources a property refers to. Property dependencies of the wanted type win (they are all there is in a
   * preview); then values matched to declared ids; a value that matches no declared resource is external.
   */
  ref(r: DeclaredResource, prop: string, type: string): Target[] {
    const deps = (r.propertyDependencies?.[prop] ?? []).flatMap((urn) => {
      const dep = this.byUrn.get(urn);
      return dep !== undefined && dep.type === type ? [{ resource: dep }] : [];
    });
    if (deps.length > 0) return deps;
    const value = r.props[prop];
    const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    return values.filter((v): v is string => typeof v === "string" && v !== "").map((id) => {
      const resource = this.byTypeAndId.get(`${type} ${id}`);
      return resource !== undefined ? { resource } : { external: id };
    });
  }

  /**
   * The peering a property names. A route made after the acceptance takes its id from the accepter (the same pcx
   * id), so in a preview its dependency is the accepter: follow it to the peering.
   */
  private peeringRef(r: DeclaredResource, prop: string): Target | undefined {
    const direct = this.ref(r, prop, TYPE.peering)[0];
    if (direct !== undefined) return direct;
    const accepter = this.ref(r, prop, TYPE.accepter).find((t) => "resource" in t && t.resource !== r);
    return accepter !== undefined && "resource" in accepter ? this.ref(accepter.resource, "vpcPeeringConnectionId", TYPE.peering)[0] : undefined;
  }

  private declared<T>(target: Target | undefined, nodes: Map<string, T>): T | undefined {
    return target !== undefined && "resource" in target ? nodes.get(target.resource.urn) : undefined;
  }

  private tableOf(target: Target | undefined): RouteTableNode | undefined {
    if (target === undefined) return undefined;
    if ("resource" in target) return this.tables.get(target.resource.urn);
    const key = `external:${target.external}`;
    let table = this.tables.get(key);
    if (table === undefined) {
      table = { key, name: target.external, routes: [] };
      this.tables.set(key, table);
    }
    return table;
  }

  /** An undeclared VPC's block, when not given, is what the other side routes to it through the peering. */
  private inferExternalBlocks(): void {
    for (const vpc of this.vpcs.values()) {
      if (vpc.declared || vpc.cidr !== undefined) continue;
      const destinations = new Set(
        [...this.tables.values()].flatMap((t) =>
          t.routes.filter((r) => r.peering !== undefined && (r.peering.requester === vpc || r.peering.accepter === vpc) && t.vpc !== vpc).map((r) => r.destination ?? ""),
        ),
      );
      if (destinations.size === 1) {
        vpc.cidr = [...destinations][0];
        vpc.cidrInferred = true;
        this.notes.push(`the block of ${vpc.name}, which the stack does not declare, is taken to be ${vpc.cidr}, the block the peer VPC routes to it`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Verdicts

/** Run every check on a declared network. */
export function verifyNetwork(resources: readonly DeclaredResource[], context: VerifierContext = {}): Verdict[] {
  const model = new NetworkModel(resources, context);
  return [...requiredFlows(model), ...dnsChecks(model), ...forbiddenChecks(model, context.requireFlowLogs !== false), ...warnings(model)];
}

/**
 * Warnings: a peering within one region means the DR copy shares the servers' region. DRS works that way (AZ-level
 * recovery), so it is not refused, but a regional outage would take both.
 */
function warnings(model: NetworkModel): Verdict[] {
  return [...model.peerings.values()]
    .filter((p) => p.region !== undefined && p.peerRegion === p.region)
    .map((p) => ({
      id: `warning:same-region:${p.name}`,
      kind: "warning" as const,
      description: `the DR copy is in another region than the servers it protects (${p.name})`,
      passed: true,
      notes: [`${p.name} joins two VPCs of ${p.region}: the DR copy is not regionally isolated, and an outage of ${p.region} would take the servers and their DRS copy alike`],
    }));
}

/** Whether every verdict passed. */
export function allPassed(verdicts: readonly Verdict[]): boolean {
  return verdicts.every((v) => v.passed);
}

/** Where a flow starts: a subnet, or for an undeclared VPC one of its route tables standing for its block. */
interface Origin {
  readonly name: string;
  /** The resource that stands for the origin in a diagram: its subnet, or its VPC. */
  readonly node: string;
  readonly cidr?: string;
  readonly vpc?: VpcNode;
  readonly table?: RouteTableNode;
  /** The component named when the origin has no route table. */
  readonly subnet?: SubnetNode;
  /** The security groups the origin's servers wear; their egress is checked when there are any. */
  readonly groups: readonly SecurityGroupNode[];
}

type Hops = { readonly hops: string[] } | { readonly blocked: Finding };

/** The peerings into each staging VPC: every source is peered with the one staging VPC. */
function peeringsByStaging(model: NetworkModel): Map<VpcNode, PeeringNode[]> {
  const groups = new Map<VpcNode, PeeringNode[]>();
  for (const peering of model.peerings.values()) {
    if (peering.requester === undefined || peering.accepter === undefined || peering.peerRegion === undefined) continue;
    groups.set(peering.accepter, [...(groups.get(peering.accepter) ?? []), peering]);
  }
  return groups;
}

function requiredFlows(model: NetworkModel): Verdict[] {
  const verdicts: Verdict[] = [];
  const templates = model.ofType(TYPE.template);
  for (const [staging, peerings] of peeringsByStaging(model)) {
    const drRegion = peerings[0].peerRegion as string;
    const find = (region: string, service: string, type: string, vpc: VpcNode) => {
      const serviceName = endpointServiceName(region, service);
      const matching = model.endpoints.filter((e) => e.serviceName === serviceName && e.type === type);
      return matching.find((e) => e.vpc === vpc) ?? matching[0];
    };
    const drs = find(drRegion, "drs", "Interface", staging);
    const ec2 = find(drRegion, "ec2", "Interface", staging);
    const s3 = find(drRegion, "s3", "Interface", staging);
    const s3Gateway = find(drRegion, "s3", "Gateway", staging);
    const replication = templates.map((template) => {
      const stagingArea = model.subnetOf(template, "stagingAreaSubnetId");
      const servers: Origin = {
        name: `replication servers in ${stagingArea?.name ?? "the staging area"}`,
        node: stagingArea?.name ?? template.name,
        cidr: stagingArea?.cidr,
        vpc: stagingArea?.vpc,
        table: stagingArea !== undefined ? model.subnetTable.get(stagingArea) : undefined,
        subnet: stagingArea,
        groups: model.groupsOf(template, "replicationServersSecurityGroupsIds"),
      };
      return { template, servers };
    });

    for (const peering of peerings) {
      const source = peering.requester as VpcNode;
      // The source VPC's own gateway endpoint (OS package repositories) is optional: checked only when declared.
      const repositories = peering.region !== undefined ? model.endpoints.find((e) => e.vpc === source && e.type === "Gateway" && e.serviceName === endpointServiceName(peering.region ?? "", "s3")) : undefined;
      // The servers to protect wear the source VPC's own groups (the program's source-server group), when there are any.
      const sourceGroups = [...model.groups.values()].filter((g) => g.vpc === source && g.declared && g.isDefault !== true);
      for (const origin of originsOf(model, source, sourceGroups)) {
        verdicts.push(...[drs, s3, ec2].map((e, i) => interfaceFlow(model, origin, e, ["DRS", "S3", "EC2"][i], staging)));
        if (repositories !== undefined) verdicts.push(gatewayFlow(model, origin, repositories, "the OS package repositories"));
        // With DRS replication declared: TCP 1500 from every source origin to the staging area.
        for (const { template, servers } of replication) verdicts.push(replicationFlow(model, origin, servers, template));
      }
    }
    for (const origin of originsOf(model, staging, [])) {
      verdicts.push(...[drs, ec2].map((e, i) => interfaceFlow(model, origin, e, ["DRS", "EC2"][i], staging)), gatewayFlow(model, origin, s3Gateway, "S3"));
    }
    // The replication servers' own path to the endpoints.
    for (const { servers } of replication) {
      verdicts.push(...[drs, ec2].map((e, i) => interfaceFlow(model, servers, e, ["DRS", "EC2"][i], staging)), gatewayFlow(model, servers, s3Gateway, "S3"));
    }
  }
  if (model.peerings.size === 0) {
    verdicts.push({
      id: "flow:peering",
      kind: "required-flow",
      description: "a VPC peering joins the source VPC to the staging VPC",
      passed: false,
      blockedBy: { component: "VPC peering", reason: "is not declared, so no source subnet can reach the staging VPC" },
    });
  }
  return verdicts;
}

function originsOf(model: NetworkModel, vpc: VpcNode, groups: readonly SecurityGroupNode[]): Origin[] {
  const subnets = [...model.subnets.values()].filter((s) => s.vpc === vpc);
  if (subnets.length > 0) {
    return subnets.map((s) => ({ name: s.name, node: s.name, cidr: s.cidr, vpc, table: model.subnetTable.get(s), subnet: s, groups }));
  }
  return [...model.tables.values()]
    .filter((t) => t.vpc === vpc)
    .map((t) => ({ name: `${vpc.name} via ${t.name}`, node: vpc.name, cidr: vpc.cidr, vpc, table: t, groups }));
}

function flowId(origin: Origin, target: string): string {
  return `flow:${origin.name}->${target}`;
}

function interfaceFlow(model: NetworkModel, origin: Origin, endpoint: EndpointNode | undefined, label: string, staging: VpcNode): Verdict {
  const id = flowId(origin, endpoint?.name ?? `${label.toLowerCase()}-interface-endpoint`);
  const description = `${origin.name} (${origin.cidr ?? "block unknown"}) reaches the ${label} interface endpoint on TCP 443, and the replies come back`;
  const between = { from: origin.node, to: endpoint?.name ?? `${label} interface endpoint` };
  const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", flow: "TCP 443", between, description, passed: false, blockedBy });
  if (endpoint === undefined) {
    return fail({ component: `${label} interface endpoint`, reason: "is not declared" });
  }
  if (origin.cidr === undefined) {
    return fail({ component: origin.name, reason: "has no known IPv4 block" });
  }
  if (endpoint.vpc !== staging) {
    return fail({ component: endpoint.name, reason: `is in ${endpoint.vpc?.name ?? "an unknown VPC"}, not in the staging VPC ${staging.name}` });
  }
  if (endpoint.subnets.length === 0) {
    return fail({ component: endpoint.name, reason: "has no subnets, so it has no network interface to reach" });
  }
  const stray = endpoint.subnets.find((s) => s.vpc === undefined || s.vpc !== endpoint.vpc);
  if (stray !== undefined) {
    return fail({ component: endpoint.name, reason: `its subnet ${stray.name} is not in the endpoint's VPC ${endpoint.vpc?.name ?? "(unknown)"}` });
  }
  const foreignGroup = endpoint.securityGroups.find((g) => g.vpc !== undefined && g.vpc !== endpoint.vpc);
  if (foreignGroup !== undefined) {
    return fail({ component: endpoint.name, reason: `its security group ${foreignGroup.name} is in ${foreignGroup.vpc?.name}, not in the endpoint's VPC` });
  }
  const admitted = admits(endpoint.securityGroups, origin, 443, endpoint.name);
  if ("blocked" in admitted) return fail(admitted.blocked);

  let path: string[] | undefined;
  for (const subnet of endpoint.subnets) {
    const out = egressAllows(origin, 443, { cidr: subnet.cidr, groups: endpoint.securityGroups }, `the ${label} endpoint`);
    if ("blocked" in out) return fail(out.blocked);
    const there = route(origin.vpc, origin.table, origin.subnet ?? origin.name, subnet.cidr ?? "", endpoint.vpc);
    if ("blocked" in there) return fail(there.blocked);
    const back = route(subnet.vpc, model.subnetTable.get(subnet), subnet, origin.cidr, origin.vpc);
    if ("blocked" in back) return fail(back.blocked);
    const acls = naclsAllow(model, origin, { subnet, cidr: subnet.cidr ?? "" }, 443);
    if ("blocked" in acls) return fail(acls.blocked);
    path ??= [origin.name, ...out.hops, ...there.hops, ...acls.hops, `${subnet.name} (${subnet.cidr})`, ...admitted.hops, endpoint.name, ...back.hops.map((h) => `back: ${h}`)];
  }
  const others = endpoint.subnets.length - 1;
  return {
    id,
    kind: "required-flow",
    flow: "TCP 443",
    between,
    description,
    passed: true,
    path: others > 0 ? [...(path ?? []), `(and the same to its ${others} other subnet${others === 1 ? "" : "s"})`] : path,
  };
}

/** TCP 1500 from a source origin to the replication servers in the staging area, and back. */
function replicationFlow(model: NetworkModel, origin: Origin, servers: Origin, template: DeclaredResource): Verdict {
  const id = flowId(origin, template.name);
  const description = `${origin.name} (${origin.cidr ?? "block unknown"}) reaches the replication servers in the staging area on TCP 1500, and the replies come back`;
  const between = { from: origin.node, to: servers.node };
  const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", flow: "TCP 1500", between, description, passed: false, blockedBy });
  if (servers.subnet === undefined || servers.cidr === undefined) {
    return fail({ component: template.name, reason: "names no staging area subnet declared in this stack" });
  }
  if (origin.cidr === undefined) return fail({ component: origin.name, reason: "has no known IPv4 block" });
  if (servers.groups.length === 0) {
    return fail({ component: template.name, reason: "names no replication server security group declared in this stack" });
  }
  if (template.props.dataPlaneRouting !== "PRIVATE_IP") {
    return fail({ component: template.name, reason: `replicates over ${String(template.props.dataPlaneRouting ?? "an unset route")}, not PRIVATE_IP, so the data would not use the peering` });
  }
  const out = egressAllows(origin, 1500, { cidr: servers.cidr, groups: servers.groups }, "the replication servers");
  if ("blocked" in out) return fail(out.blocked);
  const there = route(origin.vpc, origin.table, origin.subnet ?? origin.name, servers.cidr, servers.vpc);
  if ("blocked" in there) return fail(there.blocked);
  const admitted = admits(servers.groups, origin, 1500, template.name);
  if ("blocked" in admitted) return fail(admitted.blocked);
  const back = route(servers.vpc, servers.table, servers.subnet, origin.cidr, origin.vpc);
  if ("blocked" in back) return fail(back.blocked);
  const acls = naclsAllow(model, origin, { subnet: servers.subnet, cidr: servers.cidr }, 1500);
  if ("blocked" in acls) return fail(acls.blocked);
  return {
    id,
    kind: "required-flow",
    flow: "TCP 1500",
    between,
    description,
    passed: true,
    path: [origin.name, ...out.hops, ...there.hops, ...acls.hops, `${servers.subnet.name} (${servers.cidr})`, ...admitted.hops, "replication servers", ...back.hops.map((h) => `back: ${h}`)],
  };
}

function gatewayFlow(model: NetworkModel, origin: Origin, gateway: EndpointNode | undefined, what: string): Verdict {
  const id = flowId(origin, gateway?.name ?? "s3-gateway-endpoint");
  const description = `${origin.name} (${origin.cidr ?? "block unknown"}) reaches ${what} through the S3 gateway endpoint`;
  const between = { from: origin.node, to: gateway?.name ?? "S3 gateway endpoint" };
  const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", flow: "S3 prefix list", between, description, passed: false, blockedBy });
  if (gateway === undefined) return fail({ component: "S3 gateway endpoint", reason: "is not declared" });
  if (gateway.vpc !== origin.vpc) {
    return fail({ component: gateway.name, reason: `is in ${gateway.vpc?.name ?? "an unknown VPC"}, not in ${origin.vpc?.name ?? "the subnet's VPC"}` });
  }
  if (origin.table === undefined) {
    return fail({ component: origin.name, reason: "has no route table association (the main route table has no S3 prefix-list route)" });
  }
  if (!gateway.routeTables.includes(origin.table)) {
    return fail({ component: origin.table.name, reason: `has no S3 prefix-list route: ${gateway.name} is not attached to it` });
  }
  const out = egressAllows(origin, 443, { prefixListOf: gateway }, "the S3 prefix list");
  if ("blocked" in out) return fail(out.blocked);
  const acls = naclsAllow(model, origin, "S3", 443);
  if ("blocked" in acls) return fail(acls.blocked);
  return { id, kind: "required-flow", flow: "S3 prefix list", between, description, passed: true, path: [origin.name, ...out.hops, ...acls.hops, `${origin.table.name} (S3 prefix list)`, gateway.name] };
}

/**
 * Whether the network ACLs on the way let a TCP connection to `port` through, and its replies back on the clients'
 * ephemeral ports: out of the origin's subnet and into the destination's, then back. S3 through a gateway endpoint
 * has no block a network ACL could name: its rules must name 0.0.0.0/0. Traffic within one subnet is not filtered.
 */
function naclsAllow(model: NetworkModel, origin: Origin, destination: { subnet: SubnetNode; cidr: string } | "S3", port: number): Hops {
  const to = destination === "S3" ? undefined : destination.subnet;
  if (origin.subnet !== undefined && origin.subnet === to) return { hops: [] };
  const toCidr = destination === "S3" ? "S3" : destination.cidr;
  const fromAcl = model.aclOf(origin.subnet);
  const toAcl = model.aclOf(to);
  const replies = `the replies (TCP ${CLIENT_EPHEMERAL_PORTS.from}-${CLIENT_EPHEMERAL_PORTS.to})`;
  const checks: [NaclNode | undefined, "ingress" | "egress", { from: number; to: number }, string, string][] = [
    [fromAcl, "egress", { from: port, to: port }, toCidr, `out TCP ${port} to ${toCidr}`],
    [toAcl, "ingress", { from: port, to: port }, origin.cidr ?? "", `in TCP ${port} from ${origin.cidr}`],
    [toAcl, "egress", CLIENT_EPHEMERAL_PORTS, origin.cidr ?? "", `out ${replies} to ${origin.cidr}`],
    [fromAcl, "ingress", CLIENT_EPHEMERAL_PORTS, toCidr, `in ${replies} from ${toCidr}`],
  ];
  const hops: string[] = [];
  for (const [acl, direction, ports, cidr, what] of checks) {
    if (acl === undefined) continue;
    const decisions = naclDecisions(acl[direction], "tcp", ports, cidr, "required");
    const refused = decisions.find((d) => d.rule === undefined || !d.rule.allow);
    if (refused !== undefined) {
      const which = refused.from === ports.from && refused.to === ports.to ? "" : ` on ${refused.from === refused.to ? refused.from : `${refused.from}-${refused.to}`}`;
      return { blocked: { component: acl.name, reason: `does not let ${what}${which}${refused.rule !== undefined ? ` (rule ${refused.rule.ruleNo} denies)` : ""}` } };
    }
    hops.push(`${acl.name}: rule ${[...new Set(decisions.map((d) => d.rule?.ruleNo))].join(", ")} ${direction === "ingress" ? "in" : "out"}`);
  }
  return { hops };
}

/**
 * How a network ACL's rules, lowest number first, decide traffic of `protocol` on `ports` with `cidr` at the other
 * end: the port ranges, each with the rule that decides it (none: the implicit deny). `required` asks whether all of
 * `cidr` passes (an allow must hold the whole block, a deny that touches it counts); `forbidden` whether any of it
 * can (an allow that touches it counts, a deny must hold it all); `exact` reads rules for exactly that block, as
 * Security Hub does for 0.0.0.0/0. `S3` stands for the gateway endpoint's addresses, which only 0.0.0.0/0 names.
 */
export function naclDecisions(
  rules: readonly NaclRuleNode[],
  protocol: "tcp" | "udp" | "icmp" | "other",
  ports: { readonly from: number; readonly to: number },
  cidr: string,
  mode: "required" | "forbidden" | "exact",
): { from: number; to: number; rule?: NaclRuleNode }[] {
  const flow = cidr === "S3" || ipv4BlockProblem(cidr) !== undefined ? undefined : parseIpv4Block(cidr);
  const applies = (rule: NaclRuleNode): boolean => {
    if (rule.cidr === undefined || ipv4BlockProblem(rule.cidr) !== undefined) return false;
    if (cidr === "S3") return rule.cidr === ANYWHERE;
    if (flow === undefined) return false;
    const block = parseIpv4Block(rule.cidr);
    const wholeBlock = mode === "exact" || (mode === "required" ? rule.allow : !rule.allow);
    return wholeBlock ? blockContains(block, flow) : blocksOverlap(block, flow);
  };
  let open = [{ from: ports.from, to: ports.to }];
  const decided: { from: number; to: number; rule?: NaclRuleNode }[] = [];
  for (const rule of [...rules].sort((a, b) => a.ruleNo - b.ruleNo)) {
    if (open.length === 0) break;
    const anyProtocol = rule.protocol === "-1" || rule.protocol === "all";
    if (!anyProtocol && PROTOCOL_NAMES[rule.protocol] !== protocol) continue;
    if (!applies(rule)) continue;
    // Ports apply to TCP and UDP rules only.
    const [low, high] = anyProtocol || protocol === "icmp" || protocol === "other" ? [-Infinity, Infinity] : [rule.fromPort, rule.toPort];
    open = open.flatMap((range) => {
      const from = Math.max(range.from, low);
      const to = Math.min(range.to, high);
      if (from > to) return [range];
      decided.push({ from, to, rule });
      return [...(range.from < from ? [{ from: range.from, to: from - 1 }] : []), ...(to < range.to ? [{ from: to + 1, to: range.to }] : [])];
    });
  }
  return [...decided, ...open].sort((a, b) => a.from - b.from);
}

/** Protocol names and numbers as network ACL rules write them. */
const PROTOCOL_NAMES: Readonly<Record<string, string>> = { tcp: "tcp", "6": "tcp", udp: "udp", "17": "udp", icmp: "icmp", "1": "icmp" };

/** The route from a VPC (through `table`) to `destination` in `toVpc`: local, or through an accepted peering. */
function route(
  fromVpc: VpcNode | undefined,
  table: RouteTableNode | undefined,
  from: SubnetNode | string,
  destination: string,
  toVpc: VpcNode | undefined,
): Hops {
  if (fromVpc !== undefined && fromVpc === toVpc) return { hops: ["local route"] };
  const fromName = typeof from === "string" ? from : from.name;
  if (table === undefined) {
    return { blocked: { component: fromName, reason: "has no route table association (the main route table has only the local route)" } };
  }
  const dest = parseIpv4Block(destination);
  const matching = table.routes
    .filter((r) => r.destination !== undefined && ipv4BlockProblem(r.destination) === undefined && blockContains(parseIpv4Block(r.destination), dest))
    .sort((a, b) => parseIpv4Block(b.destination ?? "").prefixLength - parseIpv4Block(a.destination ?? "").prefixLength);
  const best = matching[0];
  if (best === undefined) {
    return { blocked: { component: table.name, reason: `has no route to ${destination}` } };
  }
  const peering = best.peering;
  if (peering === undefined) {
    return { blocked: { component: best.name, reason: `sends ${best.destination} to ${best.otherTarget ?? "something other than a peering"}, not to a peering with ${toVpc?.name ?? "the destination VPC"}` } };
  }
  const joins = new Set([peering.requester, peering.accepter]);
  if (!joins.has(fromVpc) || !joins.has(toVpc)) {
    return { blocked: { component: peering.name, reason: `does not join ${fromVpc?.name ?? "the origin's VPC"} and ${toVpc?.name ?? "the destination's VPC"}` } };
  }
  if (!peering.accepted) {
    return { blocked: { component: peering.name, reason: "is requested but never accepted" } };
  }
  return { hops: [`${table.name} (${best.destination})`, peering.name] };
}

/** Whether `groups` admit TCP `port` from every address of the origin, by block or by the origin's own groups. */
function admits(groups: readonly SecurityGroupNode[], origin: Origin, port: number, owner: string): Hops {
  const cidr = origin.cidr ?? "";
  if (groups.length === 0) {
    return { blocked: { component: owner, reason: "has no security group, so it gets its VPC's default group, which admits nothing" } };
  }
  const source = parseIpv4Block(cidr);
  for (const group of groups) {
    for (const rule of group.ingress) {
      if (!coversPort(rule, "tcp", port)) continue;
      const match = rule.cidrs.find((c) => ipv4BlockProblem(c) === undefined && blockContains(parseIpv4Block(c), source));
      if (match !== undefined) return { hops: [`${group.name}: TCP ${port} from ${match}`] };
      const byGroup = origin.groups.find((g) => g.resource !== undefined && rule.groups.some((ref) => refersTo(ref, g.resource as DeclaredResource, g.resource?.props.id)));
      if (byGroup !== undefined) return { hops: [`${group.name}: TCP ${port} from ${byGroup.name}`] };
    }
  }
  const undeclared = groups.find((g) => !g.declared);
  if (undeclared !== undefined) {
    return { blocked: { component: undeclared.name, reason: `is not declared in this stack, so whether it admits TCP ${port} from ${cidr} cannot be checked` } };
  }
  return { blocked: { component: groups.map((g) => g.name).join(", "), reason: `admits no TCP ${port} from ${cidr}` } };
}

/**
 * Whether the origin's own security groups let TCP `port` out to the target: its block, one of its groups, or a
 * gateway endpoint's prefix list. An origin that wears no group of this stack is not checked.
 */
function egressAllows(
  origin: Origin,
  port: number,
  target: { readonly cidr?: string; readonly groups?: readonly SecurityGroupNode[]; readonly prefixListOf?: EndpointNode },
  what: string,
): Hops {
  if (origin.groups.length === 0) return { hops: [] };
  for (const group of origin.groups) {
    for (const rule of group.egress) {
      if (!coversPort(rule, "tcp", port)) continue;
      if (target.cidr !== undefined) {
        const dest = parseIpv4Block(target.cidr);
        const match = rule.cidrs.find((c) => ipv4BlockProblem(c) === undefined && blockContains(parseIpv4Block(c), dest));
        if (match !== undefined) return { hops: [`${group.name}: out TCP ${port} to ${match}`] };
      }
      const toGroup = (target.groups ?? []).find((g) => g.resource !== undefined && rule.groups.some((ref) => refersTo(ref, g.resource as DeclaredResource, g.resource?.props.id)));
      if (toGroup !== undefined) return { hops: [`${group.name}: out TCP ${port} to ${toGroup.name}`] };
      const gateway = target.prefixListOf;
      if (gateway !== undefined && rule.prefixLists.some((ref) => refersTo(ref, gateway.resource, gateway.resource.props.prefixListId))) {
        return { hops: [`${group.name}: out TCP ${port} to the prefix list of ${gateway.name}`] };
      }
    }
  }
  return { blocked: { component: origin.groups.map((g) => g.name).join(", "), reason: `lets no TCP ${port} out to ${what}${target.cidr !== undefined ? ` (${target.cidr})` : ""}` } };
}

/**
 * How `drs.<region>.amazonaws.com` resolves where it must: in `private-hosted-zone` mode, a private zone for that
 * name associated with both VPCs, with an apex alias to the DRS endpoint, whose own private DNS is off (the two
 * would conflict); otherwise the DRS endpoint's private DNS, for the staging VPC's replication servers.
 */
function dnsChecks(model: NetworkModel): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const [staging, peerings] of peeringsByStaging(model)) {
    const drRegion = peerings[0].peerRegion as string;
    const zoneName = `drs.${drRegion}.amazonaws.com`;
    const drs = model.endpoints.find((e) => e.serviceName === endpointServiceName(drRegion, "drs") && e.type === "Interface");
    const zone = model.ofType(TYPE.zone).find((z) => String(z.props.name ?? "").replace(/\.$/, "") === zoneName);
    const id = "dns:drs-regional-name";
    if (zone === undefined) {
      const description = `${zoneName} resolves to the DRS endpoint in the staging VPC (the endpoint's private DNS); source servers use --endpoint`;
      const passed = drs !== undefined && drs.resource.props.privateDnsEnabled === true;
      verdicts.push({
        id,
        kind: "required-flow",
        description,
        passed,
        ...(passed ? { path: [`${drs?.name} private DNS`] } : { blockedBy: { component: drs?.name ?? "DRS interface endpoint", reason: drs === undefined ? "is not declared" : "has private DNS off, and no private hosted zone answers for the name" } }),
      });
      continue;
    }
    const description = `${zoneName} resolves to the DRS endpoint in the staging VPC and every source VPC through the private hosted zone ${zone.name}`;
    const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", description, passed: false, blockedBy });
    const associated = new Set(
      (Array.isArray(zone.props.vpcs) ? (zone.props.vpcs as Record<string, unknown>[]) : []).map((v) => String(v.vpcId ?? "")),
    );
    const zoneDeps = zone.propertyDependencies?.vpcs ?? [];
    // Associations listed in the zone, or made by association resources (a VPC of another account).
    const associations = model
      .ofType(TYPE.zoneAssociation)
      .filter((a) => model.ref(a, "zoneId", TYPE.zone).some((t) => "resource" in t && t.resource === zone) || a.props.zoneId === zone.props.zoneId);
    const isAssociated = (vpc: VpcNode | undefined) => {
      if (vpc === undefined) return false;
      const resource = model.byUrn.get(vpc.key);
      const inZone = resource !== undefined ? associated.has(String(resource.props.id)) || zoneDeps.includes(resource.urn) : associated.has(vpc.name);
      return inZone || associations.some((a) => model.vpcOf(model.ref(a, "vpcId", TYPE.vpc)[0]) === vpc);
    };
    const missing = [staging, ...peerings.map((p) => p.requester)].find((v) => !isAssociated(v));
    if (missing !== undefined) {
      verdicts.push(fail({ component: zone.name, reason: `is not associated with ${missing?.name ?? "a VPC of the peering"}, so the name does not resolve there` }));
      continue;
    }
    if (drs === undefined) {
      verdicts.push(fail({ component: "DRS interface endpoint", reason: "is not declared" }));
      continue;
    }
    if (drs.resource.props.privateDnsEnabled === true) {
      verdicts.push(fail({ component: drs.name, reason: `has private DNS on, which conflicts with the private hosted zone for ${zoneName}` }));
      continue;
    }
    const firstEntry = (drs.resource.props.dnsEntries as { dnsName?: string }[] | undefined)?.[0]?.dnsName;
    const alias = model.ofType(TYPE.record).find((r) => {
      const inZone = model.ref(r, "zoneId", TYPE.zone).some((t) => "resource" in t && t.resource === zone) || r.props.zoneId === zone.props.zoneId;
      const aliases = Array.isArray(r.props.aliases) ? (r.props.aliases as Record<string, unknown>[]) : [];
      // The alias names the endpoint's first DNS entry, written without a "*." prefix.
      const bare = (name: unknown) => String(name ?? "").replace(/^\*\./, "");
      const toDrs = aliases.some((a) => firstEntry !== undefined && bare(a.name) === bare(firstEntry)) || (r.propertyDependencies?.aliases ?? []).includes(drs.resource.urn);
      return inZone && r.props.type === "A" && String(r.props.name ?? "").replace(/\.$/, "") === zoneName && toDrs;
    });
    if (alias === undefined) {
      verdicts.push(fail({ component: zone.name, reason: `has no apex A alias to ${drs.name}` }));
      continue;
    }
    verdicts.push({ id, kind: "required-flow", description, passed: true, path: [zone.name, alias.name, drs.name] });
  }
  return verdicts;
}

function forbiddenChecks(model: NetworkModel, requireFlowLogs: boolean): Verdict[] {
  const resources = model.resources;
  const check = (id: string, description: string, offenders: Finding[], notes: string[] = []): Verdict => ({
    id: `forbidden:${id}`,
    kind: "forbidden",
    description,
    passed: offenders.length === 0,
    ...(offenders.length > 0 ? { offenders } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  });

  const internetFacing = resources
    .filter((r) => r.type in INTERNET_FACING_TYPES)
    .map((r) => ({ component: r.name, reason: `is ${INTERNET_FACING_TYPES[r.type]}` }));

  const publicIps = resources.flatMap((r): Finding[] => {
    if (r.type === TYPE.subnet && r.props.mapPublicIpOnLaunch === true) return [{ component: r.name, reason: "maps a public IP to every instance launched in it" }];
    if (r.type === TYPE.subnet && r.props.assignIpv6AddressOnCreation === true) return [{ component: r.name, reason: "assigns an IPv6 address to every interface created in it" }];
    if (r.type === TYPE.instance && r.props.associatePublicIpAddress === true) return [{ component: r.name, reason: "has a public IP address" }];
    return [];
  });

  const allRoutes = [
    ...resources.filter((r) => r.type === TYPE.route).map((r) => ({ name: r.name, props: r.props })),
    ...resources
      .filter((r) => r.type === TYPE.routeTable || r.type === TYPE.defaultRouteTable)
      .flatMap((r) => (Array.isArray(r.props.routes) ? (r.props.routes as Record<string, unknown>[]) : []).map((props, i) => ({ name: `${r.name} (inline route ${i})`, props }))),
  ];
  const internetRoutes = allRoutes.flatMap(({ name, props }): Finding[] => {
    const destination = str(props.destinationCidrBlock) ?? str(props.cidrBlock);
    const destinationIpv6 = str(props.destinationIpv6CidrBlock) ?? str(props.ipv6CidrBlock);
    const found: Finding[] = [];
    if (destination === "0.0.0.0/0") found.push({ component: name, reason: "routes 0.0.0.0/0" });
    if (destinationIpv6 === "::/0") found.push({ component: name, reason: "routes ::/0" });
    const target = otherRouteTarget(props);
    if (target !== undefined && /igw-|nat-|eigw-|cagw-|natGatewayId|egressOnlyGatewayId|carrierGatewayId/.test(target)) {
      found.push({ component: name, reason: `targets ${target}` });
    }
    return found;
  });

  const knownBlocks = [...model.vpcs.values()].flatMap((v) => (v.cidr !== undefined && ipv4BlockProblem(v.cidr) === undefined ? [parseIpv4Block(v.cidr)] : []));
  const rulesOf = (prop: "ingress" | "egress") => [
    ...resources.filter((r) => r.type === TYPE.securityGroup || r.type === TYPE.defaultSecurityGroup).map((r) => ({ name: r.name, rules: inlineRules(r, prop) })),
    ...resources
      .filter((r) => (prop === "ingress" ? r.type === TYPE.ingressRule : r.type === TYPE.egressRule) || (r.type === TYPE.groupRule && r.props.type === prop))
      .map((r) => ({ name: r.name, rules: separateRule(r) })),
  ];
  const outside = (prop: "ingress" | "egress") =>
    rulesOf(prop).flatMap(({ name, rules }) =>
      rules.flatMap((rule): Finding[] => [
        ...rule.cidrs
          .filter((c) => ipv4BlockProblem(c) !== undefined || !knownBlocks.some((b) => blockContains(b, parseIpv4Block(c))))
          .map((c) => ({ component: name, reason: `${prop === "ingress" ? "admits" : "lets out"} ${describeRule(rule)} ${prop === "ingress" ? "from" : "to"} ${c}, outside every declared VPC block` })),
        ...rule.ipv6Cidrs.map((c) => ({ component: name, reason: `${prop === "ingress" ? "admits" : "lets out"} ${describeRule(rule)} ${prop === "ingress" ? "from" : "to"} the IPv6 block ${c}; the network has no IPv6` })),
      ]),
    );
  const openIngress = outside("ingress");
  const openEgress = outside("egress");

  // DRS replication must stay private: over the peering, with no public IP, and without DRS's own default group,
  // which DRS keeps open on TCP 1500.
  const publicReplication = resources
    .filter((r) => r.type === TYPE.template)
    .flatMap((r): Finding[] => [
      ...(r.props.dataPlaneRouting !== "PRIVATE_IP" ? [{ component: r.name, reason: `routes replication data over ${String(r.props.dataPlaneRouting)}, not PRIVATE_IP` }] : []),
      ...(r.props.createPublicIp !== false ? [{ component: r.name, reason: "gives replication servers public IPs" }] : []),
      ...(r.props.associateDefaultSecurityGroup !== false ? [{ component: r.name, reason: "adds DRS's default security group, which DRS keeps open on TCP 1500" }] : []),
    ]);

  const unverifiable: string[] = [];
  const widePeeringRoutes = [...model.tables.values()].flatMap((table) =>
    table.routes.flatMap((r): Finding[] => {
      if (r.peering === undefined || r.destination === undefined) return [];
      const peer = r.peering.requester === table.vpc ? r.peering.accepter : r.peering.requester;
      if (peer?.cidr === undefined || ipv4BlockProblem(peer.cidr) !== undefined) {
        unverifiable.push(`${r.name}: the block of the peer VPC ${peer?.name ?? "(unknown)"} is not known`);
        return [];
      }
      if (ipv4BlockProblem(r.destination) !== undefined || !blockContains(parseIpv4Block(peer.cidr), parseIpv4Block(r.destination))) {
        return [{ component: r.name, reason: `routes ${r.destination} to ${r.peering.name}, wider than the peer VPC's ${peer.cidr}` }];
      }
      if (peer.cidrInferred === true) unverifiable.push(`${r.name}: checked against the inferred block ${peer.cidr}`);
      return [];
    }),
  );

  const overlapping = [...model.peerings.values()].flatMap((p): Finding[] => {
    const [a, b] = [p.requester?.cidr, p.accepter?.cidr];
    if (a === undefined || b === undefined || ipv4BlockProblem(a) !== undefined || ipv4BlockProblem(b) !== undefined) return [];
    return blocksOverlap(parseIpv4Block(a), parseIpv4Block(b)) ? [{ component: p.name, reason: `joins overlapping blocks ${a} and ${b}` }] : [];
  });

  // Flow logs of all traffic on every VPC the stack declares, each delivered by a role that can write only there.
  const flowLogs = model.ofType(TYPE.flowLog);
  const vpcsWithoutFlowLogs = requireFlowLogs
    ? [...model.vpcs.values()]
        .filter((v) => v.declared)
        .filter((v) => !flowLogs.some((f) => model.vpcOf(model.ref(f, "vpcId", TYPE.vpc)[0]) === v && f.props.trafficType === "ALL"))
        .map((v) => ({ component: v.name, reason: "has no flow log of all its traffic" }))
    : [];
  const flowLogNotes = requireFlowLogs ? [] : ["flow logs are turned off by the configuration"];
  const wideFlowLogRoles = flowLogs.flatMap((f): Finding[] => {
    const role = model.ref(f, "iamRoleArn", TYPE.role).find((t): t is { resource: DeclaredResource } => "resource" in t)?.resource ??
      model.ofType(TYPE.role).find((r) => r.props.arn === f.props.iamRoleArn);
    if (role === undefined) return [];
    const policies = model.ofType(TYPE.rolePolicy).filter((p) => model.ref(p, "role", TYPE.role).some((t) => "resource" in t && t.resource === role) || p.props.role === role.props.id);
    return policies.flatMap((p): Finding[] => {
      if (typeof p.props.policy !== "string") {
        flowLogNotes.push(`${p.name}: the policy is not known yet (a preview), so its scope is not checked`);
        return [];
      }
      const statements = (JSON.parse(p.props.policy) as { Statement?: { Effect?: string; Resource?: string | string[] }[] }).Statement ?? [];
      const wide = statements.some((st) => st.Effect === "Allow" && [st.Resource ?? "*"].flat().some((res) => res === "*"));
      return wide ? [{ component: p.name, reason: `lets the flow-log role ${role.name} act on every resource, not only its log group` }] : [];
    });
  });

  // Security Hub EC2.21: no network ACL of a VPC the stack creates admits 0.0.0.0/0 to SSH or RDP, rules read in
  // order; a created VPC's default ACL left unmanaged allows everything, those ports too.
  const remoteAdmin: Finding[] = [
    ...[...model.vpcs.values()]
      .filter((v) => v.declared && !model.vpcDefaultAcl.has(v))
      .map((v) => ({ component: v.name, reason: "leaves its default network ACL unmanaged, which admits everything from 0.0.0.0/0, TCP 22 and 3389 too" })),
    ...model.acls
      .filter(({ vpc }) => vpc === undefined || vpc.declared)
      .flatMap(({ acl }) =>
        REMOTE_ADMIN_PORTS.flatMap((port): Finding[] => {
          const rule = naclDecisions(acl.ingress, "tcp", { from: port, to: port }, ANYWHERE, "exact")[0].rule;
          return rule?.allow === true ? [{ component: acl.name, reason: `admits TCP ${port} from 0.0.0.0/0 (rule ${rule.ruleNo})` }] : [];
        }),
      ),
  ];

  // From a source VPC, only TCP 443 (endpoints) and TCP 1500 (replication) may enter a staging subnet: read in
  // order, any other port, protocol or address of a source block that an ACL lets in is an offender.
  const stagingPorts = [...peeringsByStaging(model)].flatMap(([staging, peerings]) => {
    const blocks = [...new Set(peerings.map((p) => (p.requester === staging ? p.accepter : p.requester)?.cidr))].filter(
      (c): c is string => c !== undefined && ipv4BlockProblem(c) === undefined,
    );
    const subnets = [...model.subnets.values()].filter((s) => s.vpc === staging);
    const seen = new Set<string>();
    return subnets.flatMap((subnet): Finding[] => {
      const acl = model.aclOf(subnet);
      const key = acl?.name ?? `unmanaged:${staging.key}`;
      if (seen.has(key)) return [];
      seen.add(key);
      if (acl === undefined) return [{ component: subnet.name, reason: `has no managed network ACL, so every port is open from ${blocks.join(", ")}` }];
      return blocks.flatMap((block) => {
        const tcp = naclDecisions(acl.ingress, "tcp", { from: 0, to: 65535 }, block, "forbidden")
          .filter((d) => d.rule?.allow === true)
          .flatMap((d) => withoutPorts(d, [443, 1500]).map((r) => `TCP ${r.from === r.to ? r.from : `${r.from}-${r.to}`} (rule ${d.rule?.ruleNo})`));
        const others = (["udp", "icmp", "other"] as const).flatMap((protocol) => {
          const rule = naclDecisions(acl.ingress, protocol, { from: 0, to: 65535 }, block, "forbidden").find((d) => d.rule?.allow === true)?.rule;
          return rule !== undefined ? [`${protocol === "other" ? "every other protocol" : protocol.toUpperCase()} (rule ${rule.ruleNo})`] : [];
        });
        const open = [...tcp, ...others];
        return open.length > 0 ? [{ component: acl.name, reason: `admits ${open.join(", ")} from the source block ${block} into ${staging.name}'s subnets` }] : [];
      });
    });
  });

  return [
    check("vpcs-without-flow-logs", "every VPC of the stack has flow logs of all traffic, delivered by a role that writes only to its log group", [...vpcsWithoutFlowLogs, ...wideFlowLogRoles], flowLogNotes),
    check("internet-gateways", "no Internet Gateway, egress-only gateway, NAT gateway or Elastic IP", internetFacing),
    check("public-ips", "no public IP mapping on any subnet or instance", publicIps),
    check("internet-routes", "no route to 0.0.0.0/0 or ::/0, and none to an internet or NAT gateway", internetRoutes),
    check("open-ingress", "no security group admits traffic from outside the declared VPC blocks", openIngress, model.notes),
    check("open-egress", "no security group lets traffic out to outside the declared VPC blocks", openEgress),
    check("public-replication", "DRS replicates over private IPs only, with no public IP and no DRS default security group", publicReplication),
    check("wide-peering-routes", "no peering route is wider than the peer VPC's block", widePeeringRoutes, unverifiable),
    check("overlapping-peers", "no peering joins overlapping blocks", overlapping),
    check("acl-remote-admin", "no network ACL of a created VPC admits 0.0.0.0/0 to TCP 22 or 3389 (Security Hub EC2.21)", remoteAdmin),
    check("staging-acl-ports", "from each source block, only TCP 443 and 1500 enter the staging subnets (network ACLs read in order)", stagingPorts),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** A port range with the given ports taken out. */
function withoutPorts(range: { from: number; to: number }, ports: readonly number[]): { from: number; to: number }[] {
  return [...ports]
    .sort((a, b) => a - b)
    .reduce(
      (ranges, port) => ranges.flatMap((r) => (port < r.from || port > r.to ? [r] : [...(r.from < port ? [{ from: r.from, to: port - 1 }] : []), ...(port < r.to ? [{ from: port + 1, to: r.to }] : [])])),
      [{ from: range.from, to: range.to }],
    );
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function otherRouteTarget(props: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of ["gatewayId", "natGatewayId", "egressOnlyGatewayId", "carrierGatewayId", "transitGatewayId", "networkInterfaceId", "localGatewayId", "coreNetworkArn", "vpcEndpointId"]) {
    const value = str(props[key]);
    if (value !== undefined) return `${key} ${value}`;
  }
  return undefined;
}

function inlineRules(r: DeclaredResource, prop: "ingress" | "egress"): RuleNode[] {
  const value = r.props[prop];
  if (!Array.isArray(value)) return [];
  const deps = r.propertyDependencies?.[prop] ?? [];
  return (value as Record<string, unknown>[]).map((rule) => ({
    protocol: String(rule.protocol ?? "-1").toLowerCase(),
    fromPort: Number(rule.fromPort ?? 0),
    toPort: Number(rule.toPort ?? 0),
    cidrs: Array.isArray(rule.cidrBlocks) ? (rule.cidrBlocks as string[]) : [],
    ipv6Cidrs: Array.isArray(rule.ipv6CidrBlocks) ? (rule.ipv6CidrBlocks as string[]) : [],
    groups: ruleRefs(rule.securityGroups, deps),
    prefixLists: ruleRefs(rule.prefixListIds, deps),
  }));
}

function naclRules(value: unknown): NaclRuleNode[] {
  if (!Array.isArray(value)) return [];
  return (value as Record<string, unknown>[]).map((rule) => ({
    ruleNo: Number(rule.ruleNo ?? rule.ruleNumber ?? 0),
    allow: String(rule.action ?? "deny").toLowerCase() === "allow",
    protocol: String(rule.protocol ?? "-1").toLowerCase(),
    cidr: str(rule.cidrBlock),
    fromPort: Number(rule.fromPort ?? 0),
    toPort: Number(rule.toPort ?? 0),
  }));
}

function ruleRefs(value: unknown, deps: readonly string[]): RuleRef[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => (typeof v === "string" && v !== "" ? v : { dependsOn: deps }));
}

function separateRule(r: DeclaredResource): RuleNode[] {
  const p = r.props;
  const one = (value: unknown, prop: string): RuleRef[] =>
    value === undefined && (r.propertyDependencies?.[prop] ?? []).length === 0 ? [] : ruleRefs([value], r.propertyDependencies?.[prop] ?? []);
  return [
    {
      protocol: String(p.ipProtocol ?? p.protocol ?? "-1").toLowerCase(),
      fromPort: Number(p.fromPort ?? 0),
      toPort: Number(p.toPort ?? 0),
      cidrs: [...(str(p.cidrIpv4) !== undefined ? [String(p.cidrIpv4)] : []), ...(Array.isArray(p.cidrBlocks) ? (p.cidrBlocks as string[]) : [])],
      ipv6Cidrs: [...(str(p.cidrIpv6) !== undefined ? [String(p.cidrIpv6)] : []), ...(Array.isArray(p.ipv6CidrBlocks) ? (p.ipv6CidrBlocks as string[]) : [])],
      groups: one(p.referencedSecurityGroupId ?? p.sourceSecurityGroupId, p.referencedSecurityGroupId !== undefined ? "referencedSecurityGroupId" : "sourceSecurityGroupId"),
      prefixLists: one(p.prefixListId, "prefixListId"),
    },
  ];
}

/** Whether a rule reference names this resource, by its id or by the rule's dependency on it. */
function refersTo(ref: RuleRef, target: DeclaredResource, id: unknown): boolean {
  return typeof ref === "string" ? ref === id : ref.dependsOn.includes(target.urn);
}

function coversPort(rule: RuleNode, protocol: "tcp", port: number): boolean {
  const all = rule.protocol === "-1" || rule.protocol === "all";
  return all || ((rule.protocol === protocol || rule.protocol === "6") && rule.fromPort <= port && port <= rule.toPort);
}

function describeRule(rule: RuleNode): string {
  if (rule.protocol === "-1" || rule.protocol === "all") return "all traffic";
  const ports = rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
  return `${rule.protocol.toUpperCase()} ${ports}`;
}

function describeTarget(target: Target): string {
  return "resource" in target ? target.resource.name : target.external;
}
