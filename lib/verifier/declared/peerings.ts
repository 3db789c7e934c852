/**
 * The declared peerings and their acceptance: a peering that auto-accepts within its own region is accepted; any other
 * is accepted by an accepter resource that auto-accepts it, or whose status is active.
 */
import { declared, DeclaredNodes } from "./nodes";
import type { DeclaredGraph } from "./graph";
import { str, TYPE } from "./types";

/** Every declared peering, between its requester's and accepter's VPCs. */
export function declarePeerings(graph: DeclaredGraph, nodes: DeclaredNodes): void {
  for (const r of graph.ofType(TYPE.peering)) {
    nodes.peerings.set(r.urn, {
      key: r.urn,
      name: r.name,
      requester: nodes.vpcOf(graph.ref(r, "vpcId", TYPE.vpc)[0]),
      accepter: nodes.vpcOf(graph.ref(r, "peerVpcId", TYPE.vpc)[0]),
      peerRegion: str(r.props.peerRegion) ?? r.region,
      region: r.region,
      accepted: r.props.autoAccept === true && (r.props.peerRegion === undefined || r.props.peerRegion === r.region),
    });
  }
}

/** Mark each peering its accepter accepts. */
export function acceptPeerings(graph: DeclaredGraph, nodes: DeclaredNodes): void {
  for (const r of graph.ofType(TYPE.accepter)) {
    const peering = declared(graph.peeringRef(r, "vpcPeeringConnectionId"), nodes.peerings);
    if (peering !== undefined && (r.props.autoAccept === true || r.props.acceptStatus === "active")) peering.accepted = true;
  }
}
