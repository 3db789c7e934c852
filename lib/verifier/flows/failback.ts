/**
 * The reverse flows of failback, per source region A (only where the network has a failback staging VPC): the mirror
 * of the forward path, from the recovery VPC in the DR region back to region A (DRS guide, "Performing a failback for
 * cross-Region replication"). From each recovery subnet, wearing the recovered instances' group: DRS of A by its
 * regional name (the zone `drs.<A>.amazonaws.com` associated with the recovery VPC, its apex alias to DRS(A)'s
 * endpoint in the failback staging VPC, never to the DR region's), A's S3 and EC2 interface endpoints, each on TCP
 * 443 over the failback peering; TCP 1500 to the failback replication servers (region A's template: its staging
 * subnet, its group). From each failback staging subnet and from the replication servers: A's DRS and EC2 endpoints on
 * 443 (the servers call DRS by its regional name too, through the same zone) and S3 through A's gateway endpoint.
 * Each with the replies.
 *
 * On demand and not active, the interface endpoints and the zone's alias do not exist yet: their flows are not
 * required, a `failback:<A>-staged` verdict says what is staged (the peering accepted, the zone on both VPCs), and TCP
 * 1500, the routes both ways and S3 through the gateway endpoint are still judged.
 */
import { blame, EndpointNode, Finding, NetworkModel, VpcNode } from "../model";
import { FailbackSide, failbackSides, missingFailbackRegions } from "../failback/side";
import type { Verdict } from "../verdict";
import { gatewayFlow } from "./gateway";
import { interfaceFlow } from "./interface";
import { flowId, Origin, originsOf, replicationServers } from "./origin";
import { replicationFlow } from "./replication";

/** The note of a staged verdict: what `failback.active` adds. */
export const STAGED_NOTE = "on demand: endpoints and alias come with failback.active";

/** Every failback side's flows, region by region; a configured region without its failback staging VPC fails. */
export function failbackFlows(model: NetworkModel): Verdict[] {
  const sides = failbackSides(model);
  return [
    ...sides.flatMap((side) => sideFlows(model, side)),
    ...missingFailbackRegions(model, sides).map(
      (r): Verdict => ({
        id: `failback:${r.region}-staging-vpc`,
        kind: "required-flow",
        description: `the failback staging VPC of ${r.region}${r.cidrBlock !== undefined ? ` (${r.cidrBlock})` : ""} receives reversed replication from the recovery VPC`,
        passed: false,
        blockedBy: { component: `the failback staging VPC of ${r.region}`, reason: `is not there, so recovered instances have nowhere to replicate back to in ${r.region}` },
      }),
    ),
  ];
}

/** One region's flows: staged (on demand), from each recovery origin, from each failback staging subnet, from the replication servers. */
function sideFlows(model: NetworkModel, side: FailbackSide): Verdict[] {
  const verdicts: Verdict[] = [];
  const { region, endpoints, vpc } = side;
  const active = side.interfaceEndpoints;
  if (!active) verdicts.push(stagedVerdict(side));
  const recovery = side.recovery;
  if (recovery === undefined) {
    verdicts.push({
      id: `failback:${region}-peering`,
      kind: "required-flow",
      description: `a VPC peering joins the recovery VPC to the failback staging VPC ${vpc.name}`,
      passed: false,
      blockedBy: blame(vpc, `is peered to no recovery VPC, so recovered instances have no way back to ${region}`),
    });
  }
  const servers = side.template !== undefined ? replicationServers(model, side.template) : undefined;
  const where = "the failback staging VPC";
  for (const origin of recovery !== undefined ? originsOf(model, recovery.vpc, recovery.instanceGroups) : []) {
    if (active) {
      verdicts.push(
        drsByNameFlow(model, origin, side),
        interfaceFlow(model, origin, endpoints.s3, "S3", vpc, where, describe(origin, `the S3 interface endpoint of ${region} on TCP 443`)),
        interfaceFlow(model, origin, endpoints.ec2, "EC2", vpc, where, describe(origin, `the EC2 interface endpoint of ${region} on TCP 443`)),
      );
    }
    verdicts.push(reverseReplicationFlow(model, origin, side, servers));
  }
  for (const origin of originsOf(model, vpc, [])) {
    if (active) {
      verdicts.push(
        interfaceFlow(model, origin, endpoints.drs, "DRS", vpc, where, describe(origin, `the DRS interface endpoint of ${region} on TCP 443`)),
        interfaceFlow(model, origin, endpoints.ec2, "EC2", vpc, where, describe(origin, `the EC2 interface endpoint of ${region} on TCP 443`)),
      );
    }
    verdicts.push(gatewayFlow(model, origin, endpoints.s3Gateway, `S3 of ${region}`));
  }
  if (servers !== undefined) {
    if (active) verdicts.push(drsByNameFlow(model, servers, side), interfaceFlow(model, servers, endpoints.ec2, "EC2", vpc, where, describe(servers, `the EC2 interface endpoint of ${region} on TCP 443`)));
    verdicts.push(gatewayFlow(model, servers, endpoints.s3Gateway, `S3 of ${region}`));
  }
  return verdicts;
}

/** A flow's sentence: `<origin> (<block>) reaches <what>, and the replies come back`. */
function describe(origin: Origin, what: string): string {
  return `${origin.name} (${origin.cidr ?? "block unknown"}) reaches ${what}, and the replies come back`;
}

/**
 * What `drs.<A>.amazonaws.com` resolves to from `from`: the zone for it associated with that VPC, its apex alias to
 * DRS(A)'s endpoint in the failback staging VPC (whose own private DNS must be off, or the two would conflict).
 */
function resolveDrs(side: FailbackSide, from: VpcNode, drs: EndpointNode): { hop: string } | { blocked: Finding } {
  const zoneName = `drs.${side.region}.amazonaws.com`;
  const zone = side.zone;
  const at = `${from === side.vpc ? "the failback staging VPC" : "the recovery VPC"} ${from.name}`;
  if (zone === undefined) return { blocked: { component: `the private hosted zone ${zoneName}`, reason: `is not declared, so ${zoneName} does not resolve to DRS of ${side.region} in ${at}` } };
  if (!zone.vpcs.includes(from)) return { blocked: blame(zone, `is not associated with ${at}, so ${zoneName} does not resolve there`) };
  const alias = zone.records.find((r) => r.type === "A" && r.recordName === zoneName);
  if (alias === undefined) return { blocked: blame(zone, `has no apex A alias to ${drs.name}, so ${zoneName} resolves to nothing`) };
  if (!alias.aliasTargets.includes(drs)) {
    const other = alias.aliasTargets[0];
    const [, , region, service] = other?.serviceName.split(".") ?? [];
    const target = other === undefined ? "no interface endpoint of this stack" : `${other.name}, the ${String(service).toUpperCase()} endpoint of ${region}${other.vpc !== undefined ? ` in ${other.vpc.name}` : ""}`;
    return { blocked: blame(alias, `points ${zoneName} at ${target}, not at DRS of ${side.region} (${drs.name} in ${side.vpc.name})`) };
  }
  if (drs.privateDnsEnabled) return { blocked: blame(drs, `has private DNS on, which conflicts with the private hosted zone for ${zoneName}`) };
  return { hop: `${zoneName}: ${zone.name} -> ${alias.name} -> ${drs.name}` };
}

/** DRS of region A by its regional name, on TCP 443, from the recovery VPC or the failback replication servers. */
function drsByNameFlow(model: NetworkModel, origin: Origin, side: FailbackSide): Verdict {
  const drs = side.endpoints.drs;
  const description = describe(origin, `DRS of ${side.region} by its regional name drs.${side.region}.amazonaws.com on TCP 443`);
  const flow = interfaceFlow(model, origin, drs, "DRS", side.vpc, "the failback staging VPC", description);
  // A missing or misplaced endpoint is the flow's first blocker; then the name; then the network.
  if (drs === undefined || drs.vpc !== side.vpc || origin.vpc === undefined) return flow;
  const name = resolveDrs(side, origin.vpc, drs);
  if ("blocked" in name) {
    const { path: _path, ...rest } = flow;
    void _path;
    return { ...rest, passed: false, blockedBy: name.blocked };
  }
  return flow.passed && flow.path !== undefined ? { ...flow, path: [flow.path[0], name.hop, ...flow.path.slice(1)] } : flow;
}

/** TCP 1500 from a recovery origin to the failback replication servers of region A, and back. */
function reverseReplicationFlow(model: NetworkModel, origin: Origin, side: FailbackSide, servers: Origin | undefined): Verdict {
  const template = side.template;
  if (template === undefined || servers === undefined) {
    return {
      id: flowId(origin, `${side.vpc.name} replication template`),
      kind: "required-flow",
      flow: "TCP 1500",
      between: { from: origin.node, to: side.vpc.name },
      description: describe(origin, `the failback replication servers in ${side.vpc.name} (${side.region}) on TCP 1500`),
      passed: false,
      blockedBy: { component: `the replication template of ${side.region}`, reason: `is not there: no DRS replication template has its staging area in ${side.vpc.name}, so reversed replication has nowhere to land` },
    };
  }
  const description = describe(origin, `the failback replication servers in ${servers.subnet?.name ?? "the failback staging area"} (${side.region}) on TCP 1500`);
  return replicationFlow(model, origin, servers, template, description, "the failback peering");
}

/**
 * On demand and not active: what is staged, at no hourly cost, ready for `failback.active`: the peering from the
 * recovery VPC accepted, and the zone `drs.<A>.amazonaws.com` associated with the recovery VPC and the failback
 * staging VPC (its alias comes with the endpoints). TCP 1500 and the routes have their own verdicts.
 */
function stagedVerdict(side: FailbackSide): Verdict {
  const zoneName = `drs.${side.region}.amazonaws.com`;
  const id = `failback:${side.region}-staged`;
  const recovery = side.recovery?.vpc;
  const description = `failback to ${side.region} is staged: ${side.vpc.name} peered with ${recovery?.name ?? "the recovery VPC"} and the zone for ${zoneName} on both, the endpoints to come`;
  const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", description, passed: false, blockedBy });
  const peering = side.peering;
  if (peering === undefined) return fail({ component: `the failback peering of ${side.region}`, reason: `is not there: nothing joins ${recovery?.name ?? "the recovery VPC"} to ${side.vpc.name}` });
  if (!peering.accepted) return fail(blame(peering, peering.status !== undefined ? `is ${peering.status}, not active` : "is requested but never accepted"));
  const zone = side.zone;
  if (zone === undefined) return fail({ component: `the private hosted zone ${zoneName}`, reason: `is not declared, so ${zoneName} will not resolve to DRS of ${side.region} when failback.active adds its alias` });
  const unassociated = [recovery, side.vpc].find((v) => v !== undefined && !zone.vpcs.includes(v));
  if (unassociated !== undefined) {
    return fail(blame(zone, `is not associated with ${unassociated === side.vpc ? "the failback staging VPC" : "the recovery VPC"} ${unassociated.name}, so ${zoneName} will not resolve there when failback.active adds its alias`));
  }
  return { id, kind: "required-flow", description, passed: true, path: [peering.name, `${zone.name} (${[recovery, side.vpc].flatMap((v) => v?.name ?? []).join(", ")})`], notes: [STAGED_NOTE] };
}
