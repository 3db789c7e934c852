/** The peerings that touch one of the stack's VPCs, from DescribeVpcPeeringConnections: only `active` carries traffic. */
import type { PeeringNode } from "../model";
import { CaptureItems, nameOf, ScopedVpc } from "./capture";
import type { LiveVpcs } from "./vpcs";

/** The peerings by id; the VPC on the far side of each enters the model as a peer. */
export function livePeerings(items: CaptureItems, scoped: ReadonlyMap<string, ScopedVpc>, vpcs: LiveVpcs): Map<string, PeeringNode> {
  const peerings = new Map<string, PeeringNode>();
  for (const { item: p } of items("DescribeVpcPeeringConnections", (o) => o.VpcPeeringConnections)) {
    const id = p.VpcPeeringConnectionId;
    const touches = [p.RequesterVpcInfo?.VpcId, p.AccepterVpcInfo?.VpcId].some((v) => v !== undefined && scoped.has(v));
    if (id === undefined || !touches || peerings.has(id)) continue;
    const code = p.Status?.Code;
    peerings.set(id, {
      key: id,
      id,
      name: nameOf(p.Tags, id),
      requester: vpcs.peer(p.RequesterVpcInfo),
      accepter: vpcs.peer(p.AccepterVpcInfo),
      region: p.RequesterVpcInfo?.Region,
      peerRegion: p.AccepterVpcInfo?.Region,
      accepted: code === "active",
      ...(code !== "active" ? { status: code ?? "of unknown status" } : {}),
      owners: { requester: p.RequesterVpcInfo?.OwnerId, accepter: p.AccepterVpcInfo?.OwnerId },
    });
  }
  return peerings;
}
