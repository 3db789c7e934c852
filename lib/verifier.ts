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
  readonly externalVpcs?: readonly { readonly id: string; readonly cidrBlock: string }[];
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
  /** A required flow, or a forbidden thing. */
  readonly kind: "required-flow" | "forbidden";
  /** What was checked, as a sentence. */
  readonly description: string;
  /** Whether the flow is reachable, or the forbidden thing absent. */
  readonly passed: boolean;
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
  accepted: boolean;
}

interface RuleNode {
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrs: readonly string[];
  readonly ipv6Cidrs: readonly string[];
}

interface SecurityGroupNode {
  readonly name: string;
  /** False for a group the stack names by id but does not declare: its rules are unknown. */
  readonly declared: boolean;
  readonly vpc?: VpcNode;
  readonly ingress: RuleNode[];
}

interface EndpointNode {
  readonly name: string;
  readonly vpc?: VpcNode;
  readonly serviceName: string;
  readonly type: string;
  readonly subnets: SubnetNode[];
  readonly securityGroups: SecurityGroupNode[];
  readonly routeTables: RouteTableNode[];
}

/** A reference from one resource to another: a declared resource, or an id the stack does not declare. */
type Target = { readonly resource: DeclaredResource } | { readonly external: string };

class NetworkModel {
  readonly byUrn = new Map<string, DeclaredResource>();
  readonly vpcs = new Map<string, VpcNode>();
  readonly subnets = new Map<string, SubnetNode>();
  readonly tables = new Map<string, RouteTableNode>();
  readonly subnetTable = new Map<SubnetNode, RouteTableNode>();
  readonly peerings = new Map<string, PeeringNode>();
  readonly groups = new Map<string, SecurityGroupNode>();
  readonly endpoints: EndpointNode[] = [];
  readonly notes: string[] = [];
  private readonly externalBlocks: Map<string, string>;

  constructor(
    readonly resources: readonly DeclaredResource[],
    context: VerifierContext,
  ) {
    for (const r of resources) this.byUrn.set(r.urn, r);
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
    for (const r of this.ofType(TYPE.securityGroup)) {
      this.groups.set(r.urn, { name: r.name, declared: true, vpc: this.vpcOf(this.ref(r, "vpcId", TYPE.vpc)[0]), ingress: inlineRules(r.props.ingress) });
    }
    for (const r of [...this.ofType(TYPE.ingressRule), ...this.ofType(TYPE.groupRule)]) {
      if (r.type === TYPE.groupRule && r.props.type !== "ingress") continue;
      const group = this.declared(this.ref(r, "securityGroupId", TYPE.securityGroup)[0], this.groups);
      group?.ingress.push(...separateRule(r));
    }
    for (const r of this.ofType(TYPE.endpoint)) {
      this.endpoints.push({
        name: r.name,
        vpc: this.vpcOf(this.ref(r, "vpcId", TYPE.vpc)[0]),
        serviceName: str(r.props.serviceName) ?? "",
        type: str(r.props.vpcEndpointType) ?? "Gateway",
        subnets: this.ref(r, "subnetIds", TYPE.subnet).map((t) => this.declared(t, this.subnets) ?? { name: describeTarget(t) }),
        securityGroups: this.ref(r, "securityGroupIds", TYPE.securityGroup).map(
          (t) => this.declared(t, this.groups) ?? { name: describeTarget(t), declared: false, ingress: [] },
        ),
        routeTables: this.ref(r, "routeTableIds", TYPE.routeTable).flatMap((t) => this.tableOf(t) ?? []),
      });
    }
    this.inferExternalBlocks();
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
    return this.resources.filter((r) => r.type === type);
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
      const resource = this.ofType(type).find((candidate) => candidate.props.id === id);
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
  return [...requiredFlows(model), ...forbiddenChecks(model)];
}

/** Whether every verdict passed. */
export function allPassed(verdicts: readonly Verdict[]): boolean {
  return verdicts.every((v) => v.passed);
}

/** Where a flow starts: a subnet, or for an undeclared VPC one of its route tables standing for its block. */
interface Origin {
  readonly name: string;
  readonly cidr?: string;
  readonly vpc?: VpcNode;
  readonly table?: RouteTableNode;
  /** The component named when the origin has no route table. */
  readonly subnet?: SubnetNode;
}

type Hops = { readonly hops: string[] } | { readonly blocked: Finding };

function requiredFlows(model: NetworkModel): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const peering of model.peerings.values()) {
    const source = peering.requester;
    const staging = peering.accepter;
    const drRegion = peering.peerRegion;
    if (source === undefined || staging === undefined || drRegion === undefined) continue;
    const find = (service: string, type: string) => {
      const serviceName = endpointServiceName(drRegion, service);
      const matching = model.endpoints.filter((e) => e.serviceName === serviceName && e.type === type);
      return matching.find((e) => e.vpc === staging) ?? matching[0];
    };
    const drs = find("drs", "Interface");
    const ec2 = find("ec2", "Interface");
    const s3 = find("s3", "Interface");
    const s3Gateway = find("s3", "Gateway");

    for (const origin of originsOf(model, source)) {
      verdicts.push(...[drs, s3, ec2].map((e, i) => interfaceFlow(model, origin, e, ["DRS", "S3", "EC2"][i], staging)));
    }
    for (const origin of originsOf(model, staging)) {
      verdicts.push(...[drs, ec2].map((e, i) => interfaceFlow(model, origin, e, ["DRS", "EC2"][i], staging)), gatewayFlow(origin, s3Gateway));
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

function originsOf(model: NetworkModel, vpc: VpcNode): Origin[] {
  const subnets = [...model.subnets.values()].filter((s) => s.vpc === vpc);
  if (subnets.length > 0) {
    return subnets.map((s) => ({ name: s.name, cidr: s.cidr, vpc, table: model.subnetTable.get(s), subnet: s }));
  }
  return [...model.tables.values()]
    .filter((t) => t.vpc === vpc)
    .map((t) => ({ name: `${vpc.name} via ${t.name}`, cidr: vpc.cidr, vpc, table: t }));
}

function interfaceFlow(model: NetworkModel, origin: Origin, endpoint: EndpointNode | undefined, label: string, staging: VpcNode): Verdict {
  const id = `flow:${origin.name}->${endpoint?.name ?? `${label.toLowerCase()}-interface-endpoint`}`;
  const description = `${origin.name} (${origin.cidr ?? "block unknown"}) reaches the ${label} interface endpoint on TCP 443, and the replies come back`;
  const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", description, passed: false, blockedBy });
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
  const admitted = admits(endpoint, origin.cidr, 443);
  if ("blocked" in admitted) return fail(admitted.blocked);

  let path: string[] | undefined;
  for (const subnet of endpoint.subnets) {
    const there = route(origin.vpc, origin.table, origin.subnet ?? origin.name, subnet.cidr ?? "", endpoint.vpc);
    if ("blocked" in there) return fail(there.blocked);
    const back = route(subnet.vpc, model.subnetTable.get(subnet), subnet, origin.cidr, origin.vpc);
    if ("blocked" in back) return fail(back.blocked);
    path ??= [
      origin.name,
      ...there.hops,
      `${subnet.name} (${subnet.cidr})`,
      ...admitted.hops,
      endpoint.name,
      ...back.hops.map((h) => `back: ${h}`),
    ];
  }
  const others = endpoint.subnets.length - 1;
  return {
    id,
    kind: "required-flow",
    description,
    passed: true,
    path: others > 0 ? [...(path ?? []), `(and the same to its ${others} other subnet${others === 1 ? "" : "s"})`] : path,
  };
}

function gatewayFlow(origin: Origin, gateway: EndpointNode | undefined): Verdict {
  const id = `flow:${origin.name}->${gateway?.name ?? "s3-gateway-endpoint"}`;
  const description = `${origin.name} (${origin.cidr ?? "block unknown"}) reaches S3 through the S3 gateway endpoint`;
  const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", description, passed: false, blockedBy });
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
  return { id, kind: "required-flow", description, passed: true, path: [origin.name, `${origin.table.name} (S3 prefix list)`, gateway.name] };
}

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

/** Whether an endpoint's security groups admit TCP `port` from every address of `cidr`. */
function admits(endpoint: EndpointNode, cidr: string, port: number): Hops {
  if (endpoint.securityGroups.length === 0) {
    return { blocked: { component: endpoint.name, reason: "has no security group, so it gets its VPC's default group, which admits nothing" } };
  }
  const source = parseIpv4Block(cidr);
  for (const group of endpoint.securityGroups) {
    for (const rule of group.ingress) {
      if (!coversPort(rule, "tcp", port)) continue;
      const match = rule.cidrs.find((c) => ipv4BlockProblem(c) === undefined && blockContains(parseIpv4Block(c), source));
      if (match !== undefined) return { hops: [`${group.name}: TCP ${port} from ${match}`] };
    }
  }
  const undeclared = endpoint.securityGroups.find((g) => !g.declared);
  if (undeclared !== undefined) {
    return { blocked: { component: undeclared.name, reason: `is not declared in this stack, so whether it admits TCP ${port} from ${cidr} cannot be checked` } };
  }
  return {
    blocked: { component: endpoint.securityGroups.map((g) => g.name).join(", "), reason: `admits no TCP ${port} from ${cidr}` },
  };
}

function forbiddenChecks(model: NetworkModel): Verdict[] {
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
  const groupsWithRules = [
    ...resources.filter((r) => r.type === TYPE.securityGroup || r.type === TYPE.defaultSecurityGroup).map((r) => ({ name: r.name, rules: inlineRules(r.props.ingress) })),
    ...resources
      .filter((r) => r.type === TYPE.ingressRule || (r.type === TYPE.groupRule && r.props.type === "ingress"))
      .map((r) => ({ name: r.name, rules: separateRule(r) })),
  ];
  const openIngress = groupsWithRules.flatMap(({ name, rules }) =>
    rules.flatMap((rule): Finding[] => [
      ...rule.cidrs
        .filter((c) => ipv4BlockProblem(c) !== undefined || !knownBlocks.some((b) => blockContains(b, parseIpv4Block(c))))
        .map((c) => ({ component: name, reason: `admits ${describeRule(rule)} from ${c}, outside every declared VPC block` })),
      ...rule.ipv6Cidrs.map((c) => ({ component: name, reason: `admits ${describeRule(rule)} from the IPv6 block ${c}; the network has no IPv6` })),
    ]),
  );

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

  return [
    check("internet-gateways", "no Internet Gateway, egress-only gateway, NAT gateway or Elastic IP", internetFacing),
    check("public-ips", "no public IP mapping on any subnet or instance", publicIps),
    check("internet-routes", "no route to 0.0.0.0/0 or ::/0, and none to an internet or NAT gateway", internetRoutes),
    check("open-ingress", "no security group admits traffic from outside the declared VPC blocks", openIngress, model.notes),
    check("wide-peering-routes", "no peering route is wider than the peer VPC's block", widePeeringRoutes, unverifiable),
    check("overlapping-peers", "no peering joins overlapping blocks", overlapping),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

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

function inlineRules(value: unknown): RuleNode[] {
  if (!Array.isArray(value)) return [];
  return (value as Record<string, unknown>[]).map((rule) => ({
    protocol: String(rule.protocol ?? "-1").toLowerCase(),
    fromPort: Number(rule.fromPort ?? 0),
    toPort: Number(rule.toPort ?? 0),
    cidrs: Array.isArray(rule.cidrBlocks) ? (rule.cidrBlocks as string[]) : [],
    ipv6Cidrs: Array.isArray(rule.ipv6CidrBlocks) ? (rule.ipv6CidrBlocks as string[]) : [],
  }));
}

function separateRule(r: DeclaredResource): RuleNode[] {
  const p = r.props;
  return [
    {
      protocol: String(p.ipProtocol ?? p.protocol ?? "-1").toLowerCase(),
      fromPort: Number(p.fromPort ?? 0),
      toPort: Number(p.toPort ?? 0),
      cidrs: [...(str(p.cidrIpv4) !== undefined ? [String(p.cidrIpv4)] : []), ...(Array.isArray(p.cidrBlocks) ? (p.cidrBlocks as string[]) : [])],
      ipv6Cidrs: [...(str(p.cidrIpv6) !== undefined ? [String(p.cidrIpv6)] : []), ...(Array.isArray(p.ipv6CidrBlocks) ? (p.ipv6CidrBlocks as string[]) : [])],
    },
  ];
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
