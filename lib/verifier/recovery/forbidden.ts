/**
 * The recovery side's forbidden things, only where the network has a recovery VPC (so others' reports keep their
 * list): no path between its subnets and the internet (`recovery-internet`); nothing of the source or staging VPCs
 * that reaches it, by peering, shared transit gateway, route, security group or network ACL, and with failback, only
 * TCP 443 and 1500 (and their replies) between it and each failback staging VPC (`recovery-isolated`);
 * and the launch templates DRS launches recovered instances from put them in a recovery subnet, with the recovered
 * instances' group, no public IP and IMDSv2 (`recovery-launch-template`).
 *
 * One function per check, each named after its verdict's id (`forbidden:<id>`).
 */
import { blockContains, blocksOverlap, ipv4BlockProblem, parseIpv4Block } from "../../cidr";
import { ANYWHERE } from "../../networkAcl";
import { naclDecisions } from "../acl";
import { FailbackSide, failbackSides } from "../failback/side";
import { stagingSides } from "../flows";
import { aclOf, blame, Finding, LaunchTemplateNode, NaclNode, NetworkModel, RouteNode, RouteTableNode, ruleText, SecurityGroupNode, targetsInternet, VpcNode } from "../model";
import { forbiddenVerdict, Verdict } from "../verdict";
import { isRecovery, RecoverySide, recoverySides } from "./side";

/** Every recovery check, where the model has a recovery VPC. */
export function recoveryChecks(model: NetworkModel): Verdict[] {
  const sides = recoverySides(model);
  if (sides.length === 0) return [];
  return [recoveryInternet(model, sides), recoveryIsolated(model, sides), recoveryLaunchTemplate(model, sides)];
}

/** The recovery VPCs' names, for sentences. */
function names(sides: readonly RecoverySide[]): string {
  return sides.map((s) => s.vpc.name).join(", ");
}

/** The route tables of a recovery VPC: its own, and its subnets'. */
function tablesOf(model: NetworkModel, side: RecoverySide): RouteTableNode[] {
  return [...new Set([...model.tables.filter((t) => t.vpc === side.vpc), ...side.subnets.flatMap((s) => model.subnetTable.get(s) ?? [])])];
}

/** What a route sends where: `sends 0.0.0.0/0 to gatewayId igw-...`. */
function routeText(route: RouteNode): string {
  const target = route.peering?.name ?? route.connection?.name ?? route.otherTarget;
  return `sends ${route.destination ?? route.destinationIpv6 ?? "its destination"}${target !== undefined ? ` to ${target}` : ""}`;
}

/** No gateway in a recovery VPC, no route of its subnets out to the internet, no public IP mapping on them. */
function recoveryInternet(model: NetworkModel, sides: readonly RecoverySide[]): Verdict {
  const offenders = sides.flatMap((side): Finding[] => {
    const where = `the recovery VPC ${side.vpc.name}`;
    return [
      ...model.internetFacing.filter((f) => model.internetFacingVpc?.get(f) === side.vpc).map((f) => ({ ...f, reason: `${f.reason}: a way between ${where} and the internet` })),
      ...tablesOf(model, side).flatMap((t) =>
        t.routes.filter((r) => r.destination === ANYWHERE || r.destinationIpv6 === "::/0" || targetsInternet(r)).map((r) => blame(r, `in ${t.name} ${routeText(r)}: a way out of ${where}`)),
      ),
      ...side.subnets.flatMap((s) => [
        ...(s.mapPublicIpOnLaunch === true ? [blame(s, `maps a public IP to every instance launched in it, in ${where}`)] : []),
        ...(s.assignIpv6AddressOnCreation === true ? [blame(s, `assigns an IPv6 address to every interface created in it, in ${where}`)] : []),
      ]),
    ];
  });
  return forbiddenVerdict(
    "recovery-internet",
    `the recovery VPC ${names(sides)} has no path to or from the internet: no gateway attached to it, no route of its subnets to 0.0.0.0/0, ::/0 or an internet or NAT gateway, no public IP mapping`,
    offenders,
  );
}

/** A source or staging VPC, with what it is, for sentences. */
interface OtherVpc {
  readonly vpc: VpcNode;
  /** Which side it is, as a sentence names it. */
  readonly what: "the staging VPC" | "a source VPC";
}

/** The staging VPCs and the source VPCs peered with them. */
function sourceAndStaging(model: NetworkModel): OtherVpc[] {
  const found = new Map<VpcNode, OtherVpc>();
  for (const { staging, peerings } of stagingSides(model)) {
    found.set(staging, { vpc: staging, what: "the staging VPC" });
    for (const p of peerings) {
      const source = p.requester === staging ? p.accepter : p.requester;
      if (source !== undefined && !found.has(source)) found.set(source, { vpc: source, what: "a source VPC" });
    }
  }
  return [...found.values()];
}

/** A source or staging VPC in a sentence: `staging-vpc, the staging VPC (10.0.0.0/16)`. */
function otherText(other: OtherVpc): string {
  return `${other.vpc.name}, ${other.what}${other.vpc.cidr !== undefined ? ` (${other.vpc.cidr})` : ""}`;
}

/** Whether `cidr` is a valid block inside `outer` (a VPC's block, where known). */
function inside(cidr: string | undefined, outer: string | undefined): boolean {
  return cidr !== undefined && outer !== undefined && ipv4BlockProblem(cidr) === undefined && ipv4BlockProblem(outer) === undefined && blockContains(parseIpv4Block(outer), parseIpv4Block(cidr));
}

/** The source or staging VPC whose block `cidr` overlaps, when it is not the recovery VPC's own (nor the whole internet, the other checks'). */
function reachedBlock(cidr: string | undefined, others: readonly OtherVpc[], recovery: VpcNode): OtherVpc | undefined {
  if (inside(cidr, recovery.cidr)) return undefined;
  return others.find((o) => overlaps(cidr, o.vpc.cidr));
}

/** How a block relates to a source or staging VPC's: its block, or one that overlaps it. */
function blockText(cidr: string, other: OtherVpc): string {
  return cidr === other.vpc.cidr ? `${cidr} (the block of ${other.vpc.name}, ${other.what})` : `${cidr} (which overlaps ${other.vpc.cidr} of ${other.vpc.name}, ${other.what})`;
}

/**
 * Nothing of the source or staging VPCs reaches a recovery VPC: no peering joins them, no transit gateway has both,
 * no route of one sends the other's block anywhere, and no group or network ACL of the recovery VPC admits their
 * blocks (rules naming 0.0.0.0/0 are open-ingress's and, in an ACL, the S3 replies'; a block inside the recovery
 * VPC's own, as with copyPrivateIp, is its own traffic).
 */
function recoveryIsolated(model: NetworkModel, sides: readonly RecoverySide[]): Verdict {
  const others = sourceAndStaging(model);
  const failbacks = failbackSides(model).filter((f) => f.vpc.cidr !== undefined && ipv4BlockProblem(f.vpc.cidr) === undefined);
  const offenders = sides.flatMap((side) => [
    ...isolationPeerings(model, side, others),
    ...isolationConnections(model, side, others),
    ...isolationRoutes(model, side, others),
    ...isolationGroups(model, side, others),
    ...isolationAcls(model, side, others),
    ...failbacks.flatMap((f) => failbackReach(model, side, f)),
  ]);
  const notes = sides.flatMap((side) =>
    others
      .filter((o) => overlaps(o.vpc.cidr, side.vpc.cidr))
      .map((o) => `the recovery VPC ${side.vpc.name}'s block ${side.vpc.cidr} overlaps ${otherText(o)}: rules naming a block inside the recovery VPC's own are its own traffic, and not counted`),
  );
  const toFailback = failbacks.length > 0 ? `; it reaches the failback staging VPCs (${failbacks.map((f) => f.vpc.name).join(", ")}) on TCP 443 and 1500 only, and they never reach into it` : "";
  return forbiddenVerdict(
    "recovery-isolated",
    `nothing of the source or staging VPCs reaches the recovery VPC ${names(sides)}: no peering, transit gateway or route between them, and no security group or network ACL of it admits their blocks${toFailback}`,
    [...new Map(offenders.map((o) => [`${o.component} ${o.reason}`, o])).values()],
    notes,
  );
}

/** The ports the recovery VPC may open toward a failback staging VPC: DRS's (HTTPS to its endpoints, TCP 1500 to its replication servers). */
const FAILBACK_PORTS = [443, 1500] as const;

/** What a rule or ACL decision opens, as a reader says it: `all traffic`, `TCP 22`, `UDP 0-65535`. */
function rangeText(protocol: string, from: number, to: number): string {
  return protocol === "tcp" || protocol === "udp" ? `${protocol.toUpperCase()} ${from === to ? from : `${from}-${to}`}` : protocol === "other" ? "every other protocol" : protocol.toUpperCase();
}

/**
 * Between the recovery VPC and a failback staging VPC, only what failback needs: its groups let out TCP 443 and 1500
 * to the failback block and admit nothing from it (the replies come back by connection tracking), and its network
 * ACLs let out only TCP 443 and 1500 to it and let in only the replies (TCP 1024-65535). Rules naming 0.0.0.0/0 are
 * the internet checks' and, in an ACL, the S3 replies'; a block inside the recovery VPC's own is its own traffic.
 */
function failbackReach(model: NetworkModel, side: RecoverySide, failback: FailbackSide): Finding[] {
  const block = failback.vpc.cidr as string;
  const what = `${block} (the block of ${failback.vpc.name}, the failback staging VPC of ${failback.region})`;
  const toward = (cidr: string) => overlaps(cidr, block) && !inside(cidr, side.vpc.cidr);
  const inFailback = (g: SecurityGroupNode) => g.vpc === failback.vpc;
  const onlyFailbackPorts = (rule: SecurityGroupNode["egress"][number]) => rule.protocol.toLowerCase() === "tcp" || rule.protocol === "6" ? FAILBACK_PORTS.some((p) => rule.fromPort === p && rule.toPort === p) : false;
  const groups = model.groups.filter((g) => g.vpc === side.vpc).flatMap((g): Finding[] => [
    ...g.ingress.flatMap((rule) =>
      [...rule.cidrs.filter(toward).map(() => what), ...rule.groups.filter(inFailback).map((peer) => `${peer.name} of ${failback.vpc.name}`)].map((from) =>
        blame(rule.owner, `admits ${ruleText(rule)} from ${from} into the recovery VPC ${side.vpc.name}: a failback staging VPC is reached from it, never reaches into it`),
      ),
    ),
    ...g.egress
      .filter((rule) => !onlyFailbackPorts(rule))
      .flatMap((rule) =>
        [...rule.cidrs.filter(toward).map(() => what), ...rule.groups.filter(inFailback).map((peer) => `${peer.name} of ${failback.vpc.name}`)].map((to) =>
          blame(rule.owner, `lets out ${ruleText(rule)} to ${to}: only TCP 443 and 1500 go from the recovery VPC ${side.vpc.name} to a failback staging VPC`),
        ),
      ),
  ]);
  const acls = [...new Set([...model.acls.filter((a) => a.vpc === side.vpc).map((a) => a.acl), ...side.subnets.flatMap((s) => aclOf(model, s) ?? [])])];
  const opened = (acl: NaclNode, direction: "ingress" | "egress", allowedTcp: readonly { from: number; to: number }[]) =>
    (["tcp", "udp", "icmp", "other"] as const).flatMap((protocol) =>
      naclDecisions(acl[direction], protocol, { from: 0, to: 65535 }, block, "forbidden")
        .filter((d) => d.rule?.allow === true && d.rule.cidr !== ANYWHERE && !inside(d.rule.cidr, side.vpc.cidr))
        .flatMap((d) => (protocol === "tcp" ? allowedTcp.reduce((left, a) => left.flatMap((r) => minus(r, a)), [{ from: d.from, to: d.to }]) : [{ from: d.from, to: d.to }]).map((r) => `${rangeText(protocol, r.from, r.to)} (rule ${d.rule?.ruleNo})`)),
    );
  const aclFindings = acls.flatMap((acl): Finding[] => {
    const out = [...new Set(opened(acl, "egress", FAILBACK_PORTS.map((p) => ({ from: p, to: p }))))];
    const into = [...new Set(opened(acl, "ingress", [{ from: 1024, to: 65535 }]))];
    return [
      ...(out.length > 0 ? [blame(acl, `lets out ${out.join(", ")} to ${what}: only TCP 443 and 1500 go from the recovery VPC ${side.vpc.name} to a failback staging VPC`)] : []),
      ...(into.length > 0 ? [blame(acl, `admits ${into.join(", ")} from ${what} into the recovery VPC ${side.vpc.name}'s subnets: only the replies (TCP 1024-65535) come back from a failback staging VPC`)] : []),
    ];
  });
  return [...groups, ...aclFindings];
}

/** A port range without another. */
function minus(range: { from: number; to: number }, cut: { from: number; to: number }): { from: number; to: number }[] {
  if (cut.to < range.from || cut.from > range.to) return [range];
  return [...(range.from < cut.from ? [{ from: range.from, to: cut.from - 1 }] : []), ...(cut.to < range.to ? [{ from: cut.to + 1, to: range.to }] : [])];
}

/** Whether a peering may carry traffic: not deleted, rejected, failed or expired. */
function carries(status: string | undefined): boolean {
  return status === undefined || !["deleted", "rejected", "failed", "expired"].includes(status);
}

/** Each peering (that may carry traffic) joining the recovery VPC to a source or staging VPC. */
function isolationPeerings(model: NetworkModel, side: RecoverySide, others: readonly OtherVpc[]): Finding[] {
  return model.peerings.flatMap((p) => {
    const far = p.requester === side.vpc ? p.accepter : p.accepter === side.vpc ? p.requester : undefined;
    const other = others.find((o) => o.vpc === far);
    return other !== undefined && carries(p.status) ? [blame(p, `joins the recovery VPC ${side.vpc.name} to ${otherText(other)}`)] : [];
  });
}

/** Each transit gateway attachment of the recovery VPC to a transit gateway a source or staging VPC is attached to too. */
function isolationConnections(model: NetworkModel, side: RecoverySide, others: readonly OtherVpc[]): Finding[] {
  return model.connections
    .filter((c) => c.vpc === side.vpc && c.kind === "transit-gateway" && c.gatewayId !== undefined)
    .flatMap((c) => {
      const shared = model.connections.find((o) => o !== c && o.gatewayId === c.gatewayId && others.some((x) => x.vpc === o.vpc));
      const other = others.find((x) => x.vpc === shared?.vpc);
      return other !== undefined ? [blame(c, `attaches the recovery VPC ${side.vpc.name} to ${c.gatewayId}, which ${otherText(other)} is attached to too`)] : [];
    });
}

/** Whether two blocks, both valid, overlap; the whole internet is the internet checks'. */
function overlaps(cidr: string | undefined, other: string | undefined): boolean {
  if (cidr === undefined || other === undefined || ipv4BlockProblem(cidr) !== undefined || ipv4BlockProblem(other) !== undefined) return false;
  return parseIpv4Block(cidr).prefixLength > 0 && blocksOverlap(parseIpv4Block(cidr), parseIpv4Block(other));
}

/**
 * Routes between the two sides: one through a peering that joins them, or one that sends the other side's block
 * anywhere but locally (a block of the source or staging side itself, with copyPrivateIp inside the recovery VPC's,
 * is theirs; internet targets are recovery-internet's).
 */
function isolationRoutes(model: NetworkModel, side: RecoverySide, others: readonly OtherVpc[]): Finding[] {
  const counted = (r: RouteNode) => r.otherTarget !== "gatewayId local" && !targetsInternet(r);
  const peerOf = (r: RouteNode) => (r.peering !== undefined && [r.peering.requester, r.peering.accepter].includes(side.vpc) ? others.find((o) => [r.peering?.requester, r.peering?.accepter].includes(o.vpc)) : undefined);
  const fromRecovery = tablesOf(model, side).flatMap((t) =>
    t.routes.flatMap((r) => {
      const other = reachedBlock(r.destination, others, side.vpc) ?? peerOf(r);
      return other !== undefined && counted(r) ? [blame(r, `in ${t.name} ${routeText(r)}, toward ${otherText(other)}`)] : [];
    }),
  );
  const toRecovery = model.tables
    .filter((t) => others.some((o) => o.vpc === t.vpc))
    .flatMap((t) =>
      t.routes.flatMap((r) => {
        const towardRecovery = overlaps(r.destination, side.vpc.cidr) && !others.some((o) => inside(r.destination, o.vpc.cidr));
        return (towardRecovery || peerOf(r) !== undefined) && counted(r) ? [blame(r, `in ${t.name} ${routeText(r)}, toward the recovery VPC ${side.vpc.name}${side.vpc.cidr !== undefined ? ` (${side.vpc.cidr})` : ""}`)] : [];
      }),
    );
  return [...fromRecovery, ...toRecovery];
}

/** Ingress rules of the recovery VPC's groups that name a source or staging block, or a group of theirs. */
function isolationGroups(model: NetworkModel, side: RecoverySide, others: readonly OtherVpc[]): Finding[] {
  const into = `into the recovery VPC ${side.vpc.name}`;
  return model.groups
    .filter((g) => g.vpc === side.vpc)
    .flatMap((g) =>
      g.ingress.flatMap((rule): Finding[] => [
        ...rule.cidrs.flatMap((c) => {
          const other = reachedBlock(c, others, side.vpc);
          return other !== undefined ? [blame(rule.owner, `admits ${ruleText(rule)} from ${blockText(c, other)} ${into}`)] : [];
        }),
        ...rule.groups.flatMap((peer: SecurityGroupNode) => {
          const other = others.find((o) => o.vpc === peer.vpc);
          return other !== undefined ? [blame(rule.owner, `admits ${ruleText(rule)} from ${peer.name} of ${otherText(other)} ${into}`)] : [];
        }),
      ]),
    );
}

/** What each network ACL of the recovery VPC lets in from a source or staging block (rules for 0.0.0.0/0 aside), as one finding per ACL and block. */
function isolationAcls(model: NetworkModel, side: RecoverySide, others: readonly OtherVpc[]): Finding[] {
  const acls = [...new Set([...model.acls.filter((a) => a.vpc === side.vpc).map((a) => a.acl), ...side.subnets.flatMap((s) => aclOf(model, s) ?? [])])];
  const blocks = others.filter((o) => reachedBlock(o.vpc.cidr, others, side.vpc) !== undefined);
  return acls.flatMap((acl) => blocks.flatMap((o) => aclAdmits(acl, o, side.vpc)));
}

/** What one ACL's ingress rules, in order, allow from one source or staging block, but for rules naming 0.0.0.0/0. */
function aclAdmits(acl: NaclNode, other: OtherVpc, recovery: VpcNode): Finding[] {
  const block = other.vpc.cidr as string;
  const open = (["tcp", "udp", "icmp", "other"] as const).flatMap((protocol) =>
    naclDecisions(acl.ingress, protocol, { from: 0, to: 65535 }, block, "forbidden")
      .filter((d) => d.rule?.allow === true && d.rule.cidr !== ANYWHERE)
      .map((d) => {
        const ports = protocol === "tcp" || protocol === "udp" ? ` ${d.from === d.to ? d.from : `${d.from}-${d.to}`}` : "";
        return `${protocol === "other" ? "every other protocol" : protocol.toUpperCase()}${ports} (rule ${d.rule?.ruleNo})`;
      }),
  );
  return open.length > 0 ? [blame(acl, `admits ${[...new Set(open)].join(", ")} from ${blockText(block, other)} into the recovery VPC ${recovery.name}'s subnets`)] : [];
}

/**
 * Each launch template DRS launches recovered instances from puts them in a subnet of a recovery VPC, wearing that
 * VPC's recovered-instance group, with no public IP (`associatePublicIpAddress` not true) and IMDSv2 required. None
 * declared fails: DRS would launch with its own defaults; none read (live, where the capture does not hold the
 * account's default template) is noted.
 */
function recoveryLaunchTemplate(model: NetworkModel, sides: readonly RecoverySide[]): Verdict {
  const description = `the default launch template launches recovered instances into a subnet of the recovery VPC ${names(sides)}, with the recovered instances' group, no public IP and IMDSv2 required`;
  const templates = model.launchTemplates;
  if (templates === undefined) {
    return forbiddenVerdict("recovery-launch-template", description, [], ["the account's default launch template was not read, so where DRS launches new source servers is not checked here"]);
  }
  const offenders =
    templates.length === 0
      ? [{ component: "the account's default launch template", reason: `is not declared, so DRS launches recovered instances with its own defaults, not into the recovery VPC ${names(sides)}` }]
      : templates.flatMap((t) => templateProblems(t, sides));
  return forbiddenVerdict("recovery-launch-template", description, offenders);
}

/** What is wrong with one launch template: its subnet, its groups, a public IP, IMDSv1. */
function templateProblems(t: LaunchTemplateNode, sides: readonly RecoverySide[]): Finding[] {
  const side = sides.find((s) => s.vpc === t.subnet?.vpc);
  const recoveryNames = names(sides);
  const found: string[] = [];
  if (t.subnet === undefined) found.push(`names no subnet, so its instances would launch into the region's default VPC, not the recovery VPC ${recoveryNames}`);
  else if (side === undefined || !isRecovery(t.subnet.vpc)) found.push(`launches into ${t.subnet.name}${t.subnet.vpc !== undefined ? ` of ${t.subnet.vpc.name}` : ""}, not a subnet of the recovery VPC ${recoveryNames}`);
  const wanted = side?.instanceGroups ?? sides.flatMap((s) => s.instanceGroups);
  const wantedText = wanted.length > 0 ? `the recovered instances' group ${wanted.map((g) => g.name).join(", ")}` : `a group of the recovery VPC ${recoveryNames}`;
  if (t.securityGroups.length === 0) found.push(`names no security group, not ${wantedText}`);
  else if (!t.securityGroups.some((g) => wanted.includes(g))) found.push(`gives its instances ${t.securityGroups.map((g) => g.name).join(", ")}, not ${wantedText}`);
  if (t.associatePublicIp === true) found.push("asks for a public IP address on its instances (associatePublicIpAddress true)");
  if (t.httpTokens !== "required") found.push(`does not require IMDSv2 (metadataOptions.httpTokens ${t.httpTokens ?? "unset, so optional"})`);
  return found.map((reason) => blame(t, reason));
}
