/**
 * The staging VPC's side of the sources outside AWS: the connections (a transit gateway attachment on subnets of its
 * own, the virtual private gateway, the Site-to-Site VPNs), a static route in every staging route table to each
 * external block, and with `dns: resolver` the Route 53 Resolver inbound endpoint the data centre's DNS forwards to.
 * Every decision is the plan's (lib/plan/external.ts); one file per group: connections.ts, routes.ts, resolver.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ExternalPlan } from "../../lib/plan/external";
import type { RouteTableRef } from "../isolatedVpc";
import { createConnections } from "./connections";
import { createResolver } from "./resolver";
import { createRoutes } from "./routes";

/** Arguments of `ExternalLink`. */
export interface ExternalLinkArgs {
  /** What to declare: the connections, routes and resolver of the external sources. */
  readonly plan: ExternalPlan;
  /** The staging VPC: its id, block, route tables and subnets (the resolver takes two of them). */
  readonly staging: {
    readonly vpcId: pulumi.Input<string>;
    readonly cidrBlock: string;
    readonly routeTables: readonly RouteTableRef[];
    readonly subnetIds: readonly pulumi.Input<string>[];
  };
  /** Provider of the DR region, where every resource here is. */
  readonly drProvider: pulumi.ProviderResource;
}

/** One created VPN connection, as the outputs show it: its id and its two tunnels' outside addresses (never the keys). */
export interface VpnConnectionOutputs {
  readonly vpnConnectionId: pulumi.Output<string>;
  readonly customerGatewayId: pulumi.Output<string>;
  readonly tunnelOutsideAddresses: pulumi.Output<string[]>;
}

/** The staging VPC's connections to the networks outside AWS. Children name the DR provider explicitly. */
export class ExternalLink extends pulumi.ComponentResource {
  /** Each transit gateway's attachment id (`tgw-attach-...`), by transit gateway id. */
  public readonly transitGatewayAttachmentIds: Record<string, pulumi.Output<string>>;
  /** The attachment's subnets, one per staging zone (with a transit gateway). */
  public readonly attachmentSubnetIds: pulumi.Output<string>[];
  /** The staging VPC's virtual private gateway (given or created). */
  public readonly vpnGatewayId?: pulumi.Output<string>;
  /** Each created VPN, by customer gateway address. */
  public readonly vpnConnections: Record<string, VpnConnectionOutputs>;
  /** The inbound resolver endpoint and its two addresses (with `dns: resolver`). */
  public readonly resolverEndpointId?: pulumi.Output<string>;
  public readonly resolverAddresses?: pulumi.Output<string[]>;

  constructor(name: string, args: ExternalLinkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("drs-secured-network:external:ExternalLink", name, {}, opts);
    const connections = createConnections(this, name, args);
    createRoutes(this, name, args, connections);
    this.transitGatewayAttachmentIds = Object.fromEntries(Object.entries(connections.transitGatewayAttachments).map(([id, a]) => [id, a.id]));
    this.attachmentSubnetIds = connections.attachmentSubnetIds;
    this.vpnGatewayId = connections.vpnGatewayId;
    this.vpnConnections = connections.vpnConnections;
    if (args.plan.resolver !== undefined) {
      const resolver = createResolver(this, name, args, args.plan.resolver);
      this.resolverEndpointId = resolver.id;
      this.resolverAddresses = resolver.addresses;
    }
    this.registerOutputs({
      transitGatewayAttachmentIds: this.transitGatewayAttachmentIds,
      vpnGatewayId: this.vpnGatewayId,
      resolverEndpointId: this.resolverEndpointId,
    });
  }
}
