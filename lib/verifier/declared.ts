/**
 * The model from declared resources: what the synth records under the mock runtime, or what the policy pack sees
 * of the stack Pulumi is about to deploy. Resources are linked by id where ids are known, and by Pulumi's property
 * dependencies where they are not (a preview of new resources). Names are logical names; no live ids.
 */
import {
  bareDnsName,
  EndpointNode,
  FlowLogNode,
  Finding,
  inferPeerBlocks,
  NaclNode,
  NaclRuleNode,
  NetworkModel,
  PeeringNode,
  RecordNode,
  RouteNode,
  RouteTableNode,
  RuleNode,
  SecurityGroupNode,
  SubnetNode,
  TemplateNode,
  VpcNode,
  ZoneNode,
} from "./model";

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
  /** Whether the agent rollout is on: each created source VPC must then reach Systems Manager's endpoints. */
  readonly agentRollout?: boolean;
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

/** A reference from one resource to another: a declared resource, or an id the stack does not declare. */
type Target = { readonly resource: DeclaredResource } | { readonly external: string };

/**
 * A reference inside a security group rule to another group or a prefix list: its id, or, where the id is not
 * known yet (a preview), the URNs of the resources the rule's property depends on.
 */
type RuleRef = string | { readonly dependsOn: readonly string[] };

/** A rule as declared, before its references are matched to groups and endpoints. */
interface PendingRule extends Omit<RuleNode, "groups" | "prefixListServices"> {
  readonly groupRefs: readonly RuleRef[];
  readonly prefixListRefs: readonly RuleRef[];
}

/** Build the model of a declared network. */
export function modelFromDeclared(resources: readonly DeclaredResource[], context: VerifierContext = {}): NetworkModel {
  return new DeclaredModelBuilder(resources, context).build();
}

class DeclaredModelBuilder {
  private readonly byUrn = new Map<string, DeclaredResource>();
  /** Resources by type, and by type and id: built once, so following a reference costs no scan. */
  private readonly byType = new Map<string, DeclaredResource[]>();
  private readonly byTypeAndId = new Map<string, DeclaredResource>();
  private readonly externalBlocks: Map<string, string>;
  private readonly vpcs = new Map<string, VpcNode>();
  private readonly subnets = new Map<string, SubnetNode>();
  private readonly tables = new Map<string, RouteTableNode>();
  private readonly peerings = new Map<string, PeeringNode>();
  private readonly groups = new Map<string, SecurityGroupNode>();
  private readonly pending = new Map<RuleNode[], PendingRule[]>();

  constructor(
    private readonly resources: readonly DeclaredResource[],
    context: VerifierContext,
  ) {
    for (const r of resources) {
      this.byUrn.set(r.urn, r);
      this.byType.set(r.type, [...(this.byType.get(r.type) ?? []), r]);
      if (typeof r.props.id === "string" && !this.byTypeAndId.has(`${r.type} ${r.props.id}`)) this.byTypeAndId.set(`${r.type} ${r.props.id}`, r);
    }
    this.externalBlocks = new Map((context.externalVpcs ?? []).map((v) => [v.id, v.cidrBlock]));
  }

  build(): NetworkModel {
    for (const r of this.ofType(TYPE.vpc)) {
      this.vpcs.set(r.urn, { key: r.urn, name: r.name, cidr: str(r.props.cidrBlock), created: true, known: true });
    }
    for (const r of this.ofType(TYPE.subnet)) {
      this.subnets.set(r.urn, {
        name: r.name,
        vpc: this.vpcOf(this.ref(r, "vpcId", TYPE.vpc)[0]),
        cidr: str(r.props.cidrBlock),
        mapPublicIpOnLaunch: r.props.mapPublicIpOnLaunch === true,
        assignIpv6AddressOnCreation: r.props.assignIpv6AddressOnCreation === true,
      });
    }
    const strayRoutes: RouteNode[] = [];
    for (const r of [...this.ofType(TYPE.routeTable), ...this.ofType(TYPE.defaultRouteTable)]) {
      const inline = (Array.isArray(r.props.routes) ? (r.props.routes as Record<string, unknown>[]) : []).map((props, i) => ({
        name: `${r.name} (inline route ${i})`,
        destination: str(props.destinationCidrBlock) ?? str(props.cidrBlock),
        destinationIpv6: str(props.destinationIpv6CidrBlock) ?? str(props.ipv6CidrBlock),
        otherTarget: otherRouteTarget(props),
      }));
      if (r.type === TYPE.defaultRouteTable) {
        strayRoutes.push(...inline);
        continue;
      }
      const table: RouteTableNode = { key: r.urn, name: r.name, vpc: this.vpcOf(this.ref(r, "vpcId", TYPE.vpc)[0]), routes: [] };
      table.routes.push(...inline.map((route) => ({ ...route, table })));
      this.tables.set(r.urn, table);
    }
    const subnetTable = new Map<SubnetNode, RouteTableNode>();
    for (const r of this.ofType(TYPE.association)) {
      const subnet = this.declared(this.ref(r, "subnetId", TYPE.subnet)[0], this.subnets);
      const table = this.tableOf(this.ref(r, "routeTableId", TYPE.routeTable)[0]);
      if (subnet !== undefined && table !== undefined) subnetTable.set(subnet, table);
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
      const table = this.tableOf(this.ref(r, "routeTableId", TYPE.routeTable)[0]);
      if (table === undefined) continue;
      const peeringTarget = this.peeringRef(r, "vpcPeeringConnectionId");
      const peering = peeringTarget !== undefined ? this.declared(peeringTarget, this.peerings) : undefined;
      table.routes.push({
        name: r.name,
        table,
        destination: str(r.props.destinationCidrBlock),
        destinationIpv6: str(r.props.destinationIpv6CidrBlock),
        peering,
        otherTarget: otherRouteTarget(r.props),
      });
      // A route table the stack does not declare belongs to the undeclared side of the peering it routes to.
      if (table.vpc === undefined && peering !== undefined) table.vpc = [peering.requester, peering.accepter].find((v) => v !== undefined && !v.known);
    }
    for (const r of [...this.ofType(TYPE.securityGroup), ...this.ofType(TYPE.defaultSecurityGroup)]) {
      const group: SecurityGroupNode = {
        name: r.name,
        known: true,
        isDefault: r.type === TYPE.defaultSecurityGroup,
        vpc: this.vpcOf(this.ref(r, "vpcId", TYPE.vpc)[0]),
        ingress: [],
        egress: [],
      };
      this.pending.set(group.ingress, inlineRules(r, "ingress", group));
      this.pending.set(group.egress, inlineRules(r, "egress", group));
      this.groups.set(r.urn, group);
    }
    for (const r of [...this.ofType(TYPE.ingressRule), ...this.ofType(TYPE.egressRule), ...this.ofType(TYPE.groupRule)]) {
      const group = this.groupOf(this.ref(r, "securityGroupId", TYPE.securityGroup)[0]);
      if (group === undefined) continue;
      const ingress = r.type === TYPE.ingressRule || (r.type === TYPE.groupRule && r.props.type === "ingress");
      const rules = ingress ? group.ingress : group.egress;
      this.pending.set(rules, [...(this.pending.get(rules) ?? []), separateRule(r)]);
    }
    const endpoints = new Map<DeclaredResource, EndpointNode>();
    for (const r of this.ofType(TYPE.endpoint)) {
      const entries = Array.isArray(r.props.dnsEntries) ? (r.props.dnsEntries as { dnsName?: unknown }[]) : [];
      const vpc = this.vpcOf(this.ref(r, "vpcId", TYPE.vpc)[0]);
      // A subnet the stack does not declare, of an endpoint in a VPC it does not declare either (an adopted VPC), is
      // that VPC's: AWS creates an endpoint only in subnets of its own VPC (CreateVpcEndpoint, SubnetIds). Its block
      // is unknown; the VPC's stands for it.
      const undeclared = (t: Target): SubnetNode => (vpc !== undefined && !vpc.known ? { name: describeTarget(t), vpc, cidr: vpc.cidr } : { name: describeTarget(t) });
      endpoints.set(r, {
        name: r.name,
        vpc,
        serviceName: str(r.props.serviceName) ?? "",
        type: str(r.props.vpcEndpointType) ?? "Gateway",
        subnets: this.ref(r, "subnetIds", TYPE.subnet).map((t) => this.declared(t, this.subnets) ?? undeclared(t)),
        securityGroups: this.ref(r, "securityGroupIds", TYPE.securityGroup).flatMap((t) => this.groupOf(t) ?? []),
        routeTables: this.ref(r, "routeTableIds", TYPE.routeTable).flatMap((t) => this.tableOf(t) ?? []),
        privateDnsEnabled: r.props.privateDnsEnabled === true,
        dnsNames: entries.flatMap((e) => (typeof e.dnsName === "string" ? [e.dnsName] : [])),
        // In a preview a computed policy (or a secret one) has no value yet: known to exist, not what it says.
        policy: typeof r.props.policy === "string" ? r.props.policy : r.props.policy !== undefined || (r.propertyDependencies?.policy ?? []).length > 0 ? null : undefined,
      });
    }
    this.resolveRules(endpoints);

    const { subnetAcl, vpcDefaultAcl, acls } = this.networkAcls();
    const notes: string[] = [];
    inferPeerBlocks([...this.vpcs.values()], [...this.tables.values()], notes);
    const { flowLogs, flowLogNotes } = this.flowLogs();
    return {
      vpcs: [...this.vpcs.values()],
      subnets: [...this.subnets.values()],
      tables: [...this.tables.values()],
      subnetTable,
      peerings: [...this.peerings.values()],
      groups: [...this.groups.values()],
      endpoints: [...endpoints.values()],
      subnetAcl,
      vpcDefaultAcl,
      acls,
      zones: this.zones(endpoints),
      templates: this.ofType(TYPE.template).map((r): TemplateNode => ({
        name: r.name,
        stagingSubnet: this.declared(this.ref(r, "stagingAreaSubnetId", TYPE.subnet)[0], this.subnets),
        securityGroups: this.ref(r, "replicationServersSecurityGroupsIds", TYPE.securityGroup).flatMap((t) => this.declared(t, this.groups) ?? []),
        dataPlaneRouting: str(r.props.dataPlaneRouting),
        createPublicIp: typeof r.props.createPublicIp === "boolean" ? r.props.createPublicIp : undefined,
        associateDefaultSecurityGroup: typeof r.props.associateDefaultSecurityGroup === "boolean" ? r.props.associateDefaultSecurityGroup : undefined,
      })),
      flowLogs,
      internetFacing: this.resources.filter((r) => r.type in INTERNET_FACING_TYPES).map((r) => ({ component: r.name, reason: `is ${INTERNET_FACING_TYPES[r.type]}` })),
      publicAddresses: this.ofType(TYPE.instance)
        .filter((r) => r.props.associatePublicIpAddress === true)
        .map((r): Finding => ({ component: r.name, reason: "has a public IP address" })),
      strayRoutes,
      notes,
      flowLogNotes,
    };
  }

  /** Match each rule's group and prefix-list references to the groups and gateway endpoints they name. */
  private resolveRules(endpoints: Map<DeclaredResource, EndpointNode>): void {
    const groupResources = [...this.ofType(TYPE.securityGroup), ...this.ofType(TYPE.defaultSecurityGroup)];
    for (const [rules, pending] of this.pending) {
      for (const { groupRefs, prefixListRefs, ...rule } of pending) {
        rules.push({
          ...rule,
          groups: groupResources.filter((g) => groupRefs.some((ref) => refersTo(ref, g, g.props.id))).flatMap((g) => this.groups.get(g.urn) ?? []),
          prefixListServices: [...endpoints]
            .filter(([r]) => prefixListRefs.some((ref) => refersTo(ref, r, r.props.prefixListId)))
            .map(([, e]) => e.serviceName),
        });
      }
    }
  }

  private networkAcls(): Pick<NetworkModel, "subnetAcl" | "vpcDefaultAcl" | "acls"> {
    const subnetAcl = new Map<SubnetNode, NaclNode>();
    const vpcDefaultAcl = new Map<VpcNode, NaclNode>();
    const all: { acl: NaclNode; vpc?: VpcNode }[] = [];
    const acls = new Map<string, NaclNode>();
    for (const r of this.ofType(TYPE.defaultNetworkAcl)) {
      // The VPC whose defaultNetworkAclId it adopts: by id, or in a preview by the property's dependency.
      const vpcResource =
        this.ofType(TYPE.vpc).find((v) => typeof r.props.defaultNetworkAclId === "string" && v.props.defaultNetworkAclId === r.props.defaultNetworkAclId) ??
        this.ofType(TYPE.vpc).find((v) => (r.propertyDependencies?.defaultNetworkAclId ?? []).includes(v.urn));
      const vpc = vpcResource !== undefined ? this.vpcs.get(vpcResource.urn) : undefined;
      const acl: NaclNode = { name: r.name, ingress: naclRules(r.props.ingress), egress: naclRules(r.props.egress) };
      all.push({ acl, vpc });
      if (vpc !== undefined) vpcDefaultAcl.set(vpc, acl);
    }
    for (const r of this.ofType(TYPE.networkAcl)) {
      const acl: NaclNode = { name: r.name, ingress: naclRules(r.props.ingress), egress: naclRules(r.props.egress) };
      acls.set(r.urn, acl);
      all.push({ acl, vpc: this.vpcOf(this.ref(r, "vpcId", TYPE.vpc)[0]) });
      for (const t of this.ref(r, "subnetIds", TYPE.subnet)) {
        const subnet = this.declared(t, this.subnets);
        if (subnet !== undefined) subnetAcl.set(subnet, acl);
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
      if (acl !== undefined && subnet !== undefined) subnetAcl.set(subnet, acl);
    }
    return { subnetAcl, vpcDefaultAcl, acls: all };
  }

  /** Private zones with the VPCs they are associated with (in the zone, or by association resources) and records. */
  private zones(endpoints: Map<DeclaredResource, EndpointNode>): ZoneNode[] {
    return this.ofType(TYPE.zone).map((zone) => {
      const inZone = (r: DeclaredResource) => this.ref(r, "zoneId", TYPE.zone).some((t) => "resource" in t && t.resource === zone) || (r.props.zoneId !== undefined && r.props.zoneId === zone.props.zoneId);
      const listed = (Array.isArray(zone.props.vpcs) ? (zone.props.vpcs as Record<string, unknown>[]) : []).flatMap((v) =>
        typeof v.vpcId === "string" && v.vpcId !== "" ? [this.vpcs.get(this.byTypeAndId.get(`${TYPE.vpc} ${v.vpcId}`)?.urn ?? `external:${v.vpcId}`)] : [],
      );
      const byDependency = (zone.propertyDependencies?.vpcs ?? []).flatMap((urn) => this.vpcs.get(urn) ?? []);
      const byAssociation = this.ofType(TYPE.zoneAssociation)
        .filter(inZone)
        .map((a) => this.vpcOf(this.ref(a, "vpcId", TYPE.vpc)[0]));
      const records = this.ofType(TYPE.record)
        .filter(inZone)
        .map((r): RecordNode => {
          const aliases = Array.isArray(r.props.aliases) ? (r.props.aliases as Record<string, unknown>[]) : [];
          // An alias names an endpoint's first DNS entry, written without a "*." prefix; in a preview, by dependency.
          const targets = [...endpoints]
            .filter(([resource, e]) => aliases.some((a) => e.dnsNames[0] !== undefined && bareDnsName(a.name) === bareDnsName(e.dnsNames[0])) || (r.propertyDependencies?.aliases ?? []).includes(resource.urn))
            .map(([, e]) => e);
          return { name: r.name, recordName: bareDnsName(r.props.name), type: String(r.props.type ?? ""), aliasTargets: targets };
        });
      const vpcs = [...new Set([...listed, ...byDependency, ...byAssociation])].filter((v): v is VpcNode => v !== undefined);
      return { name: zone.name, zoneName: bareDnsName(zone.props.name), vpcs, records };
    });
  }

  /** Flow logs, each with its delivery role's inline policies, and whether each policy reaches every resource. */
  private flowLogs(): { flowLogs: FlowLogNode[]; flowLogNotes: string[] } {
    const flowLogNotes: string[] = [];
    const flowLogs = this.ofType(TYPE.flowLog).map((f): FlowLogNode => {
      const role =
        this.ref(f, "iamRoleArn", TYPE.role).find((t): t is { resource: DeclaredResource } => "resource" in t)?.resource ??
        this.ofType(TYPE.role).find((r) => r.props.arn === f.props.iamRoleArn);
      const policies =
        role === undefined ? [] : this.ofType(TYPE.rolePolicy).filter((p) => this.ref(p, "role", TYPE.role).some((t) => "resource" in t && t.resource === role) || p.props.role === role.props.id);
      return {
        name: f.name,
        vpc: this.vpcOf(this.ref(f, "vpcId", TYPE.vpc)[0]),
        trafficType: str(f.props.trafficType),
        rolePolicies: policies.map((p) => {
          if (typeof p.props.policy !== "string") {
            flowLogNotes.push(`${p.name}: the policy is not known yet (a preview), so its scope is not checked`);
            return { name: p.name, roleName: role?.name ?? "", wide: undefined };
          }
          const statements = (JSON.parse(p.props.policy) as { Statement?: { Effect?: string; Resource?: string | string[] }[] }).Statement ?? [];
          return { name: p.name, roleName: role?.name ?? "", wide: statements.some((st) => st.Effect === "Allow" && [st.Resource ?? "*"].flat().some((res) => res === "*")) };
        }),
      };
    });
    return { flowLogs, flowLogNotes };
  }

  /** The VPC a reference names; an undeclared one becomes an external node, with its block from the context. */
  private vpcOf(target: Target | undefined): VpcNode | undefined {
    if (target === undefined) return undefined;
    if ("resource" in target) return this.vpcs.get(target.resource.urn);
    const key = `external:${target.external}`;
    let node = this.vpcs.get(key);
    if (node === undefined) {
      node = { key, name: target.external, cidr: this.externalBlocks.get(target.external), created: false, known: false };
      this.vpcs.set(key, node);
    }
    return node;
  }

  /** The group a reference names: declared, or a stand-in whose rules are unknown. */
  private groupOf(target: Target | undefined): SecurityGroupNode | undefined {
    if (target === undefined) return undefined;
    if ("resource" in target) return this.groups.get(target.resource.urn);
    const key = `external:${target.external}`;
    let node = this.groups.get(key);
    if (node === undefined) {
      node = { name: target.external, known: false, ingress: [], egress: [] };
      this.groups.set(key, node);
    }
    return node;
  }

  private ofType(type: string): DeclaredResource[] {
    return this.byType.get(type) ?? [];
  }

  /**
   * The resources a property refers to. Property dependencies of the wanted type win (they are all there is in a
   * preview); then values matched to declared ids; a value that matches no declared resource is external.
   */
  private ref(r: DeclaredResource, prop: string, type: string): Target[] {
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
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export { bareDnsName } from "./model";

function otherRouteTarget(props: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of ["gatewayId", "natGatewayId", "egressOnlyGatewayId", "carrierGatewayId", "transitGatewayId", "networkInterfaceId", "localGatewayId", "coreNetworkArn", "vpcEndpointId"]) {
    const value = str(props[key]);
    if (value !== undefined) return `${key} ${value}`;
  }
  return undefined;
}

function inlineRules(r: DeclaredResource, prop: "ingress" | "egress", owner: SecurityGroupNode): PendingRule[] {
  const value = r.props[prop];
  if (!Array.isArray(value)) return [];
  const deps = r.propertyDependencies?.[prop] ?? [];
  return (value as Record<string, unknown>[]).map((rule) => ({
    owner,
    protocol: String(rule.protocol ?? "-1").toLowerCase(),
    fromPort: Number(rule.fromPort ?? 0),
    toPort: Number(rule.toPort ?? 0),
    cidrs: Array.isArray(rule.cidrBlocks) ? (rule.cidrBlocks as string[]) : [],
    ipv6Cidrs: Array.isArray(rule.ipv6CidrBlocks) ? (rule.ipv6CidrBlocks as string[]) : [],
    groupRefs: ruleRefs(rule.securityGroups, deps),
    prefixListRefs: ruleRefs(rule.prefixListIds, deps),
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

function separateRule(r: DeclaredResource): PendingRule {
  const p = r.props;
  const one = (value: unknown, prop: string): RuleRef[] =>
    value === undefined && (r.propertyDependencies?.[prop] ?? []).length === 0 ? [] : ruleRefs([value], r.propertyDependencies?.[prop] ?? []);
  return {
    owner: { name: r.name },
    protocol: String(p.ipProtocol ?? p.protocol ?? "-1").toLowerCase(),
    fromPort: Number(p.fromPort ?? 0),
    toPort: Number(p.toPort ?? 0),
    cidrs: [...(str(p.cidrIpv4) !== undefined ? [String(p.cidrIpv4)] : []), ...(Array.isArray(p.cidrBlocks) ? (p.cidrBlocks as string[]) : [])],
    ipv6Cidrs: [...(str(p.cidrIpv6) !== undefined ? [String(p.cidrIpv6)] : []), ...(Array.isArray(p.ipv6CidrBlocks) ? (p.ipv6CidrBlocks as string[]) : [])],
    groupRefs: one(p.referencedSecurityGroupId ?? p.sourceSecurityGroupId, p.referencedSecurityGroupId !== undefined ? "referencedSecurityGroupId" : "sourceSecurityGroupId"),
    prefixListRefs: one(p.prefixListId, "prefixListId"),
  };
}

/** Whether a rule reference names this resource, by its id or by the rule's dependency on it. */
function refersTo(ref: RuleRef, target: DeclaredResource, id: unknown): boolean {
  return typeof ref === "string" ? ref === id : ref.dependsOn.includes(target.urn);
}

function describeTarget(target: Target): string {
  return "resource" in target ? target.resource.name : target.external;
}
