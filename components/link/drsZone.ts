/**
 * `drsDnsMode: private-hosted-zone`: `drs.<region>.amazonaws.com` answered in the staging and source VPCs, across
 * regions, by an apex alias to the DRS interface endpoint; how the zone reaches the sources is lib/linkDns.ts's.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { drsRegionalHostName, endpointDnsName } from "../../lib/installer";
import { drsZoneAssociations } from "../../lib/linkDns";
import type { LinkArgs } from "./index";
import { nameTag, ownName } from "./names";

/** Declare the zone, the sources' associations (across accounts) and, with the DRS endpoint, the alias; the zone's id. */
export function createDrsZone(parent: pulumi.Resource, name: string, args: LinkArgs, drsEndpoint: aws.ec2.VpcEndpoint | undefined): pulumi.Output<string> {
  const onDr: pulumi.CustomResourceOptions = { parent, provider: args.drProvider };
  const zoneName = drsRegionalHostName(args.drRegion);
  const reach = drsZoneAssociations(args.sources.map((source) => ({ otherAccount: source.peerOwnerId !== undefined })));
  const zone = new aws.route53.Zone(
    `${name}-drs-zone`,
    {
      name: zoneName,
      comment: "DRS regional name resolved to the DRS interface endpoint (drs-secured-network)",
      vpcs: [
        { vpcId: args.staging.vpcId, vpcRegion: args.drRegion },
        ...(reach.kind === "listed" ? args.sources.map((source) => ({ vpcId: source.vpcId, vpcRegion: source.region })) : []),
      ],
      tags: nameTag(name, "drs-zone"),
    },
    { ...onDr, ...(reach.kind === "associated" ? { ignoreChanges: ["vpcs"] } : {}) },
  );
  if (reach.kind === "associated") {
    args.sources.forEach((source, i) => {
      const own = (suffix: string) => ownName(name, source.key, suffix);
      const association = { zoneId: zone.zoneId, vpcId: source.vpcId, vpcRegion: source.region };
      const authorization = reach.authorize[i] ? [new aws.route53.VpcAssociationAuthorization(own("drs-zone-authorization"), association, onDr)] : [];
      new aws.route53.ZoneAssociation(own("drs-zone-association"), association, { parent, provider: source.provider, dependsOn: authorization });
    });
  }
  if (drsEndpoint === undefined) return zone.zoneId;
  new aws.route53.Record(
    `${name}-drs-alias`,
    {
      zoneId: zone.zoneId,
      name: zoneName,
      type: "A",
      // Route 53 developer guide, "Routing traffic to an Amazon VPC interface endpoint by using your domain name":
      // the endpoint's first (regional) DNS name, without a "*." prefix, and Evaluate Target Health "No".
      aliases: [{ name: drsEndpoint.dnsEntries.apply(endpointDnsName), zoneId: drsEndpoint.dnsEntries.apply((entries) => entries[0].hostedZoneId), evaluateTargetHealth: false }],
    },
    onDr,
  );
  return zone.zoneId;
}
