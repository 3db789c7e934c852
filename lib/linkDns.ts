/**
 * The link's DNS decisions, apart from the resources: which interface endpoints turn private DNS on, and how the
 * private hosted zone for the DRS name reaches the source VPCs. Pure; components/link/ declares what they say.
 */
import type { DrsDnsMode } from "./installer";
import type { InterfaceEndpointService } from "./regions";

/**
 * Private DNS per interface endpoint. EC2: on, so the replication servers in the staging subnets reach
 * `ec2.<region>.amazonaws.com` through it. DRS: on in `endpoint-flag` mode, for the same reason; off in
 * `private-hosted-zone` mode, where this program's own zone answers for `drs.<region>.amazonaws.com` in both VPCs
 * (AWS's private DRS template does the same). S3: off; the staging subnets reach S3 through the gateway endpoint,
 * and the source servers use the endpoint-specific name. With an external source in `dns: resolver` mode the link
 * turns S3's on for inbound-resolver traffic only (`privateDnsOnlyForInboundResolverEndpoint`), so the data centre's
 * forwarded queries get the interface endpoint and the staging subnets still the gateway; DRS's name is already
 * answered in the staging VPC in both modes (the endpoint's private DNS, or the zone), so the resolver answers it too.
 */
export function privateDnsEnabled(service: InterfaceEndpointService, mode: DrsDnsMode): boolean {
  return service === "ec2" || (service === "drs" && mode === "endpoint-flag");
}

/**
 * How the DRS zone reaches the source VPCs. Within one account the zone lists every VPC itself (`listed`). A VPC of
 * another account must be authorized by the zone's account and associated by its own; the zone then lists only the
 * staging VPC and leaves every source's association to its own resource (mixing the two would make each undo the
 * other), with an authorization for the sources in another account.
 */
export function drsZoneAssociations(sources: readonly { readonly otherAccount: boolean }[]): { kind: "listed" } | { kind: "associated"; authorize: boolean[] } {
  if (!sources.some((s) => s.otherAccount)) return { kind: "listed" };
  return { kind: "associated", authorize: sources.map((s) => s.otherAccount) };
}
