/**
 * The link between the two VPCs: the cross-region peering (requested from the source region, accepted through the
 * DR-region provider), one route per route table to the peer VPC's block and nothing wider, and in the staging VPC
 * the four endpoints of the blog: DRS, EC2 and S3 interface endpoints behind one security group that admits HTTPS
 * only from the source VPC and the staging subnets, plus the S3 gateway endpoint on the staging route tables; with
 * `private-hosted-zone`, the zone for the DRS name. One file per group: peerings.ts, endpoints.ts, drsZone.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import type { DrsDnsMode } from "../../lib/installer";
import type { InterfaceEndpointService } from "../../lib/regions";
import type { RouteTableRef } from "../isolatedVpc";
import { createDrsZone } from "./drsZone";
import { createEndpoints } from "./endpoints";
import { createPeerings } from "./peerings";

/** One side of the link, as the VPC components expose it. */
export interface LinkSide {
  /** The VPC id. */
  readonly vpcId: pulumi.Input<string>;
  /** The VPC's IPv4 block: the other side routes exactly this block to the peering. */
  readonly cidrBlock: string;
  /** The route tables that get the route to the other side. */
  readonly routeTables: readonly RouteTableRef[];
}

/** One source of the link: its VPC, name, region and provider. */
export interface LinkSource extends LinkSide {
  /**
   * The source's name: `""` for the single source of the shorthand config, whose resources keep their first names
   * (`link-peering`); otherwise part of the names of its peering and routes (`link-app-peering`), so adding or
   * removing one source never renames another's.
   */
  readonly key: string;
  /** Its region, where the peering is requested. */
  readonly region: string;
  /** Provider of that region (and account). */
  readonly provider: pulumi.ProviderResource;
  /** The DR account, when the source is in another account: the peering names it as peer owner. */
  readonly peerOwnerId?: pulumi.Input<string>;
}

/** Arguments of `Link`. */
export interface LinkArgs {
  /** The sources: one peering each into the staging VPC. */
  readonly sources: readonly LinkSource[];
  /** The staging VPC, in the DR region, with its subnets for the endpoint ENIs. */
  readonly staging: LinkSide & {
    readonly subnetIds: readonly pulumi.Input<string>[];
    readonly subnetCidrBlocks: readonly string[];
  };
  /** The external sources' blocks: the endpoints' group admits HTTPS from each too (they reach it over their connection). */
  readonly externalBlocks?: readonly { readonly key: string; readonly cidrBlock: string }[];
  /**
   * An external source asks the inbound resolver: the S3 interface endpoint then has private DNS for the resolver's
   * queries only (the VPC's own S3 traffic keeps the gateway endpoint), and is made after the gateway endpoint.
   */
  readonly s3PrivateDnsForInboundResolver?: boolean;
  /** The DR region: the peer region of the peering and the region of every endpoint service. */
  readonly drRegion: string;
  /** How source servers find the DRS endpoint; `private-hosted-zone` adds the zone for `drs.<region>.amazonaws.com`. */
  readonly drsDnsMode: DrsDnsMode;
  /** The buckets the S3 endpoints let through (s3:GetObject only). */
  readonly s3EndpointBuckets: readonly string[];
  /** Provider of the DR region: the acceptance, the staging routes, the endpoints and their security group. */
  readonly drProvider: pulumi.ProviderResource;
  /** The stack's accounts (DR and sources): the DRS and EC2 endpoints admit only their principals and resources. */
  readonly accountIds: readonly string[];
  /** Whether an account id came from a secret key: the policies naming them are then kept secret. */
  readonly secretAccountIds?: boolean;
  /**
   * Whether the interface endpoints (and the zone's alias to DRS's) exist now; `false` for failback `on-demand`,
   * which keeps only what has no hourly charge (the group, the gateway endpoint, the zone). Default true.
   */
  readonly interfaceEndpoints?: boolean;
}

/** Peering, routes, endpoints and the endpoints' security group. Children name their provider explicitly. */
export class Link extends pulumi.ComponentResource {
  /** Each source's VPC peering connection id, `pcx-...`, by source key. */
  public readonly peeringConnectionIds: Record<string, pulumi.Output<string>>;
  /** The security group of the interface endpoints. */
  public readonly endpointSecurityGroupId: pulumi.Output<string>;
  /** Each interface endpoint's regional DNS name, without `*.` (`""` where `interfaceEndpoints` is false). */
  public readonly endpointDnsNames: Record<InterfaceEndpointService, pulumi.Output<string>>;
  /** The S3 gateway endpoint id. */
  public readonly s3GatewayEndpointId: pulumi.Output<string>;
  /** The S3 gateway endpoint's prefix list, for security group rules. */
  public readonly s3PrefixListId: pulumi.Output<string>;
  /** The private hosted zone for `drs.<region>.amazonaws.com`, in `private-hosted-zone` mode. */
  public readonly drsPrivateHostedZoneId?: pulumi.Output<string>;

  constructor(name: string, args: LinkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("drs-secured-network:link:Link", name, {}, opts);
    this.peeringConnectionIds = createPeerings(this, name, args);
    const endpoints = createEndpoints(this, name, args);
    if (args.drsDnsMode === "private-hosted-zone") this.drsPrivateHostedZoneId = createDrsZone(this, name, args, endpoints.interface?.drs);
    this.endpointSecurityGroupId = endpoints.securityGroupId;
    this.endpointDnsNames = endpoints.dnsNames;
    this.s3GatewayEndpointId = endpoints.s3Gateway.id;
    this.s3PrefixListId = endpoints.s3Gateway.prefixListId;
    this.registerOutputs({
      peeringConnectionIds: this.peeringConnectionIds,
      endpointSecurityGroupId: this.endpointSecurityGroupId,
      endpointDnsNames: this.endpointDnsNames,
      s3GatewayEndpointId: this.s3GatewayEndpointId,
      s3PrefixListId: this.s3PrefixListId,
      drsPrivateHostedZoneId: this.drsPrivateHostedZoneId,
    });
  }
}
