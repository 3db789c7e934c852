/**
 * The forbidden things: each absent, or listed with every offender. No way to or from the internet (gateways,
 * public addresses, default routes), no security group rule beyond the network's own blocks, DRS replication kept
 * private, peering routes no wider than the peer, flow logs on every VPC the stack creates, network ACLs that let
 * only TCP 443 and 1500 (and DNS for the inbound resolver's clients) from the sources into the staging subnets and
 * never SSH or RDP from anywhere, and with networks outside AWS no default route to their gateways; with a recovery
 * VPC, its own three checks (recovery/forbidden.ts), and its configured ingress blocks taken as the network's own; with
 * failback, the failback regions' launch templates (failback/forbidden.ts), and the failback staging subnets' ACLs
 * read as the staging subnets' are, the recovery VPC's block as their source block.
 *
 * One function per check, each named after its verdict's id (`forbidden:<id>`).
 */
import { blockContains, blocksOverlap, ipv4BlockProblem, parseIpv4Block } from "../cidr";
import { ANYWHERE, REMOTE_ADMIN_PORTS } from "../networkAcl";
import { naclDecisions, withoutPorts } from "./acl";
import { endpointPolicyFindings } from "./endpointPolicies";
import { failbackChecks } from "./failback/forbidden";
import { failbackSides } from "./failback/side";
import { stagingSides } from "./flows";
import { aclOf, blame, Finding, NaclNode, NetworkModel, RouteNode, ruleText, SecurityGroupNode, targetsInternet, VpcNode } from "./model";
import { recoveryChecks } from "./recovery/forbidden";
import { isRecovery } from "./recovery/side";
import { forbiddenVerdict, Verdict } from "./verdict";

/** Every forbidden check on the model, in the report's order. */
export function forbiddenChecks(model: NetworkModel, requireFlowLogs: boolean): Verdict[] {
  return [
    vpcsWithoutFlowLogs(model, requireFlowLogs),
    internetGateways(model),
    publicIps(model),
    internetRoutes(model),
    openIngress(model),
    openEgress(model),
    publicReplication(model),
    widePeeringRoutes(model),
    overlappingPeers(model),
    aclRemoteAdmin(model),
    stagingAclPorts(model),
    endpointPolicies(model),
    // Only where the network has gateways of networks outside AWS (or routes to one), so others' reports keep their list.
    ...(reachesOutside(model) ? [gatewayDefaultRoutes(model)] : []),
    // Only where the network has a recovery VPC (recovery/forbidden.ts).
    ...recoveryChecks(model),
    // Only where the network has a failback side (failback/forbidden.ts).
    ...failbackChecks(model),
  ];
}

/** A forbidden check's verdict: passed when it has no offenders. */
const check = forbiddenVerdict;

/** Flow logs of all traffic on every VPC the stack creates, each delivered by a role that can write only there. */
function vpcsWithoutFlowLogs(model: NetworkModel, requireFlowLogs: boolean): Verdict {
  const missing = requireFlowLogs
    ? model.vpcs
        .filter((v) => v.created)
        .filter((v) => !model.flowLogs.some((f) => f.vpc === v && f.trafficType === "ALL"))
        .map((v) => blame(v, "has no flow log of all its traffic"))
    : [];
  // A flow log AWS cannot deliver records nothing: it is named with AWS's reason.
  const undelivered = model.flowLogs.flatMap((f) =>
    f.deliveryError !== undefined ? [blame(f, `on ${f.vpc?.name ?? "its VPC"} delivers nothing: DeliverLogsStatus FAILED (${f.deliveryError})`)] : [],
  );
  const flowLogNotes = requireFlowLogs ? model.flowLogNotes : ["flow logs are turned off by the configuration", ...model.flowLogNotes];
  const wideFlowLogRoles = model.flowLogs.flatMap((f) =>
    f.rolePolicies.filter((p) => p.wide === true).map((p) => ({ component: p.name, reason: `lets the flow-log role ${p.roleName} act on every resource, not only its log group` })),
  );
  return check("vpcs-without-flow-logs", "every VPC of the stack has flow logs of all traffic, delivered by a role that writes only to its log group", [...missing, ...undelivered, ...wideFlowLogRoles], flowLogNotes);
}

function internetGateways(model: NetworkModel): Verdict {
  return check("internet-gateways", "no Internet Gateway, egress-only gateway, NAT gateway or Elastic IP", [...model.internetFacing]);
}

function publicIps(model: NetworkModel): Verdict {
  const offenders: Finding[] = [
    ...model.subnets.flatMap((s): Finding[] => [
      ...(s.mapPublicIpOnLaunch === true ? [blame(s, "maps a public IP to every instance launched in it")] : []),
      ...(s.assignIpv6AddressOnCreation === true ? [blame(s, "assigns an IPv6 address to every interface created in it")] : []),
    ]),
    ...model.publicAddresses,
  ];
  return check("public-ips", "no public IP mapping on any subnet or instance", offenders);
}

function internetRoutes(model: NetworkModel): Verdict {
  const offenders = [...model.tables.flatMap((t) => t.routes), ...model.strayRoutes].flatMap((route): Finding[] => {
    const found: Finding[] = [];
    if (route.destination === ANYWHERE) found.push(blame(route, "routes 0.0.0.0/0"));
    if (route.destinationIpv6 === "::/0") found.push(blame(route, "routes ::/0"));
    if (targetsInternet(route)) found.push(blame(route, `targets ${route.otherTarget}`));
    return found;
  });
  return check("internet-routes", "no route to 0.0.0.0/0 or ::/0, and none to an internet or NAT gateway", offenders);
}

function openIngress(model: NetworkModel): Verdict {
  return check("open-ingress", "no security group admits traffic from outside the declared VPC blocks", rulesOutsideBlocks(model, "ingress"), [...model.notes, ...recoveryIngressNotes(model)]);
}

/** Where the recovery VPC's admitted blocks were inferred (no configuration), which they are. */
function recoveryIngressNotes(model: NetworkModel): string[] {
  const ingress = model.recoveryIngress;
  if (ingress === undefined || !ingress.inferred || ingress.blocks.length === 0) return [];
  return [
    `the blocks the recovery VPC's groups admit from beyond it are taken as its configured ingress (${ingress.blocks.join(", ")}), inferred from those groups' rules; ` +
      "with the configuration's recovery.ingress a block it does not name is caught too",
  ];
}

function openEgress(model: NetworkModel): Verdict {
  return check("open-egress", "no security group lets traffic out to outside the declared VPC blocks", rulesOutsideBlocks(model, "egress"));
}

/** The security group rules of one direction that name a block outside every known VPC block, or any IPv6 block. */
function rulesOutsideBlocks(model: NetworkModel, prop: "ingress" | "egress"): Finding[] {
  // The networks outside AWS are the network's own blocks too: their flows are required.
  const blocks = [...model.vpcs.flatMap((v) => v.cidr ?? []), ...model.externalNetworks.flatMap((n) => n.cidrBlocks)];
  const parsed = (list: readonly string[]) => list.flatMap((c) => (ipv4BlockProblem(c) === undefined ? [parseIpv4Block(c)] : []));
  const knownBlocks = parsed(blocks);
  // The recovery VPC's groups may admit its configured ingress blocks too (the recovered applications' users).
  const recoveryBlocks = prop === "ingress" ? parsed(model.recoveryIngress?.blocks ?? []) : [];
  const blocksOf = (group: SecurityGroupNode) => (isRecovery(group.vpc) ? [...knownBlocks, ...recoveryBlocks] : knownBlocks);
  return model.groups.flatMap((group) =>
    group[prop].flatMap((rule): Finding[] => [
      ...rule.cidrs
        .filter((c) => ipv4BlockProblem(c) !== undefined || !blocksOf(group).some((b) => blockContains(b, parseIpv4Block(c))))
        .map((c) => blame(rule.owner, `${prop === "ingress" ? "admits" : "lets out"} ${ruleText(rule)} ${prop === "ingress" ? "from" : "to"} ${c}, outside every declared VPC block`)),
      ...rule.ipv6Cidrs.map((c) => blame(rule.owner, `${prop === "ingress" ? "admits" : "lets out"} ${ruleText(rule)} ${prop === "ingress" ? "from" : "to"} the IPv6 block ${c}; the network has no IPv6`)),
    ]),
  );
}

/**
 * DRS replication must stay private: over the peering, with no public IP, and without DRS's own default group,
 * which DRS keeps open on TCP 1500.
 */
function publicReplication(model: NetworkModel): Verdict {
  const offenders = model.templates.flatMap((t): Finding[] => [
    ...(t.dataPlaneRouting !== "PRIVATE_IP" ? [blame(t, `routes replication data over ${String(t.dataPlaneRouting)}, not PRIVATE_IP`)] : []),
    ...(t.createPublicIp !== false ? [blame(t, "gives replication servers public IPs")] : []),
    ...(t.associateDefaultSecurityGroup !== false ? [blame(t, "adds DRS's default security group, which DRS keeps open on TCP 1500")] : []),
  ]);
  return check("public-replication", "DRS replicates over private IPs only, with no public IP and no DRS default security group", offenders);
}

/** No peering route wider than the peer's block; a peer whose block is unknown or inferred is noted. */
function widePeeringRoutes(model: NetworkModel): Verdict {
  const unverifiable: string[] = [];
  const offenders = model.tables.flatMap((table) =>
    table.routes.flatMap((r): Finding[] => {
      if (r.peering === undefined || r.destination === undefined) return [];
      const peer = r.peering.requester === table.vpc ? r.peering.accepter : r.peering.requester;
      if (peer?.cidr === undefined || ipv4BlockProblem(peer.cidr) !== undefined) {
        unverifiable.push(`${r.name}: the block of the peer VPC ${peer?.name ?? "(unknown)"} is not known`);
        return [];
      }
      if (ipv4BlockProblem(r.destination) !== undefined || !blockContains(parseIpv4Block(peer.cidr), parseIpv4Block(r.destination))) {
        return [blame(r, `routes ${r.destination} to ${r.peering.name}, wider than the peer VPC's ${peer.cidr}`)];
      }
      if (peer.cidrInferred === true) unverifiable.push(`${r.name}: checked against the inferred block ${peer.cidr}`);
      return [];
    }),
  );
  return check("wide-peering-routes", "no peering route is wider than the peer VPC's block", offenders, unverifiable);
}

function overlappingPeers(model: NetworkModel): Verdict {
  const offenders = model.peerings.flatMap((p): Finding[] => {
    const [a, b] = [p.requester?.cidr, p.accepter?.cidr];
    if (a === undefined || b === undefined || ipv4BlockProblem(a) !== undefined || ipv4BlockProblem(b) !== undefined) return [];
    return blocksOverlap(parseIpv4Block(a), parseIpv4Block(b)) ? [blame(p, `joins overlapping blocks ${a} and ${b}`)] : [];
  });
  return check("overlapping-peers", "no peering joins overlapping blocks", offenders);
}

/**
 * Security Hub EC2.21: no network ACL of a VPC the stack creates admits 0.0.0.0/0 to SSH or RDP, rules read in
 * order; a created VPC's default ACL left unmanaged allows everything, those ports too.
 */
function aclRemoteAdmin(model: NetworkModel): Verdict {
  const offenders: Finding[] = [
    ...model.vpcs
      .filter((v) => v.created && !model.vpcDefaultAcl.has(v))
      .map((v) => blame(v, "leaves its default network ACL unmanaged, which admits everything from 0.0.0.0/0, TCP 22 and 3389 too")),
    ...model.acls
      .filter(({ vpc }) => vpc === undefined || vpc.created)
      .flatMap(({ acl }) =>
        REMOTE_ADMIN_PORTS.flatMap((port): Finding[] => {
          const rule = naclDecisions(acl.ingress, "tcp", { from: port, to: port }, ANYWHERE, "exact")[0].rule;
          return rule?.allow === true ? [blame(acl, `admits TCP ${port} from 0.0.0.0/0 (rule ${rule.ruleNo})`)] : [];
        }),
      ),
  ];
  return check("acl-remote-admin", "no network ACL of a created VPC admits 0.0.0.0/0 to TCP 22 or 3389 (Security Hub EC2.21)", offenders);
}

/**
 * From a source block (a source VPC's, or an external network's), only TCP 443 (endpoints) and TCP 1500 (replication)
 * may enter a staging subnet, and UDP and TCP 53 from a block whose servers ask the inbound resolver: read in order,
 * any other port, protocol or address of a source block that an ACL lets in is an offender. A failback staging VPC's
 * source block is the recovery VPC's.
 */
function stagingAclPorts(model: NetworkModel): Verdict {
  const forward = stagingSides(model).map(({ staging, peerings, externals }) => ({
    staging,
    sourceBlocks: [
      ...peerings.map((p) => ({ cidr: (p.requester === staging ? p.accepter : p.requester)?.cidr, dns: false })),
      ...externals.flatMap((n) => n.cidrBlocks.map((cidr) => ({ cidr, dns: n.resolverClient }))),
    ],
  }));
  const failback = failbackSides(model).map((f) => ({ staging: f.vpc, sourceBlocks: [{ cidr: f.recovery?.vpc.cidr, dns: false }] }));
  const offenders = [...forward, ...failback].flatMap(({ staging, sourceBlocks }) => {
    const blocks = [...new Map(sourceBlocks.flatMap((b) => (b.cidr !== undefined && ipv4BlockProblem(b.cidr) === undefined ? [[b.cidr, b] as const] : []))).values()];
    const seen = new Set<string>();
    return model.subnets
      .filter((s) => s.vpc === staging)
      .flatMap((subnet): Finding[] => {
        const acl = aclOf(model, subnet);
        const key = acl?.name ?? `unmanaged:${staging.key}`;
        if (seen.has(key)) return [];
        seen.add(key);
        if (acl === undefined) return [blame(subnet, `has no managed network ACL, so every port is open from ${blocks.map((b) => b.cidr).join(", ")}`)];
        return blocks.flatMap((block) => openFromSource(acl, block.cidr as string, staging, block.dns));
      });
  });
  return check("staging-acl-ports", "from each source block, only TCP 443 and 1500 (and DNS from the inbound resolver's clients) enter the staging subnets (network ACLs read in order)", offenders);
}

/** What a staging subnet's ACL lets in from one source block besides TCP 443 and 1500 (and 53 for DNS), as one finding. */
function openFromSource(acl: NaclNode, block: string, staging: VpcNode, dns: boolean): Finding[] {
  const ranges = (protocol: "tcp" | "udp", allowed: readonly number[]) =>
    naclDecisions(acl.ingress, protocol, { from: 0, to: 65535 }, block, "forbidden")
      .filter((d) => d.rule?.allow === true)
      .flatMap((d) => withoutPorts(d, allowed).map((r) => `${protocol.toUpperCase()} ${r.from === r.to ? r.from : `${r.from}-${r.to}`} (rule ${d.rule?.ruleNo})`));
  // A DNS client's block may send UDP 53 and TCP 53 too; any other block no UDP at all.
  const tcp = ranges("tcp", [443, 1500, ...(dns ? [53] : [])]);
  const udp = dns ? ranges("udp", [53]) : [];
  const others = ([...(dns ? [] : ["udp" as const]), "icmp", "other"] as const).flatMap((protocol) => {
    const rule = naclDecisions(acl.ingress, protocol, { from: 0, to: 65535 }, block, "forbidden").find((d) => d.rule?.allow === true)?.rule;
    return rule !== undefined ? [`${protocol === "other" ? "every other protocol" : protocol.toUpperCase()} (rule ${rule.ruleNo})`] : [];
  });
  const open = [...tcp, ...udp, ...others];
  return open.length > 0 ? [blame(acl, `admits ${open.join(", ")} from the source block ${block} into ${staging.name}'s subnets`)] : [];
}

/** Whether the model has a gateway of a network outside AWS, or a route to one. */
function reachesOutside(model: NetworkModel): boolean {
  return model.connections.length > 0 || model.externalNetworks.length > 0 || model.tables.some((t) => t.routes.some(toGateway));
}

/** Whether a route targets a transit gateway or a virtual private gateway. */
function toGateway(route: RouteNode): boolean {
  return route.connection !== undefined || /^(transitGatewayId |gatewayId vgw-)/.test(route.otherTarget ?? "");
}

/**
 * No staging route table sends a default route (0.0.0.0/0, ::/0) to a transit gateway or virtual private gateway:
 * whatever the other side routes to, the internet included, would be a path out of the staging area. The routes to
 * the external blocks are static, one per block (lib/plan/external.ts).
 */
function gatewayDefaultRoutes(model: NetworkModel): Verdict {
  const staging = new Set(stagingSides(model).map((s) => s.staging));
  const offenders = model.tables
    .filter((t) => t.vpc !== undefined && staging.has(t.vpc))
    .flatMap((t) => t.routes.filter((r) => toGateway(r) && (r.destination === ANYWHERE || r.destinationIpv6 === "::/0")))
    .map((r) => {
      const target = r.connection?.name ?? r.otherTarget?.split(" ")[1] ?? "a gateway";
      return blame(r, `in ${r.table?.name ?? "a staging route table"} sends ${r.destination ?? r.destinationIpv6} to ${target}: whatever the other side routes to, the internet included, is a path out of the staging area`);
    });
  return check("gateway-default-routes", "no staging route table sends a default route (0.0.0.0/0 or ::/0) to a transit gateway or virtual private gateway", offenders);
}

function endpointPolicies(model: NetworkModel): Verdict {
  const policies = endpointPolicyFindings(model);
  return check("endpoint-policies", "every endpoint has a policy that admits only principals it names (the stack's accounts, AWS services) or only resources it names", policies.offenders, policies.notes);
}
