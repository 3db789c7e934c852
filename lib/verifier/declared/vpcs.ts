/**
 * The declared VPCs and subnets: a VPC the stack declares is created and known, and a recovery VPC by its
 * `Purpose: DRS recovery` tag; a subnet names its VPC by `vpcId`.
 */
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
      ...(isRecoveryVpc(r) ? { role: "recovery" as const } : {}),
    });
  }
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
