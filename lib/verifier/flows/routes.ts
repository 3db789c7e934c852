/**
 * The route a flow takes out of a VPC: the local route, or the most specific route, which must be an active peering's;
 * or, back to a network outside AWS, its connection's.
 */
import { blockContains, ipv4BlockProblem, parseIpv4Block } from "../../cidr";
import { blame, ExternalNetworkNode, RouteNode, RouteTableNode, SubnetNode, VpcNode } from "../model";
import type { Hops } from "./origin";

/** The route from a VPC (through `table`) to `destination` in `toVpc`: local, or through an accepted peering. */
export function route(fromVpc: VpcNode | undefined, table: RouteTableNode | undefined, from: SubnetNode | { name: string }, destination: string, toVpc: VpcNode | undefined): Hops {
  if (fromVpc !== undefined && fromVpc === toVpc) return { hops: ["local route"] };
  if (table === undefined) {
    return { blocked: blame(from, "has no route table association (the main route table has only the local route)") };
  }
  const dest = parseIpv4Block(destination);
  const matching = table.routes
    .filter((r) => r.destination !== undefined && ipv4BlockProblem(r.destination) === undefined && blockContains(parseIpv4Block(r.destination), dest))
    .sort((a, b) => parseIpv4Block(b.destination ?? "").prefixLength - parseIpv4Block(a.destination ?? "").prefixLength);
  const best = matching[0];
  if (best === undefined) {
    return { blocked: blame(table, `has no route to ${destination}`) };
  }
  const peering = best.peering;
  // A route whose target is gone: the peering when it is still listed (deleted, rejected), else the route itself.
  if (best.blackhole === true && (peering === undefined || peering.accepted)) {
    return { blocked: blame(best, `is a blackhole: its target (${peering?.name ?? best.otherTarget ?? "a peering no longer listed"}) is gone`) };
  }
  if (peering === undefined) {
    return { blocked: blame(best, `sends ${best.destination} to ${best.otherTarget ?? "something other than a peering"}, not to a peering with ${toVpc?.name ?? "the destination VPC"}`) };
  }
  const joins = new Set([peering.requester, peering.accepter]);
  if (!joins.has(fromVpc) || !joins.has(toVpc)) {
    return { blocked: blame(peering, `does not join ${fromVpc?.name ?? "the origin's VPC"} and ${toVpc?.name ?? "the destination's VPC"}`) };
  }
  if (!peering.accepted) {
    return { blocked: blame(peering, peering.status !== undefined ? `is ${peering.status}, not active` : "is requested but never accepted") };
  }
  return { hops: [`${table.name} (${best.destination})`, peering.name] };
}

/**
 * The route back from a VPC (through `table`) to a block of a network outside AWS: the most specific route holding
 * the block must target the network's connection (its transit gateway attachment, or its virtual private gateway).
 */
export function routeToExternal(table: RouteTableNode | undefined, from: SubnetNode | { name: string }, block: string, network: ExternalNetworkNode): Hops {
  if (table === undefined) {
    return { blocked: blame(from, "has no route table association (the main route table has only the local route)") };
  }
  const via = network.connection?.name ?? network.connectionLabel;
  const best = mostSpecific(table, block);
  if (best === undefined) return { blocked: blame(table, `has no route to ${block} (${network.name}, through ${via})`) };
  if (best.blackhole === true) return { blocked: blame(best, `is a blackhole: its target (${best.connection?.name ?? best.otherTarget ?? "a gateway no longer listed"}) is gone`) };
  if (network.connection === undefined || best.connection !== network.connection) {
    const target = best.connection?.name ?? best.peering?.name ?? best.otherTarget ?? "no target";
    return { blocked: blame(best, `sends ${best.destination} to ${target}, not to ${via}, so the replies to ${network.name} (${block}) go astray`) };
  }
  return { hops: [`${table.name} (${best.destination})`, network.connection.name] };
}

/** The most specific IPv4 route of a table that holds `block`. */
function mostSpecific(table: RouteTableNode, block: string): RouteNode | undefined {
  const dest = parseIpv4Block(block);
  return table.routes
    .filter((r) => r.destination !== undefined && ipv4BlockProblem(r.destination) === undefined && blockContains(parseIpv4Block(r.destination), dest))
    .sort((a, b) => parseIpv4Block(b.destination ?? "").prefixLength - parseIpv4Block(a.destination ?? "").prefixLength)[0];
}
