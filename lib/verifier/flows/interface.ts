/**
 * TCP 443 from an origin to an interface endpoint (DRS, S3, EC2 in the staging VPC; the rollout's in a source VPC),
 * and the replies back: the endpoint available in the right VPC with subnets there, its private DNS on where the
 * caller uses the regional name, its groups admitting the origin, then for each of its subnets the origin's egress,
 * the routes there and back and the network ACLs both ways.
 */
import { blame, EndpointNode, Finding, NetworkModel, VpcNode } from "../model";
import type { Verdict } from "../verdict";
import { naclsAllow } from "./acls";
import { admits, egressAllows } from "./groups";
import { flowId, Origin, originNode } from "./origin";
import { INSTALLER_LABELS, ROLLOUT_LABELS } from "./rollout";
import { route } from "./routes";

/**
 * TCP 443 from an origin to an interface endpoint in `home` (`where` names it), and back; `description` replaces the
 * verdict's sentence (failback's name the region of the endpoint).
 */
export function interfaceFlow(model: NetworkModel, origin: Origin, endpoint: EndpointNode | undefined, label: string, home: VpcNode, where = "the staging VPC", description = describeInterfaceFlow(origin, label)): Verdict {
  const id = flowId(origin, endpoint?.name ?? `${label.toLowerCase()}-interface-endpoint`);
  const between = { from: origin.node, to: endpoint?.name ?? `${label} interface endpoint` };
  const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", flow: "TCP 443", between, description, passed: false, blockedBy });
  if (endpoint === undefined) {
    return fail({ component: `${label} interface endpoint`, reason: "is not declared" });
  }
  if (origin.cidr === undefined) {
    return fail(blame(originNode(origin), "has no known IPv4 block"));
  }
  const problem = endpointProblem(endpoint, home, where);
  if (problem !== undefined) return fail(problem);
  // Inside the staging VPC the replication servers call EC2 by its regional name, which only the endpoint's private
  // DNS points at the endpoint (lib/linkDns.ts, privateDnsEnabled); from a source VPC the endpoint's own name is used.
  // So do SSM Agent's calls to Systems Manager and CloudWatch Logs in a source VPC, and the installer's to STS and EC2.
  const byRegionalName = label === "EC2" || Object.values(ROLLOUT_LABELS).includes(label);
  if (byRegionalName && origin.vpc === endpoint.vpc && !endpoint.privateDnsEnabled) {
    const [, , region, service] = endpoint.serviceName.split(".");
    const caller = label === "EC2" ? "the replication servers" : INSTALLER_LABELS.includes(label) ? "the DRS installer" : "SSM Agent";
    return fail(blame(endpoint, `has private DNS off, so ${service}.${region}.amazonaws.com does not resolve to it in ${home.name}: ${caller} would call the public endpoint, which has no route`));
  }
  const admitted = admits(endpoint.securityGroups, origin, 443, endpoint);
  if ("blocked" in admitted) return fail(admitted.blocked);

  let path: string[] | undefined;
  for (const subnet of endpoint.subnets) {
    const out = egressAllows(origin, 443, { cidr: subnet.cidr, groups: endpoint.securityGroups }, `the ${label} endpoint`);
    if ("blocked" in out) return fail(out.blocked);
    const there = route(origin.vpc, origin.table, origin.subnet ?? { name: origin.name }, subnet.cidr ?? "", endpoint.vpc);
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

/** The sentence of an interface flow: `<origin> (<block>) reaches the <label> interface endpoint on TCP 443, and the replies come back`. */
export function describeInterfaceFlow(origin: Origin, label: string): string {
  return `${origin.name} (${origin.cidr ?? "block unknown"}) reaches the ${label} interface endpoint on TCP 443, and the replies come back`;
}

/** What makes an endpoint unreachable from anywhere: not available, in another VPC, no subnets, a subnet or group of another VPC. */
export function endpointProblem(endpoint: EndpointNode, home: VpcNode, where: string): Finding | undefined {
  if (endpoint.state !== undefined) return blame(endpoint, `is ${endpoint.state}, not available`);
  if (endpoint.vpc !== home) return blame(endpoint, `is in ${endpoint.vpc?.name ?? "an unknown VPC"}, not in ${where} ${home.name}`);
  if (endpoint.subnets.length === 0) return blame(endpoint, "has no subnets, so it has no network interface to reach");
  const stray = endpoint.subnets.find((s) => s.vpc === undefined || s.vpc !== endpoint.vpc);
  if (stray !== undefined) return blame(endpoint, `its subnet ${stray.name} is not in the endpoint's VPC ${endpoint.vpc?.name ?? "(unknown)"}`);
  const foreignGroup = endpoint.securityGroups.find((g) => g.vpc !== undefined && g.vpc !== endpoint.vpc);
  if (foreignGroup !== undefined) return blame(endpoint, `its security group ${foreignGroup.name} is in ${foreignGroup.vpc?.name}, not in the endpoint's VPC`);
  return undefined;
}
