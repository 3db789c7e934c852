/**
 * The declared route tables and their routes (inline and separate), and each subnet's explicit table. A default
 * route table's inline routes belong to no table the model knows: they are stray, and judged on their own.
 */
import type { RouteNode, RouteTableNode, SubnetNode } from "../model";
import { routeConnection } from "./connections";
import type { DeclaredGraph } from "./graph";
import { declared, DeclaredNodes } from "./nodes";
import { str, TYPE } from "./types";

/** Every declared route table with its inline routes; returns the default route tables' inline routes (stray). */
export function declareRouteTables(graph: DeclaredGraph, nodes: DeclaredNodes): RouteNode[] {
  const strayRoutes: RouteNode[] = [];
  for (const r of [...graph.ofType(TYPE.routeTable), ...graph.ofType(TYPE.defaultRouteTable)]) {
    const inline = (Array.isArray(r.props.routes) ? (r.props.routes as Record<string, unknown>[]) : []).map((props, i) => ({
      name: `${r.name} (inline route ${i})`,
      destination: str(props.destinationCidrBlock) ?? str(props.cidrBlock),
      destinationIpv6: str(props.destinationIpv6CidrBlock) ?? str(props.ipv6CidrBlock),
      otherTarget: otherRouteTarget(props),
    }));
    if (r.type === TYPE.defaultRouteTable) {
      strayRoutes.push(...inline);
      continue;
    }
    const table: RouteTableNode = { key: r.urn, name: r.name, vpc: nodes.vpcOf(graph.ref(r, "vpcId", TYPE.vpc)[0]), routes: [] };
    table.routes.push(...inline.map((route) => ({ ...route, table })));
    nodes.tables.set(r.urn, table);
  }
  return strayRoutes;
}

/** Each declared subnet's explicit route table, from the associations. */
export function associateSubnets(graph: DeclaredGraph, nodes: DeclaredNodes): Map<SubnetNode, RouteTableNode> {
  const subnetTable = new Map<SubnetNode, RouteTableNode>();
  for (const r of graph.ofType(TYPE.association)) {
    const subnet = declared(graph.ref(r, "subnetId", TYPE.subnet)[0], nodes.subnets);
    const table = nodes.tableOf(graph.ref(r, "routeTableId", TYPE.routeTable)[0]);
    if (subnet !== undefined && table !== undefined) subnetTable.set(subnet, table);
  }
  return subnetTable;
}

/**
 * Every separate route, in its table (a stand-in for a table the stack does not declare), with the peering, transit
 * gateway attachment or virtual private gateway it targets.
 */
export function declareRoutes(graph: DeclaredGraph, nodes: DeclaredNodes): void {
  for (const r of graph.ofType(TYPE.route)) {
    const table = nodes.tableOf(graph.ref(r, "routeTableId", TYPE.routeTable)[0]);
    if (table === undefined) continue;
    const peeringTarget = graph.peeringRef(r, "vpcPeeringConnectionId");
    const peering = peeringTarget !== undefined ? declared(peeringTarget, nodes.peerings) : undefined;
    const connection = routeConnection(graph, nodes, r, table.vpc);
    table.routes.push({
      name: r.name,
      table,
      destination: str(r.props.destinationCidrBlock),
      destinationIpv6: str(r.props.destinationIpv6CidrBlock),
      peering,
      ...(connection !== undefined ? { connection } : {}),
      otherTarget: otherRouteTarget(r.props),
    });
    // A route table the stack does not declare belongs to the undeclared side of the peering it routes to.
    if (table.vpc === undefined && peering !== undefined) table.vpc = [peering.requester, peering.accepter].find((v) => v !== undefined && !v.known);
  }
}

/** A route's target other than a peering, as `<field> <value>`. */
function otherRouteTarget(props: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of ["gatewayId", "natGatewayId", "egressOnlyGatewayId", "carrierGatewayId", "transitGatewayId", "networkInterfaceId", "localGatewayId", "coreNetworkArn", "vpcEndpointId"]) {
    const value = str(props[key]);
    if (value !== undefined) return `${key} ${value}`;
  }
  return undefined;
}
