/**
 * The private zone the stack's staging VPC is associated with (GetHostedZone, ListResourceRecordSets), with its VPCs
 * and records; an alias record points to the endpoints whose DNS names it names.
 */
import { bareDnsName, EndpointNode, ZoneNode } from "../model";
import type { LiveCapture } from "./capture";
import type { LiveVpcs } from "./vpcs";

/** Each region's zone, as read. */
export function liveZones(capture: LiveCapture, vpcs: LiveVpcs, endpoints: readonly EndpointNode[]): ZoneNode[] {
  const zones: ZoneNode[] = [];
  for (const [, ops] of Object.entries(capture.regions)) {
    const zone = ops.GetHostedZone;
    if (zone?.HostedZone?.Id === undefined) continue;
    const id = zone.HostedZone.Id.replace(/^\/hostedzone\//, "");
    zones.push({
      id,
      name: id,
      zoneName: bareDnsName(zone.HostedZone.Name),
      vpcs: (zone.VPCs ?? []).flatMap((v) => vpcs.get(v.VPCId) ?? []),
      records: (ops.ListResourceRecordSets?.ResourceRecordSets ?? []).map((r) => ({
        name: `${bareDnsName(r.Name)} ${r.Type ?? ""}${r.AliasTarget !== undefined ? " alias" : ""}`,
        id,
        recordName: bareDnsName(r.Name),
        type: String(r.Type ?? ""),
        aliasTargets: r.AliasTarget?.DNSName !== undefined ? endpoints.filter((e) => e.dnsNames.some((n) => bareDnsName(n) === bareDnsName(r.AliasTarget?.DNSName))) : [],
      })),
    });
  }
  return zones;
}
