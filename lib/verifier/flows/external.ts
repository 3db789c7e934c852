/**
 * The flows from a network outside AWS, from each of its blocks: TCP 443 to each staging interface endpoint, TCP 1500
 * to the replication servers (with replication), and with the inbound resolver UDP and TCP 53 to its addresses; each
 * with its replies. A flow goes in through the connection (connections.ts), past the target's security groups and the
 * network ACLs (the target subnet's, and a transit gateway attachment's subnets'), and its replies go back by the
 * target subnet's route to the block, which must target the same connection. What lies beyond the connection (the
 * data centre's routes and firewalls) is not seen: the stack's outputs list it for the network team.
 */
import { blame, EndpointNode, ExternalNetworkNode, Finding, NetworkModel, SubnetNode, TemplateNode, VpcNode } from "../model";
import type { Verdict } from "../verdict";
import { naclsAllow } from "./acls";
import { carries, via } from "./connections";
import { admits } from "./groups";
import { endpointProblem } from "./interface";
import { flowId, Hops, Origin } from "./origin";
import { templateProblem } from "./replication";
import { routeToExternal } from "./routes";

/** A block of an external network as a flow's origin: no subnet, route table or group of the model's. */
export function externalOrigin(network: ExternalNetworkNode, block: string): Origin {
  return { name: `${network.name} ${block}`, node: network.name, cidr: block, groups: [] };
}

/**
 * From the origin into `subnet` on `port`, and back: the network ACLs for each protocol (through each of a transit
 * gateway attachment's subnets), and the subnet's route back to the block.
 */
function intoSubnet(model: NetworkModel, network: ExternalNetworkNode, origin: Origin, subnet: SubnetNode, port: number, protocols: readonly ("tcp" | "udp")[]): { acls: string[]; back: string[] } | { blocked: Finding } {
  const c = network.connection;
  const ways = c?.kind === "transit-gateway" && c.subnets.length > 0 ? c.subnets : [undefined];
  const acls: string[] = [];
  for (const way of ways) {
    for (const protocol of protocols) {
      const step = naclsAllow(model, { ...origin, subnet: way }, { subnet, cidr: subnet.cidr ?? "" }, port, protocol);
      if ("blocked" in step) return step;
      for (const hop of step.hops) if (!acls.includes(hop)) acls.push(hop);
    }
  }
  const back = routeToExternal(model.subnetTable.get(subnet), subnet, origin.cidr ?? "", network);
  if ("blocked" in back) return back;
  return { acls, back: back.hops.map((h) => `back: ${h}`) };
}

/** A failing or passing external flow verdict, from its parts. */
function verdictOf(id: string, flow: string, between: { from: string; to: string }, description: string, outcome: Hops): Verdict {
  return "blocked" in outcome
    ? { id, kind: "required-flow", flow, between, description, passed: false, blockedBy: outcome.blocked }
    : { id, kind: "required-flow", flow, between, description, passed: true, path: outcome.hops };
}

/** The path into each subnet of a target (the first one's hops, then how many more), or what blocks it. */
function intoEach(model: NetworkModel, network: ExternalNetworkNode, origin: Origin, subnets: readonly SubnetNode[], port: number, protocols: readonly ("tcp" | "udp")[], target: { name: string; admitted: string[] }, carried: string[]): Hops {
  let path: string[] | undefined;
  for (const subnet of subnets) {
    const into = intoSubnet(model, network, origin, subnet, port, protocols);
    if ("blocked" in into) return into;
    path ??= [origin.name, ...carried, ...into.acls, `${subnet.name} (${subnet.cidr})`, ...target.admitted, target.name, ...into.back];
  }
  const others = subnets.length - 1;
  return { hops: others > 0 ? [...(path ?? []), `(and the same to its ${others} other subnet${others === 1 ? "" : "s"})`] : (path ?? []) };
}

/** TCP 443 from an external block to an interface endpoint of the staging VPC, and back. */
export function externalInterfaceFlow(model: NetworkModel, network: ExternalNetworkNode, origin: Origin, endpoint: EndpointNode | undefined, label: string, home: VpcNode): Verdict {
  const id = flowId(origin, endpoint?.name ?? `${label.toLowerCase()}-interface-endpoint`);
  const description = `${origin.name} reaches the ${label} interface endpoint on TCP 443 through ${via(network)}, and the replies come back`;
  const verdict = (outcome: Hops) => verdictOf(id, "TCP 443", { from: origin.node, to: endpoint?.name ?? `${label} interface endpoint` }, description, outcome);
  if (endpoint === undefined) return verdict({ blocked: { component: `${label} interface endpoint`, reason: "is not declared" } });
  const problem = endpointProblem(endpoint, home, "the staging VPC");
  if (problem !== undefined) return verdict({ blocked: problem });
  const carried = carries(network, origin.cidr ?? "");
  if ("blocked" in carried) return verdict(carried);
  const admitted = admits(endpoint.securityGroups, origin, 443, endpoint);
  if ("blocked" in admitted) return verdict(admitted);
  return verdict(intoEach(model, network, origin, endpoint.subnets, 443, ["tcp"], { name: endpoint.name, admitted: admitted.hops }, carried.hops));
}

/** TCP 1500 from an external block to a template's replication servers, and back. */
export function externalReplicationFlow(model: NetworkModel, network: ExternalNetworkNode, origin: Origin, servers: Origin, template: TemplateNode): Verdict {
  const id = flowId(origin, template.name);
  const description = `${origin.name} reaches the replication servers in the staging area on TCP 1500 through ${via(network)}, and the replies come back`;
  const verdict = (outcome: Hops) => verdictOf(id, "TCP 1500", { from: origin.node, to: servers.node }, description, outcome);
  if (servers.subnet === undefined || servers.cidr === undefined) return verdict({ blocked: blame(template, "names no staging area subnet declared in this stack") });
  const problem = templateProblem(template, servers, via(network));
  if (problem !== undefined) return verdict({ blocked: problem });
  const carried = carries(network, origin.cidr ?? "");
  if ("blocked" in carried) return verdict(carried);
  const admitted = admits(servers.groups, origin, 1500, template);
  if ("blocked" in admitted) return verdict(admitted);
  return verdict(intoEach(model, network, origin, [servers.subnet], 1500, ["tcp"], { name: "replication servers", admitted: admitted.hops }, carried.hops));
}

/** UDP and TCP 53 from an external block to the staging VPC's inbound resolver, at each of its addresses, and back. */
export function resolverFlow(model: NetworkModel, network: ExternalNetworkNode, origin: Origin, home: VpcNode): Verdict {
  const resolver = model.resolverEndpoints.find((r) => r.vpc === home && r.direction === "INBOUND");
  const id = flowId(origin, resolver?.name ?? "resolver-inbound-endpoint");
  const description = `${origin.name} reaches the Route 53 Resolver inbound endpoint on UDP and TCP 53 through ${via(network)}, and the replies come back`;
  const verdict = (outcome: Hops) => verdictOf(id, "UDP and TCP 53", { from: origin.node, to: resolver?.name ?? "Route 53 Resolver inbound endpoint" }, description, outcome);
  if (resolver === undefined) {
    return verdict({ blocked: { component: "Route 53 Resolver inbound endpoint", reason: `is not declared in ${home.name}, so ${network.name}'s DNS servers have nowhere to forward DRS's and S3's names` } });
  }
  if (resolver.status !== undefined) return verdict({ blocked: blame(resolver, `is ${resolver.status}, not OPERATIONAL`) });
  if (resolver.addresses.length === 0) return verdict({ blocked: blame(resolver, "has no address to forward to") });
  const carried = carries(network, origin.cidr ?? "");
  if ("blocked" in carried) return verdict(carried);
  const admitted: string[] = [];
  for (const protocol of ["udp", "tcp"] as const) {
    const step = admits(resolver.securityGroups, origin, 53, resolver, protocol);
    if ("blocked" in step) return verdict(step);
    admitted.push(...step.hops);
  }
  return verdict(intoEach(model, network, origin, resolver.addresses.map((a) => a.subnet), 53, ["udp", "tcp"], { name: resolver.name, admitted }, carried.hops));
}
