/**
 * The connections of networks outside AWS to the stack's VPCs: transit gateway attachments
 * (DescribeTransitGatewayVpcAttachments: only `available` carries traffic; `pendingAcceptance` waits for the transit
 * gateway's owner, another account, to accept), virtual private gateways (DescribeVpnGateways: `available`, and its
 * `VpcAttachments[]` entry for the VPC `attached`), and the Site-to-Site VPNs on them (DescribeVpnConnections:
 * `available`, each tunnel's `VgwTelemetry[].Status` `UP` or `DOWN` with its `StatusMessage`, the static routes
 * `available`). EC2 API reference: TransitGatewayVpcAttachment, VpnGateway, VpcAttachment, VpnConnection, VgwTelemetry
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VgwTelemetry.html).
 */
import type { VpnConnection } from "@aws-sdk/client-ec2";
import type { ConnectionNode, SubnetNode, VpcNode, VpnNode } from "../model";
import { CaptureItems, LiveScope, nameOf } from "./capture";
import type { LiveVpcs } from "./vpcs";

/**
 * Why an attachment in this state carries nothing, or `undefined` when `available`. A VPC attachment waits in
 * `pendingAcceptance` only for a transit gateway shared from another account without auto-accept, until its owner
 * calls AcceptTransitGatewayVpcAttachment (EC2 API reference: "The VPC attachment must be in the pendingAcceptance state").
 */
function attachmentProblem(state: string | undefined): string | undefined {
  if (state === "available") return undefined;
  if (state === "pendingAcceptance") return "is pendingAcceptance, not available: the transit gateway belongs to another account, whose owner must accept the attachment";
  return `is ${state ?? "of unknown state"}, not available`;
}

/** The transit gateway attachments, then the virtual private gateways with their VPNs. */
export function liveConnections(items: CaptureItems, vpcs: LiveVpcs, subnets: ReadonlyMap<string, SubnetNode>, scope: LiveScope): ConnectionNode[] {
  const connections: ConnectionNode[] = [];
  for (const { item: a } of items("DescribeTransitGatewayVpcAttachments", (o) => o.TransitGatewayVpcAttachments)) {
    const vpc = vpcs.get(a.VpcId);
    const id = a.TransitGatewayAttachmentId;
    if (id === undefined || vpc === undefined || !vpc.known || a.State === "deleted" || connections.some((c) => c.id === id)) continue;
    const problem = attachmentProblem(a.State);
    connections.push({
      key: id,
      id,
      name: nameOf(a.Tags, id),
      kind: "transit-gateway",
      gatewayId: a.TransitGatewayId,
      vpc,
      subnets: (a.SubnetIds ?? []).map((s) => subnets.get(s) ?? { id: s, name: s }),
      vpns: [],
      ...(problem !== undefined ? { unusable: problem } : {}),
    });
  }
  connections.push(...liveGateways(items, vpcs, scope));
  return connections;
}

/** The virtual private gateways: attached to a VPC of the model, or configured for the staging VPC (then named by id). */
function liveGateways(items: CaptureItems, vpcs: LiveVpcs, scope: LiveScope): ConnectionNode[] {
  const given = new Set((scope.external ?? []).flatMap((s) => (s.connection.kind === "vpn-gateway" ? [s.connection.vpnGatewayId] : [])));
  const staging = vpcs.get(scope.stagingVpcId);
  const gateways: ConnectionNode[] = [];
  for (const { item: g } of items("DescribeVpnGateways", (o) => o.VpnGateways)) {
    const id = g.VpnGatewayId;
    const attachment = (g.VpcAttachments ?? []).find((a) => vpcs.get(a.VpcId)?.known === true && a.State !== "detached") ?? (g.VpcAttachments ?? []).find((a) => vpcs.get(a.VpcId)?.known === true);
    const vpc: VpcNode | undefined = vpcs.get(attachment?.VpcId) ?? (id !== undefined && given.has(id) ? staging : undefined);
    if (id === undefined || vpc === undefined || g.State === "deleted" || gateways.some((c) => c.id === id)) continue;
    const problem = g.State !== "available" ? `is ${g.State ?? "of unknown state"}, not available` : attachment?.State !== "attached" ? `is ${attachment?.State ?? "not attached"}${attachment !== undefined ? ", not attached" : ""} to ${vpc.name}` : undefined;
    gateways.push({
      key: id,
      id,
      // A gateway the configuration gives is known by its id, as the declared model names it.
      name: given.has(id) ? id : nameOf(g.Tags, id),
      kind: "vpn-gateway",
      gatewayId: id,
      vpc,
      subnets: [],
      vpns: liveVpns(items, id),
      ...(problem !== undefined ? { unusable: problem } : {}),
    });
  }
  return gateways;
}

/** The VPNs on one gateway that are not deleted. */
function liveVpns(items: CaptureItems, gatewayId: string): VpnNode[] {
  return items("DescribeVpnConnections", (o) => o.VpnConnections)
    .filter(({ item: v }) => v.VpnGatewayId === gatewayId && v.State !== "deleted" && v.VpnConnectionId !== undefined)
    .map(({ item: v }) => liveVpn(v));
}

function liveVpn(v: VpnConnection): VpnNode {
  const id = v.VpnConnectionId as string;
  return {
    id,
    name: nameOf(v.Tags, id),
    // A static route being added or deleted carries nothing yet (VpnStaticRoute State).
    ...(v.Options?.StaticRoutesOnly === true ? { staticRoutes: (v.Routes ?? []).filter((r) => r.State === "available").flatMap((r) => r.DestinationCidrBlock ?? []) } : {}),
    ...(v.State !== "available" ? { state: v.State ?? "of unknown state" } : {}),
    tunnels: (v.VgwTelemetry ?? []).map((t) => ({ outsideIp: t.OutsideIpAddress ?? "(no address)", status: t.Status ?? "DOWN", ...(t.StatusMessage !== undefined && t.StatusMessage !== "" ? { statusMessage: t.StatusMessage } : {}) })),
  };
}
