/**
 * The declared VPCs and subnets: a VPC the stack declares is created and known, a recovery VPC by its
 * `Purpose: DRS recovery` tag, a failback staging VPC by its name (`failback-<region>-vpc`, its logical name or Name
 * tag), by the configuration's failback block of its region, or, once the peerings are known, as a staging VPC peered
 * with the recovery VPC only; a subnet names its VPC by `vpcId`.
 */
import { failbackByPeering, failbackRegionOfName, STAGING_PURPOSE } from "../failback/side";
import { RECOVERY_PURPOSE } from "../recovery/side";
import type { DeclaredGraph } from "./graph";
import type { DeclaredNodes } from "./nodes";
import { DeclaredResource, str, TYPE } from "./types";

/** Every declared VPC, with its block and, for the recovery VPC, its role. */
export function declareVpcs(graph: DeclaredGraph, nodes: DeclaredNodes): void {
  for (const r of graph.ofType(TYPE.vpc)) {
    nodes.vpcs.set(r.urn, {
      key: r.urn,
      name: r.name,
      ...(r.region !== undefined ? { region: r.region } : {}),
      cidr: str(r.props.cidrBlock),
      created: true,
      known: true,
      ...(isRecoveryVpc(r) ? { role: "recovery" as const } : isFailbackVpc(r, nodes) ? { role: "failback" as const } : {}),
    });
  }
}

/** Whether a declared VPC is a failback staging VPC: by its name, or by the configured block of its region. */
function isFailbackVpc(r: DeclaredResource, nodes: DeclaredNodes): boolean {
  const tags = r.props.tags as Record<string, unknown> | undefined;
  if (failbackRegionOfName(r.name) !== undefined || failbackRegionOfName(typeof tags?.Name === "string" ? tags.Name : undefined) !== undefined) return true;
  return r.region !== undefined && nodes.failbackBlocks.get(r.region) === str(r.props.cidrBlock) && str(r.props.cidrBlock) !== undefined;
}

/** After the peerings: a staging VPC (by its purpose) peered with the recovery VPC only is a failback staging VPC. */
export function declareFailbackByPeering(graph: DeclaredGraph, nodes: DeclaredNodes): void {
  const staging = graph.ofType(TYPE.vpc).filter((r) => (r.props.tags as Record<string, unknown> | undefined)?.Purpose === STAGING_PURPOSE);
  const candidates = staging.flatMap((r) => nodes.vpcs.get(r.urn) ?? []);
  for (const vpc of failbackByPeering(candidates, [...nodes.peerings.values()])) vpc.role = "failback";
}

/** Whether a declared VPC is tagged as the recovery VPC. */
function isRecoveryVpc(r: DeclaredResource): boolean {
  const tags = r.props.tags as Record<string, unknown> | undefined;
  return tags?.Purpose === RECOVERY_PURPOSE;
}

/** Every declared subnet, in its VPC (an external one for an id the stack does not declare). */
export function declareSubnets(graph: DeclaredGraph, nodes: DeclaredNodes): void {
  for (const r of graph.ofType(TYPE.subnet)) {
    nodes.subnets.set(r.urn, {
      name: r.name,
      vpc: nodes.vpcOf(graph.ref(r, "vpcId", TYPE.vpc)[0]),
      cidr: str(r.props.cidrBlock),
      mapPublicIpOnLaunch: r.props.mapPublicIpOnLaunch === true,
      assignIpv6AddressOnCreation: r.props.assignIpv6AddressOnCreation === true,
    });
  }
}
