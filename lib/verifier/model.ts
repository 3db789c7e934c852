/**
 * The verifier's neutral network model: VPCs, subnets, route tables and routes, peerings, endpoints, security groups
 * and their rules, network ACLs, private zones, DRS replication templates, flow logs, the networks outside AWS with
 * their connections (transit gateway attachments, virtual private gateways and their VPNs) and the inbound resolver,
 * the recovery side (the recovery VPC's role, the EC2 launch templates DRS launches recovered instances from, the
 * blocks its ingress admits), the failback side (each source region's failback staging VPC, its role; the launch
 * templates failed-back instances launch from; what the configuration says is built), and what could face the internet. The judgments (flows/, dns.ts, forbidden.ts) read only this; the builders make it, one per source of
 * truth: declared/ from the resources a stack declares (synth, policy pack), aws/ from AWS's describe outputs
 * (verify-live).
 *
 * Names are what a reader knows a thing by (a logical name offline; the Name tag, else the id, live); `id`, where
 * set, is the live id the report shows beside a blocking component.
 */

/** A component that blocks a flow or breaks a rule, and why. */
export interface Finding {
  /** The logical name of the resource (live: its Name tag, else its id), or a description of what is missing. */
  readonly component: string;
  /** Its live id, when the model was read from AWS. */
  readonly id?: string;
  /** What is wrong with it. */
  readonly reason: string;
}

/** Anything the model names: a reader's name, and the live id when read from AWS. */
export interface Named {
  readonly name: string;
  readonly id?: string;
}

export interface VpcNode extends Named {
  /** Unique within the model. */
  readonly key: string;
  /** Its region, where known (a VPC seen only as a peer has none). */
  readonly region?: string;
  cidr?: string;
  /** Whether `cidr` was inferred from the peer's routes rather than known. */
  cidrInferred?: boolean;
  /** Whether the stack creates it (its flow logs and default ACL are then the stack's to set). */
  readonly created: boolean;
  /** Whether the model knows its subnets, route tables and groups (false for a VPC seen only as a peer). */
  readonly known: boolean;
  /**
   * What the VPC is for, where it is not a source or the staging VPC: `recovery`, the isolated VPC recovered instances
   * land in (its `Purpose: DRS recovery` tag, or the configuration's adopted recovery VPC); `failback`, a source
   * region's failback staging VPC, where reversed replication from the recovery VPC lands (named `failback-<region>-vpc`,
   * a staging VPC peered only with the recovery VPC, or the configuration's block for the region; live, the outputs').
   */
  role?: "recovery" | "failback";
}

export interface SubnetNode extends Named {
  readonly vpc?: VpcNode;
  readonly cidr?: string;
  readonly mapPublicIpOnLaunch?: boolean;
  readonly assignIpv6AddressOnCreation?: boolean;
}

export interface RouteNode extends Named {
  readonly table?: RouteTableNode;
  readonly destination?: string;
  readonly destinationIpv6?: string;
  /** The peering it targets. */
  readonly peering?: PeeringNode;
  /** The transit gateway or virtual private gateway it targets (`transitGatewayId`, or `gatewayId vgw-...`). */
  readonly connection?: ConnectionNode;
  /** What else it targets, as `<field> <value>` (`gatewayId igw-...`). */
  readonly otherTarget?: string;
  /** Live: a route whose target is gone (state `blackhole`). */
  readonly blackhole?: boolean;
}

export interface RouteTableNode extends Named {
  readonly key: string;
  vpc?: VpcNode;
  readonly routes: RouteNode[];
}

export interface PeeringNode extends Named {
  readonly key: string;
  readonly requester?: VpcNode;
  readonly accepter?: VpcNode;
  readonly peerRegion?: string;
  /** The requester's region. */
  readonly region?: string;
  accepted: boolean;
  /** Live: the status code when not active (`pending-acceptance`, `deleted`, `rejected`, ...). */
  readonly status?: string;
  /** Live: the accounts that own the requester and accepter VPCs (`OwnerId` of each side's VPC info). */
  readonly owners?: { readonly requester?: string; readonly accepter?: string };
}

/** One security group rule. */
export interface RuleNode {
  /** Who is named when the rule offends: the group for an inline rule, else the rule's own resource. */
  readonly owner: Named;
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrs: readonly string[];
  readonly ipv6Cidrs: readonly string[];
  /** The groups the rule names (source for ingress, destination for egress). */
  readonly groups: readonly SecurityGroupNode[];
  /** The AWS services whose prefix lists the rule names (`com.amazonaws.<region>.s3`). */
  readonly prefixListServices: readonly string[];
}

export interface SecurityGroupNode extends Named {
  /** False for a group the model names but does not know: its rules are unknown. */
  readonly known: boolean;
  readonly vpc?: VpcNode;
  readonly ingress: RuleNode[];
  readonly egress: RuleNode[];
  /** Whether it is a VPC's default group. */
  readonly isDefault?: boolean;
}

export interface EndpointNode extends Named {
  readonly vpc?: VpcNode;
  readonly serviceName: string;
  /** `Interface` or `Gateway`. */
  readonly type: string;
  readonly subnets: SubnetNode[];
  readonly securityGroups: SecurityGroupNode[];
  readonly routeTables: RouteTableNode[];
  readonly privateDnsEnabled: boolean;
  /** Its DNS names, first the regional one, as AWS lists them. */
  readonly dnsNames: readonly string[];
  /** Its policy document (JSON); `undefined` where it has none (AWS's default, full access), `null` where not known yet. */
  readonly policy?: string | null;
  /** Live: the state when not `available` (`pending`, `deleting`, `failed`, ...). */
  readonly state?: string;
}

export interface NaclRuleNode {
  readonly ruleNo: number;
  readonly allow: boolean;
  readonly protocol: string;
  readonly cidr?: string;
  readonly fromPort: number;
  readonly toPort: number;
}

export interface NaclNode extends Named {
  readonly ingress: NaclRuleNode[];
  readonly egress: NaclRuleNode[];
}

/** A DNS record of a private zone. */
export interface RecordNode extends Named {
  /** The record's name without the trailing dot. */
  readonly recordName: string;
  readonly type: string;
  /** The endpoints an alias record points to. */
  readonly aliasTargets: readonly EndpointNode[];
}

export interface ZoneNode extends Named {
  /** The zone's domain without the trailing dot. */
  readonly zoneName: string;
  /** The VPCs it is associated with. */
  readonly vpcs: readonly VpcNode[];
  readonly records: readonly RecordNode[];
}

/** A DRS replication configuration template. */
export interface TemplateNode extends Named {
  readonly stagingSubnet?: SubnetNode;
  readonly securityGroups: readonly SecurityGroupNode[];
  readonly dataPlaneRouting?: string;
  readonly createPublicIp?: boolean;
  readonly associateDefaultSecurityGroup?: boolean;
}

/**
 * An EC2 launch template DRS launches recovered instances from: the account's default one, which DRS copies to each
 * new source server (and, live, the source servers' own where read). Only its first network interface (device index
 * 0) is modelled: where the instance lands, the groups it wears, whether it gets a public address.
 */
export interface LaunchTemplateNode extends Named {
  /** Its region, where known (the DR region's is the recovery side's; a source region's, failback's). */
  readonly region?: string;
  /** The subnet of its first network interface; a stand-in (no VPC) for one the model does not know; none where unset. */
  readonly subnet?: SubnetNode;
  /** That interface's security groups (a stand-in, rules unknown, for one the model does not know). */
  readonly securityGroups: readonly SecurityGroupNode[];
  /** Whether that interface asks for a public IPv4 address (`associatePublicIpAddress`); `undefined` where unset (the subnet decides). */
  readonly associatePublicIp?: boolean;
  /** The instance metadata service's `httpTokens`: `required` is IMDSv2 only; `undefined` where unset (AWS's default, optional). */
  readonly httpTokens?: string;
}

export interface FlowLogNode extends Named {
  readonly vpc?: VpcNode;
  readonly trafficType?: string;
  /**
   * Live: why its records do not arrive, when AWS says so (`DeliverLogsStatus` `FAILED`, with `DeliverLogsErrorMessage`:
   * `Rate limited`, `Access error` or `Unknown error`, EC2 API `FlowLog`).
   */
  readonly deliveryError?: string;
  /** The delivery role's policies: whether each reaches every resource (`undefined`: not known). */
  readonly rolePolicies: readonly { readonly name: string; readonly roleName: string; readonly wide?: boolean }[];
}

/** One tunnel of a Site-to-Site VPN, as AWS reports it (`VgwTelemetry`). */
export interface TunnelNode {
  /** The outside address of AWS's end of the tunnel. */
  readonly outsideIp: string;
  /** `UP` or `DOWN`. */
  readonly status: string;
  /** AWS's word on a tunnel that is down (`StatusMessage`), where it gives one. */
  readonly statusMessage?: string;
}

/** A Site-to-Site VPN that lands on a virtual private gateway. */
export interface VpnNode extends Named {
  /** With static routing, the blocks it routes to the customer gateway; `undefined` with BGP (what the customer gateway announces). */
  readonly staticRoutes?: readonly string[];
  /** Live: the state when not `available` (`pending`, `deleting`, `deleted`). */
  readonly state?: string;
  /** Live: its tunnels; `undefined` where not read (offline). */
  readonly tunnels?: readonly TunnelNode[];
}

/** How networks outside AWS reach a VPC: a transit gateway attachment, or a virtual private gateway attached to it. */
export interface ConnectionNode extends Named {
  /** Unique within the model. */
  readonly key: string;
  /** A transit gateway attachment, or a virtual private gateway. */
  readonly kind: "transit-gateway" | "vpn-gateway";
  /** The gateway routes name: the transit gateway's id (`tgw-...`) or the virtual private gateway's (`vgw-...`), where known. */
  readonly gatewayId?: string;
  /** The VPC it is attached to. */
  vpc?: VpcNode;
  /** A transit gateway attachment's subnets (their network ACL filters what crosses it); none for a virtual private gateway. */
  readonly subnets: readonly SubnetNode[];
  /** Why it carries no traffic, when it does not (`is pendingAcceptance, not available`; `is not attached to ...`). */
  unusable?: string;
  /** The Site-to-Site VPNs that land on a virtual private gateway. */
  readonly vpns: VpnNode[];
}

/** A network outside AWS (a data centre): its blocks, and the connection through which it reaches a VPC. */
export interface ExternalNetworkNode extends Named {
  /** Unique within the model. */
  readonly key: string;
  /** Its blocks, as the VPC it reaches sees them. */
  readonly cidrBlocks: readonly string[];
  /** The VPC it reaches (the staging VPC). */
  readonly vpc?: VpcNode;
  /** The connection the VPC's routes to its blocks must target; `undefined` when the stack declares none for it. */
  readonly connection?: ConnectionNode;
  /** What the configuration names as its connection (`tgw-...`, `vgw-...`, a VPN to `203.0.113.10`), for messages. */
  readonly connectionLabel: string;
  /** Whether its servers ask the inbound resolver: UDP and TCP 53 must then reach it from every block. */
  readonly resolverClient: boolean;
}

/** A Route 53 Resolver endpoint: its addresses in subnets of its VPC, and its security groups. */
export interface ResolverEndpointNode extends Named {
  /** The VPC of its subnets. */
  readonly vpc?: VpcNode;
  /** `INBOUND` or `OUTBOUND`. */
  readonly direction: string;
  /** Its addresses, each in one subnet (the address itself where known). */
  readonly addresses: readonly { readonly subnet: SubnetNode; readonly ip?: string }[];
  /** The groups on its network interfaces: they must admit UDP and TCP 53 from its clients. */
  readonly securityGroups: readonly SecurityGroupNode[];
  /** Live: the status when not `OPERATIONAL`, with AWS's message. */
  readonly status?: string;
}

/** What the configuration says of failback. */
export interface FailbackFacts {
  readonly regions: readonly {
    readonly region: string;
    /** The failback staging VPC's block, where known. */
    readonly cidrBlock?: string;
    /** The DRS, EC2 and S3 interface endpoints and the zone's alias exist now (standby, or on demand and active). */
    readonly interfaceEndpoints: boolean;
  }[];
}

/** The whole model. Judgments read it; builders fill it. */
export interface NetworkModel {
  readonly vpcs: readonly VpcNode[];
  readonly subnets: readonly SubnetNode[];
  readonly tables: readonly RouteTableNode[];
  /** Each subnet's route table (live: its explicit one, else its VPC's main table). */
  readonly subnetTable: ReadonlyMap<SubnetNode, RouteTableNode>;
  readonly peerings: readonly PeeringNode[];
  readonly groups: readonly SecurityGroupNode[];
  readonly endpoints: readonly EndpointNode[];
  /** Each subnet's network ACL, where known; the others use their VPC's default ACL. */
  readonly subnetAcl: ReadonlyMap<SubnetNode, NaclNode>;
  /** Each VPC's default network ACL, where known (offline: where the stack manages it). */
  readonly vpcDefaultAcl: ReadonlyMap<VpcNode, NaclNode>;
  /** Every network ACL, with its VPC. */
  readonly acls: readonly { readonly acl: NaclNode; readonly vpc?: VpcNode }[];
  readonly zones: readonly ZoneNode[];
  readonly templates: readonly TemplateNode[];
  readonly flowLogs: readonly FlowLogNode[];
  /** Transit gateway attachments and virtual private gateways of the VPCs the model knows. */
  readonly connections: readonly ConnectionNode[];
  /** The networks outside AWS (from the configuration, else inferred from the routes to the connections). */
  readonly externalNetworks: readonly ExternalNetworkNode[];
  /** Route 53 Resolver endpoints of the VPCs the model knows. */
  readonly resolverEndpoints: readonly ResolverEndpointNode[];
  /** Internet Gateways, NAT gateways, Elastic IPs and the like, each with what it is. */
  readonly internetFacing: readonly Finding[];
  /** The VPC each of `internetFacing` is attached to or in, where the builder knows it. */
  readonly internetFacingVpc?: ReadonlyMap<Finding, VpcNode>;
  /**
   * The EC2 launch templates recovered instances launch from (the account's default one); `undefined` where not read
   * (live, until the capture holds them).
   */
  readonly launchTemplates?: readonly LaunchTemplateNode[];
  /**
   * The default EC2 launch templates of the failback regions (each source region with a failback staging VPC), which
   * failed-back instances launch from; `undefined` where not read (live, where the scope names none).
   */
  readonly failbackLaunchTemplates?: readonly LaunchTemplateNode[];
  /** Live: the failback regions whose default launch template the scope names but the capture does not hold (not read). */
  readonly unreadFailbackLaunchTemplates?: readonly string[];
  /**
   * What the configuration says of failback (`failback.enabled`): each source region failback returns to, its failback
   * staging block, and whether the DRS, EC2 and S3 interface endpoints and the zone's alias exist now (mode `standby`,
   * or `on-demand` with `active`). `undefined` without the configuration (the policy pack): the failback staging VPCs
   * are then known by their names and peerings, and the endpoints expected where any of them is there.
   */
  readonly failback?: FailbackFacts;
  /**
   * The blocks beyond its own that the recovery VPC's groups may admit (the configuration's `recovery.ingress`), and
   * whether they were inferred from its groups' rules (no configuration: the policy pack); `undefined` without a
   * recovery VPC.
   */
  readonly recoveryIngress?: { readonly blocks: readonly string[]; readonly inferred: boolean };
  /** Instances or network interfaces with a public address. */
  readonly publicAddresses: readonly Finding[];
  /** Routes outside any route table the model knows (inline routes of a default route table). */
  readonly strayRoutes: readonly RouteNode[];
  /** What the builder took on trust or could not read. */
  readonly notes: readonly string[];
  /** Notes for the flow-log check (a preview's unknown policy; the role's policy not read live). */
  readonly flowLogNotes: readonly string[];
}

/** The network ACL a subnet uses: its own, else its VPC's default ACL; `undefined` allows everything. */
export function aclOf(model: Pick<NetworkModel, "subnetAcl" | "vpcDefaultAcl">, subnet: SubnetNode | undefined): NaclNode | undefined {
  if (subnet === undefined) return undefined;
  return model.subnetAcl.get(subnet) ?? (subnet.vpc !== undefined ? model.vpcDefaultAcl.get(subnet.vpc) : undefined);
}

/** A finding about a node: its name, its live id where known, and the reason. */
export function blame(node: Named, reason: string): Finding {
  return node.id !== undefined && node.id !== node.name ? { component: node.name, id: node.id, reason } : { component: node.name, reason };
}

/** What a security group rule lets through, as a reader says it: `all traffic`, `TCP 443`, `UDP 1024-65535`. */
export function ruleText(rule: RuleNode): string {
  if (rule.protocol === "-1" || rule.protocol === "all") return "all traffic";
  const ports = rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
  return `${rule.protocol.toUpperCase()} ${ports}`;
}

/** Whether a route targets an internet, egress-only, carrier or NAT gateway. */
export function targetsInternet(route: RouteNode): boolean {
  const target = route.otherTarget;
  return target !== undefined && /igw-|nat-|eigw-|cagw-|natGatewayId|egressOnlyGatewayId|carrierGatewayId/.test(target);
}

/** A DNS name as compared: no `*.` prefix, no trailing dot, lower case. */
export function bareDnsName(name: unknown): string {
  return String(name ?? "")
    .replace(/^\*\./, "")
    .replace(/\.$/, "")
    .toLowerCase();
}

/** An undeclared VPC's block, when not given, is what the other side routes to it through the peering. */
export function inferPeerBlocks(vpcs: readonly VpcNode[], tables: readonly RouteTableNode[], notes: string[]): void {
  for (const vpc of vpcs) {
    if (vpc.known || vpc.cidr !== undefined) continue;
    const destinations = new Set(
      tables.flatMap((t) =>
        t.routes.filter((r) => r.peering !== undefined && (r.peering.requester === vpc || r.peering.accepter === vpc) && t.vpc !== vpc).map((r) => r.destination ?? ""),
      ),
    );
    if (destinations.size === 1) {
      vpc.cidr = [...destinations][0];
      vpc.cidrInferred = true;
      notes.push(`the block of ${vpc.name}, which the stack does not declare, is taken to be ${vpc.cidr}, the block the peer VPC routes to it`);
    }
  }
}
