/**
 * Each source's peering into the staging VPC: requested from the source region, accepted through the DR-region
 * provider (cross-region peering cannot be auto-accepted by the requester), and one route per route table to the
 * peer VPC's block and nothing wider, on both sides.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LinkArgs, LinkSource } from "./index";
import { ownName } from "./names";

/** Declare every source's peering and routes; the active peering ids by source key. */
export function createPeerings(parent: pulumi.Resource, name: string, args: LinkArgs): Record<string, pulumi.Output<string>> {
  const ids: Record<string, pulumi.Output<string>> = {};
  for (const source of args.sources) ids[source.key] = createPeering(parent, name, args, source);
  return ids;
}

function createPeering(parent: pulumi.Resource, name: string, args: LinkArgs, source: LinkSource): pulumi.Output<string> {
  const onSource: pulumi.CustomResourceOptions = { parent, provider: source.provider };
  const onDr: pulumi.CustomResourceOptions = { parent, provider: args.drProvider };
  const own = (suffix: string) => ownName(name, source.key, suffix);
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
    new aws.ec2.Route(own(`source-${table.key}-to-staging`), { routeTableId: table.id, destinationCidrBlock: args.staging.cidrBlock, vpcPeeringConnectionId: activePeeringId }, onSource);
  }
  for (const table of args.staging.routeTables) {
    new aws.ec2.Route(
      `${name}-staging-${table.key}-to-${source.key === "" ? "source" : source.key}`,
      { routeTableId: table.id, destinationCidrBlock: source.cidrBlock, vpcPeeringConnectionId: activePeeringId },
      onDr,
    );
  }
  return activePeeringId;
}
