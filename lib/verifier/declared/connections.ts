/**
 * The declared connections of networks outside AWS: each transit gateway attachment (its transit gateway, VPC and
 * subnets), each virtual private gateway (created in its VPC, or attached by a VpnGatewayAttachment; a given gateway
 * stands in by its id), and the Site-to-Site VPNs that land on one, with their static routes. Offline a connection is
 * taken as usable: whether an attachment was accepted and a VPN's tunnels are up is read live.
 */
import type { ConnectionNode, VpcNode } from "../model";
import type { DeclaredGraph } from "./graph";
import { declared, DeclaredNodes } from "./nodes";
import { DeclaredResource, str, TYPE } from "./types";

/** Every attachment and gateway, then each gateway attachment's VPC, then the VPNs on each gateway. */
export function declareConnections(graph: DeclaredGraph, nodes: DeclaredNodes): void {
  for (const r of graph.ofType(TYPE.tgwAttachment)) {
    nodes.connections.set(r.urn, {
      key: r.urn,
      name: r.name,
      kind: "transit-gateway",
      gatewayId: str(r.props.transitGatewayId),
      vpc: nodes.vpcOf(graph.ref(r, "vpcId", TYPE.vpc)[0]),
      subnets: graph.ref(r, "subnetIds", TYPE.subnet).flatMap((t) => declared(t, nodes.subnets) ?? []),
      vpns: [],
    });
  }
  for (const r of graph.ofType(TYPE.vpnGateway)) {
    const vpc = nodes.vpcOf(graph.ref(r, "vpcId", TYPE.vpc)[0]);
    nodes.connections.set(r.urn, { key: r.urn, name: r.name, kind: "vpn-gateway", gatewayId: str(r.props.id), vpc, subnets: [], vpns: [], ...(vpc === undefined ? { unusable: "is attached to no VPC" } : {}) });
  }
  for (const r of graph.ofType(TYPE.vpnGatewayAttachment)) attachGateway(graph, nodes, r);
  for (const r of graph.ofType(TYPE.vpnConnection)) {
    const gateway = gatewayRef(graph, nodes, r, "vpnGatewayId");
    // A VPN that lands on a transit gateway is the transit gateway's affair: not modelled.
    if (gateway === undefined) continue;
    const routes = graph
      .ofType(TYPE.vpnConnectionRoute)
      .filter((route) => graph.ref(route, "vpnConnectionId", TYPE.vpnConnection).some((t) => "resource" in t && t.resource === r))
      .flatMap((route) => str(route.props.destinationCidrBlock) ?? []);
    gateway.vpns.push({ name: r.name, ...(r.props.staticRoutesOnly === true ? { staticRoutes: routes } : {}) });
  }
}

/** A VpnGatewayAttachment: the declared gateway it attaches, or a stand-in for a given one (named by its id). */
function attachGateway(graph: DeclaredGraph, nodes: DeclaredNodes, r: DeclaredResource): void {
  const vpc: VpcNode | undefined = nodes.vpcOf(graph.ref(r, "vpcId", TYPE.vpc)[0]);
  const target = graph.ref(r, "vpnGatewayId", TYPE.vpnGateway)[0];
  let gateway = target !== undefined && "resource" in target ? nodes.connections.get(target.resource.urn) : undefined;
  if (gateway === undefined && target !== undefined && "external" in target) {
    const key = `external:${target.external}`;
    gateway = nodes.connections.get(key) ?? { key, name: target.external, kind: "vpn-gateway", gatewayId: target.external, subnets: [], vpns: [] };
    nodes.connections.set(key, gateway);
  }
  if (gateway === undefined || vpc === undefined) return;
  gateway.vpc = vpc;
  delete gateway.unusable;
  // A route made from the attachment's `vpnGatewayId` names the attachment in a preview: it finds the gateway so.
  nodes.connections.set(r.urn, gateway);
}

/** The virtual private gateway a property names: declared, through its attachment (a preview), or by its id. */
export function gatewayRef(graph: DeclaredGraph, nodes: DeclaredNodes, r: DeclaredResource, prop: string): ConnectionNode | undefined {
  const direct = graph.ref(r, prop, TYPE.vpnGateway)[0];
  if (direct !== undefined && "resource" in direct) return nodes.connections.get(direct.resource.urn);
  const viaAttachment = graph.ref(r, prop, TYPE.vpnGatewayAttachment).find((t) => "resource" in t);
  if (viaAttachment !== undefined && "resource" in viaAttachment) return nodes.connections.get(viaAttachment.resource.urn);
  const id = str(r.props[prop]);
  return id !== undefined ? [...nodes.connections.values()].find((c) => c.kind === "vpn-gateway" && c.gatewayId === id) : undefined;
}

/** The connection a route targets: its VPC's attachment to the transit gateway it names, or the gateway it names. */
export function routeConnection(graph: DeclaredGraph, nodes: DeclaredNodes, r: DeclaredResource, vpc: VpcNode | undefined): ConnectionNode | undefined {
  const tgw = str(r.props.transitGatewayId);
  if (tgw !== undefined) {
    const attachments = [...nodes.connections.values()].filter((c) => c.kind === "transit-gateway" && c.gatewayId === tgw);
    return attachments.find((c) => c.vpc === vpc) ?? attachments[0];
  }
  return r.props.gatewayId !== undefined || (r.propertyDependencies?.gatewayId ?? []).length > 0 ? gatewayRef(graph, nodes, r, "gatewayId") : undefined;
}

/** Each connection once (a given gateway is also listed under its attachment's URN). */
export function uniqueConnections(nodes: DeclaredNodes): ConnectionNode[] {
  return [...new Set(nodes.connections.values())];
}
