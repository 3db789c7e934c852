/** What the stack declares that could face the internet: gateways and Elastic IPs, and instances with a public address. */
import type { Finding } from "../model";
import type { DeclaredGraph } from "./graph";
import { INTERNET_FACING_TYPES, TYPE } from "./types";

/** Every declared resource of an internet-facing type, with what it is. */
export function declaredInternetFacing(graph: DeclaredGraph): Finding[] {
  return graph.resources.filter((r) => r.type in INTERNET_FACING_TYPES).map((r) => ({ component: r.name, reason: `is ${INTERNET_FACING_TYPES[r.type]}` }));
}

/** Every declared instance that asks for a public address. */
export function declaredPublicAddresses(graph: DeclaredGraph): Finding[] {
  return graph
    .ofType(TYPE.instance)
    .filter((r) => r.props.associatePublicIpAddress === true)
    .map((r): Finding => ({ component: r.name, reason: "has a public IP address" }));
}
