/**
 * The stack's route tables and their routes, from DescribeRouteTables: in an adopted VPC only the configured tables.
 * A subnet without an explicit table uses its VPC's main table; a route whose target is gone is a `blackhole`. A route
 * to a transit gateway or virtual private gateway names the connection the model has of it.
 */
import type { DescribeRouteTablesResult } from "@aws-sdk/client-ec2";
import type { ConnectionNode, PeeringNode, RouteNode, RouteTableNode, SubnetNode, VpcNode } from "../model";
import { CaptureItems, nameOf, ScopedVpc } from "./capture";
import type { LiveVpcs } from "./vpcs";

type LiveRouteTable = NonNullable<DescribeRouteTablesResult["RouteTables"]>[number];
type LiveRoute = NonNullable<LiveRouteTable["Routes"]>[number];

/** The route tables by id, and each subnet's table (its explicit one, else its VPC's main table). */
export function liveRouteTables(
  items: CaptureItems,
  scoped: ReadonlyMap<string, ScopedVpc>,
  vpcs: LiveVpcs,
  subnets: ReadonlyMap<string, SubnetNode>,
  peerings: ReadonlyMap<string, PeeringNode>,
  connections: readonly ConnectionNode[] = [],
): { tables: Map<string, RouteTableNode>; subnetTable: Map<SubnetNode, RouteTableNode> } {
  const tables = new Map<string, RouteTableNode>();
  const subnetTable = new Map<SubnetNode, RouteTableNode>();
  const mainTables = new Map<VpcNode, RouteTableNode>();
  for (const { item: t } of items("DescribeRouteTables", (o) => o.RouteTables)) {
    const vpc = vpcs.get(t.VpcId);
    const scopeOf = t.VpcId !== undefined ? scoped.get(t.VpcId) : undefined;
    if (t.RouteTableId === undefined || vpc === undefined || scopeOf === undefined || tables.has(t.RouteTableId)) continue;
    if (scopeOf.adopted && !scopeOf.routeTableIds.includes(t.RouteTableId)) continue;
    const name = scopeOf.adopted ? t.RouteTableId : nameOf(t.Tags, t.RouteTableId);
    const table: RouteTableNode = { key: t.RouteTableId, id: t.RouteTableId, name, vpc, routes: [] };
    for (const r of t.Routes ?? []) table.routes.push(liveRoute(r, table, t.RouteTableId, peerings, connections));
    tables.set(t.RouteTableId, table);
    for (const a of t.Associations ?? []) {
      if (a.Main === true) mainTables.set(vpc, table);
      const subnet = a.SubnetId !== undefined ? subnets.get(a.SubnetId) : undefined;
      if (subnet !== undefined) subnetTable.set(subnet, table);
    }
  }
  for (const subnet of subnets.values()) {
    const main = subnet.vpc !== undefined ? mainTables.get(subnet.vpc) : undefined;
    if (!subnetTable.has(subnet) && main !== undefined) subnetTable.set(subnet, main);
  }
  return { tables, subnetTable };
}

/** One route of a live table, named by its table and destination. */
function liveRoute(r: LiveRoute, table: RouteTableNode, tableId: string, peerings: ReadonlyMap<string, PeeringNode>, connections: readonly ConnectionNode[]): RouteNode {
  const destination = r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId ?? "";
  const connection =
    r.TransitGatewayId !== undefined
      ? connections.find((c) => c.kind === "transit-gateway" && c.gatewayId === r.TransitGatewayId && c.vpc === table.vpc)
      : r.GatewayId?.startsWith("vgw-") === true
        ? connections.find((c) => c.kind === "vpn-gateway" && c.gatewayId === r.GatewayId)
        : undefined;
  return {
    ...(connection !== undefined ? { connection } : {}),
    name: `${table.name} route to ${destination}`,
    id: tableId,
    table,
    destination: r.DestinationCidrBlock,
    destinationIpv6: r.DestinationIpv6CidrBlock,
    peering: r.VpcPeeringConnectionId !== undefined ? peerings.get(r.VpcPeeringConnectionId) : undefined,
    // A peering the account no longer lists is still named, by its id.
    otherTarget: liveRouteTarget(r) ?? (r.VpcPeeringConnectionId !== undefined && !peerings.has(r.VpcPeeringConnectionId) ? `vpcPeeringConnectionId ${r.VpcPeeringConnectionId}` : undefined),
    ...(r.State === "blackhole" ? { blackhole: true } : {}),
  };
}

/** A live route's target other than a peering, as `<field> <value>`, in the declared model's field names. */
function liveRouteTarget(r: LiveRoute): string | undefined {
  const targets: [string, string | undefined][] = [
    ["gatewayId", r.GatewayId],
    ["natGatewayId", r.NatGatewayId],
    ["egressOnlyGatewayId", r.EgressOnlyInternetGatewayId],
    ["carrierGatewayId", r.CarrierGatewayId],
    ["transitGatewayId", r.TransitGatewayId],
    ["networkInterfaceId", r.NetworkInterfaceId],
    ["localGatewayId", r.LocalGatewayId],
    ["coreNetworkArn", r.CoreNetworkArn],
  ];
  const found = targets.find(([, value]) => value !== undefined && value !== "");
  return found !== undefined ? `${found[0]} ${found[1]}` : undefined;
}
