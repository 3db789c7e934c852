/**
 * The declared private zones: the VPCs each is associated with (listed in the zone, by its property's dependencies,
 * or by association resources) and its records, an alias naming the endpoints it points to.
 */
import { bareDnsName, EndpointNode, RecordNode, VpcNode, ZoneNode } from "../model";
import type { DeclaredGraph } from "./graph";
import type { DeclaredNodes } from "./nodes";
import { DeclaredResource, TYPE } from "./types";

/** Private zones with the VPCs they are associated with (in the zone, or by association resources) and records. */
export function declareZones(graph: DeclaredGraph, nodes: DeclaredNodes, endpoints: Map<DeclaredResource, EndpointNode>): ZoneNode[] {
  return graph.ofType(TYPE.zone).map((zone) => {
    const inZone = (r: DeclaredResource) => graph.ref(r, "zoneId", TYPE.zone).some((t) => "resource" in t && t.resource === zone) || (r.props.zoneId !== undefined && r.props.zoneId === zone.props.zoneId);
    const listed = (Array.isArray(zone.props.vpcs) ? (zone.props.vpcs as Record<string, unknown>[]) : []).flatMap((v) =>
      typeof v.vpcId === "string" && v.vpcId !== "" ? [nodes.vpcs.get(graph.byId(TYPE.vpc, v.vpcId)?.urn ?? `external:${v.vpcId}`)] : [],
    );
    const byDependency = (zone.propertyDependencies?.vpcs ?? []).flatMap((urn) => nodes.vpcs.get(urn) ?? []);
    const byAssociation = graph
      .ofType(TYPE.zoneAssociation)
      .filter(inZone)
      .map((a) => nodes.vpcOf(graph.ref(a, "vpcId", TYPE.vpc)[0]));
    const records = graph
      .ofType(TYPE.record)
      .filter(inZone)
      .map((r) => zoneRecord(r, endpoints));
    const vpcs = [...new Set([...listed, ...byDependency, ...byAssociation])].filter((v): v is VpcNode => v !== undefined);
    return { name: zone.name, zoneName: bareDnsName(zone.props.name), vpcs, records };
  });
}

/** A record, with the endpoints its alias names. */
function zoneRecord(r: DeclaredResource, endpoints: Map<DeclaredResource, EndpointNode>): RecordNode {
  const aliases = Array.isArray(r.props.aliases) ? (r.props.aliases as Record<string, unknown>[]) : [];
  // An alias names an endpoint's first DNS entry, written without a "*." prefix; in a preview, by dependency.
  const targets = [...endpoints]
    .filter(([resource, e]) => aliases.some((a) => e.dnsNames[0] !== undefined && bareDnsName(a.name) === bareDnsName(e.dnsNames[0])) || (r.propertyDependencies?.aliases ?? []).includes(resource.urn))
    .map(([, e]) => e);
  return { name: r.name, recordName: bareDnsName(r.props.name), type: String(r.props.type ?? ""), aliasTargets: targets };
}
