/**
 * TCP 1500 from a source origin to the replication servers in the staging area, and the replies back: the template
 * names a declared staging subnet and groups and replicates over private IPs, then the origin's egress, the route
 * there, the servers' groups, the route back and the network ACLs both ways.
 */
import { blame, Finding, NetworkModel, TemplateNode } from "../model";
import type { Verdict } from "../verdict";
import { naclsAllow } from "./acls";
import { admits, egressAllows } from "./groups";
import { flowId, Origin, originNode } from "./origin";
import { route } from "./routes";

/**
 * TCP 1500 from a source origin to the replication servers in the staging area, and back; failback's (from the recovery
 * VPC to a failback staging area) give their own sentence and the way the data must take.
 */
export function replicationFlow(
  model: NetworkModel,
  origin: Origin,
  servers: Origin,
  template: TemplateNode,
  description = `${origin.name} (${origin.cidr ?? "block unknown"}) reaches the replication servers in the staging area on TCP 1500, and the replies come back`,
  way = "the peering",
): Verdict {
  const id = flowId(origin, template.name);
  const between = { from: origin.node, to: servers.node };
  const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", flow: "TCP 1500", between, description, passed: false, blockedBy });
  if (servers.subnet === undefined || servers.cidr === undefined) {
    return fail(blame(template, "names no staging area subnet declared in this stack"));
  }
  if (origin.cidr === undefined) return fail(blame(originNode(origin), "has no known IPv4 block"));
  const problem = templateProblem(template, servers, way);
  if (problem !== undefined) return fail(problem);
  const out = egressAllows(origin, 1500, { cidr: servers.cidr, groups: servers.groups }, "the replication servers");
  if ("blocked" in out) return fail(out.blocked);
  const there = route(origin.vpc, origin.table, origin.subnet ?? { name: origin.name }, servers.cidr, servers.vpc);
  if ("blocked" in there) return fail(there.blocked);
  const admitted = admits(servers.groups, origin, 1500, template);
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

/** What keeps a template's servers from receiving any private replication: no groups of this stack, or not PRIVATE_IP. */
export function templateProblem(template: TemplateNode, servers: Origin, way: string): Finding | undefined {
  if (servers.groups.length === 0) return blame(template, "names no replication server security group declared in this stack");
  if (template.dataPlaneRouting !== "PRIVATE_IP") {
    return blame(template, `replicates over ${template.dataPlaneRouting ?? "an unset route"}, not PRIVATE_IP, so the data would not use ${way}`);
  }
  return undefined;
}
