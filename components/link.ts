/**
 * The link between the two VPCs: the cross-region peering (requested from the source region, accepted through the
 * DR-region provider), one route per route table to the peer VPC's block and nothing wider, and in the staging VPC
 * the four endpoints of the blog: DRS, EC2 and S3 interface endpoints behind one security group that admits HTTPS
 * only from the source VPC and the staging subnets, plus the S3 gateway endpoint on the staging route tables.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { interfaceEndpointPolicy, S3_POLICY_SIDS, s3ReadOnlyPolicy } from "../lib/endpointPolicies";
import { endpointGroupRules, inlineRule, noReferences } from "../lib/securityGroups";
import { DrsDnsMode, drsRegionalHostName, endpointDnsName } from "../lib/installer";
import { endpointServiceName, InterfaceEndpointService } from "../lib/regions";
import { RouteTableRef } from "./isolatedVpc";

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
}

/**
 * Private DNS per interface endpoint. EC2: on, so the replication servers in the staging subnets reach
 * `ec2.<region>.amazonaws.com` through it. DRS: on in `endpoint-flag` mode, for the same reason; off in
 * `private-hosted-zone` mode, where this program's own zone answers for `drs.<region>.amazonaws.com` in both VPCs
 * (AWS's private DRS template does the same). S3: off; the staging subnets reach S3 through the gateway endpoint,
 * and the source servers use the endpoint-specific name.
 */
function privateDns(service: InterfaceEndpointService, mode: DrsDnsMode): boolean {
  return service === "ec2" || (service === "drs" && mode === "endpoint-flag");
}

/** Peering, routes, endpoints and the endpoints' security group. Children name their provider explicitly. */
export class Link extends pulumi.ComponentResource {
  /** Each source's VPC peering connection id, `pcx-...`, by source key. */
  public readonly peeringConnectionIds: Record<string, pulumi.Output<string>>;
  /** The security group of the interface endpoints. */
  public readonly endpointSecurityGroupId: pulumi.Output<string>;
  /** Each interface endpoint's regional DNS name, without `*.`. */
  public readonly endpointDnsNames: Record<InterfaceEndpointService, pulumi.Output<string>>;
  /** The S3 gateway endpoint id. */
  public readonly s3GatewayEndpointId: pulumi.Output<string>;
  /** The S3 gateway endpoint's prefix list, for security group rules. */
  public readonly s3PrefixListId: pulumi.Output<string>;
  /** The private hosted zone for `drs.<region>.amazonaws.com`, in `private-hosted-zone` mode. */
  public readonly drsPrivateHostedZoneId?: pulumi.Output<string>;

  constructor(name: string, args: LinkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("drs-secured-network:link:Link", name, {}, opts);
    const onDr: pulumi.CustomResourceOptions = { parent: this, provider: args.drProvider };
    const nameTag = (suffix: string) => ({ Name: `${name}-${suffix}` });

    // A source's own resources carry its key in their names; the shorthand's single source keeps the first names.
    const ownName = (source: LinkSource, suffix: string) => (source.key === "" ? `${name}-${suffix}` : `${name}-${source.key}-${suffix}`);

    this.peeringConnectionIds = {};
    for (const source of args.sources) {
      const onSource: pulumi.CustomResourceOptions = { parent: this, provider: source.provider };
      const own = (suffix: string) => ownName(source, suffix);
      // Cross-region peering cannot be auto-accepted by the requester: the DR region accepts it.
      const peering = new aws.ec2.VpcPeeringConnection(
        own("peering"),
        {
          vpcId: source.vpcId,
          peerVpcId: args.staging.vpcId,
          peerRegion: args.drRegion,
          // Set only across accounts: on an existing same-account peering it would force a replacement.
          ...(source.peerOwnerId !== undefined ? { peerOwnerId: source.peerOwnerId } : {}),
          tags: { Name: own("peering"), Side: "requester" },
        },
        onSource,
      );
      const accepter = new aws.ec2.VpcPeeringConnectionAccepter(
        own("peering-accepter"),
        { vpcPeeringConnectionId: peering.id, autoAccept: true, tags: { Name: own("peering"), Side: "accepter" } },
        onDr,
      );
      // Routes use the accepter's id (the same pcx id) so they are made only once the peering is active.
      const activePeeringId = accepter.vpcPeeringConnectionId;
      for (const table of source.routeTables) {
        new aws.ec2.Route(
          own(`source-${table.key}-to-staging`),
          { routeTableId: table.id, destinationCidrBlock: args.staging.cidrBlock, vpcPeeringConnectionId: activePeeringId },
          onSource,
        );
      }
      for (const table of args.staging.routeTables) {
        new aws.ec2.Route(
          `${name}-staging-${table.key}-to-${source.key === "" ? "source" : source.key}`,
          { routeTableId: table.id, destinationCidrBlock: source.cidrBlock, vpcPeeringConnectionId: activePeeringId },
          onDr,
        );
      }
      this.peeringConnectionIds[source.key] = activePeeringId;
    }

    // HTTPS in from exactly the blocks that must reach the endpoints; no egress (endpoints never initiate).
    const endpointRules = endpointGroupRules(
      args.sources.map((source) => ({ key: source.key, cidrBlock: source.cidrBlock })),
      args.staging.subnetCidrBlocks,
    );
    const endpointSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-endpoints-sg`,
      {
        vpcId: args.staging.vpcId,
        description: endpointRules.description,
        ingress: endpointRules.ingress.map((rule) => inlineRule(rule, noReferences)),
        egress: [],
        tags: nameTag("endpoints-sg"),
      },
      onDr,
    );

    // Both S3 endpoints let through only s3:GetObject on DRS's buckets (and the config's); DRS's and EC2's only the
    // stack's own accounts, on both ends (lib/endpointPolicies.ts).
    const s3Policy = s3ReadOnlyPolicy(S3_POLICY_SIDS.staging, args.s3EndpointBuckets);
    const policyOf = (service: InterfaceEndpointService): pulumi.Input<string> => {
      if (service === "s3") return s3Policy;
      const policy = interfaceEndpointPolicy(service, args.drRegion, args.accountIds);
      return args.secretAccountIds === true ? pulumi.secret(policy) : policy;
    };
    const interfaceEndpoint = (service: InterfaceEndpointService) =>
      new aws.ec2.VpcEndpoint(
        `${name}-${service}-endpoint`,
        {
          vpcId: args.staging.vpcId,
          serviceName: endpointServiceName(args.drRegion, service),
          vpcEndpointType: "Interface",
          subnetIds: [...args.staging.subnetIds],
          securityGroupIds: [endpointSecurityGroup.id],
          privateDnsEnabled: privateDns(service, args.drsDnsMode),
          policy: policyOf(service),
          tags: nameTag(`${service}-endpoint`),
        },
        onDr,
      );
    const endpoints = {
      drs: interfaceEndpoint("drs"),
      ec2: interfaceEndpoint("ec2"),
      s3: interfaceEndpoint("s3"),
    };

    // The replication servers fetch their software from S3 by the regional name: the gateway endpoint serves that.
    const s3Gateway = new aws.ec2.VpcEndpoint(
      `${name}-s3-gateway-endpoint`,
      {
        vpcId: args.staging.vpcId,
        serviceName: endpointServiceName(args.drRegion, "s3"),
        vpcEndpointType: "Gateway",
        routeTableIds: args.staging.routeTables.map((t) => t.id),
        policy: s3Policy,
        tags: nameTag("s3-gateway-endpoint"),
      },
      onDr,
    );

    if (args.drsDnsMode === "private-hosted-zone") {
      // drs.<region>.amazonaws.com answered in both VPCs, across regions, by an apex alias to the DRS endpoint.
      const zoneName = drsRegionalHostName(args.drRegion);
      // Within one account the zone lists every VPC itself. A VPC of another account must be authorized by the zone's
      // account and associated by its own; the zone then lists only the staging VPC and leaves the associations to
      // those resources (mixing the two would make each undo the other).
      const crossAccount = args.sources.some((source) => source.peerOwnerId !== undefined);
      const zone = new aws.route53.Zone(
        `${name}-drs-zone`,
        {
          name: zoneName,
          comment: "DRS regional name resolved to the DRS interface endpoint (drs-secured-network)",
          vpcs: [
            { vpcId: args.staging.vpcId, vpcRegion: args.drRegion },
            ...(crossAccount ? [] : args.sources.map((source) => ({ vpcId: source.vpcId, vpcRegion: source.region }))),
          ],
          tags: nameTag("drs-zone"),
        },
        { ...onDr, ...(crossAccount ? { ignoreChanges: ["vpcs"] } : {}) },
      );
      if (crossAccount) {
        for (const source of args.sources) {
          const own = (suffix: string) => ownName(source, suffix);
          const association = { zoneId: zone.zoneId, vpcId: source.vpcId, vpcRegion: source.region };
          const authorization =
            source.peerOwnerId !== undefined ? [new aws.route53.VpcAssociationAuthorization(own("drs-zone-authorization"), association, onDr)] : [];
          new aws.route53.ZoneAssociation(own("drs-zone-association"), association, { parent: this, provider: source.provider, dependsOn: authorization });
        }
      }
      new aws.route53.Record(
        `${name}-drs-alias`,
        {
          zoneId: zone.zoneId,
          name: zoneName,
          type: "A",
          // Route 53 developer guide, "Routing traffic to an Amazon VPC interface endpoint by using your domain name":
          // the endpoint's first (regional) DNS name, without a "*." prefix, and Evaluate Target Health "No".
          aliases: [
            {
              name: endpoints.drs.dnsEntries.apply(endpointDnsName),
              zoneId: endpoints.drs.dnsEntries.apply((entries) => entries[0].hostedZoneId),
              evaluateTargetHealth: false,
            },
          ],
        },
        onDr,
      );
      this.drsPrivateHostedZoneId = zone.zoneId;
    }

    this.endpointSecurityGroupId = endpointSecurityGroup.id;
    this.endpointDnsNames = {
      drs: endpoints.drs.dnsEntries.apply(endpointDnsName),
      ec2: endpoints.ec2.dnsEntries.apply(endpointDnsName),
      s3: endpoints.s3.dnsEntries.apply(endpointDnsName),
    };
    this.s3GatewayEndpointId = s3Gateway.id;
    this.s3PrefixListId = s3Gateway.prefixListId;

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
