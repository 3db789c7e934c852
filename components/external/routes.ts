/**
 * One static route in every staging route table to each external block, through the transit gateway or the virtual
 * private gateway; never route propagation (lib/plan/external.ts says why). Each waits for its connection.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Connections } from "./connections";
import type { ExternalLinkArgs } from "./index";

/** Declare the routes. */
export function createRoutes(parent: pulumi.Resource, name: string, args: ExternalLinkArgs, connections: Connections): void {
  for (const table of args.staging.routeTables) {
    for (const route of args.plan.routes) {
      const via =
        route.via.kind === "transit-gateway"
          ? { target: { transitGatewayId: route.via.transitGatewayId }, ready: connections.transitGatewayAttachments[route.via.transitGatewayId] }
          : { target: { gatewayId: connections.vpnGatewayId }, ready: connections.vpnGatewayReady };
      if (via.ready === undefined) throw new Error(`no connection for the route to ${route.cidrBlock}`);
      new aws.ec2.Route(
        `${name}-${table.key}-${route.key}`,
        { routeTableId: table.id, destinationCidrBlock: route.cidrBlock, ...via.target },
        { parent, provider: args.drProvider, dependsOn: [via.ready] },
      );
    }
  }
}
