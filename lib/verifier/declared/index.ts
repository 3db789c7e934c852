/**
 * The model from declared resources: what the synth records under the mock runtime, or what the policy pack sees
 * of the stack Pulumi is about to deploy. Resources are linked by id where ids are known, and by Pulumi's property
 * dependencies where they are not (a preview of new resources). Names are logical names; no live ids.
 *
 * One builder per node kind, in dependency order: VPCs and subnets (vpcs.ts), the connections of networks outside AWS
 * (connections.ts), route tables and their associations, peerings and their acceptance, routes, groups and rules,
 * endpoints (after which the rules' references resolve), network ACLs, resolver endpoints, the external networks
 * (../externalNetworks.ts), flow logs, zones and records, templates, launch templates (the DR region's, and the
 * failback regions' apart) and the recovery side's ingress (../recovery/side.ts), and what faces the internet. The
 * failback staging VPCs are known by their names and the configuration as the VPCs are made, and by their peerings
 * once those are. The graph (graph.ts) follows
 * references; the nodes (nodes.ts) hold what is made so far and the stand-ins for what the stack does not declare.
 */
import { externalNetworks } from "../externalNetworks";
import { isFailback } from "../failback/side";
import { aclOf, FailbackFacts, inferPeerBlocks, LaunchTemplateNode, NetworkModel, PeeringNode, SubnetNode } from "../model";
import { isRecovery, recoveryIngressOf } from "../recovery/side";
import { declareAcls } from "./acls";
import { declareConnections, uniqueConnections } from "./connections";
import { declareEndpoints } from "./endpoints";
import { declareFlowLogs } from "./flowLogs";
import { DeclaredGraph } from "./graph";
import { addSeparateRules, declareGroups, resolveRules } from "./groups";
import { declaredInternetFacing, declaredPublicAddresses } from "./internet";
import { AdoptedSubnets, declareLaunchTemplates } from "./launchTemplates";
import { DeclaredNodes } from "./nodes";
import { acceptPeerings, declarePeerings } from "./peerings";
import { declareResolverEndpoints } from "./resolvers";
import { associateSubnets, declareRouteTables, declareRoutes } from "./routeTables";
import { declareTemplates } from "./templates";
import type { DeclaredResource, FailbackContext, VerifierContext } from "./types";
import { declareFailbackByPeering, declareSubnets, declareVpcs } from "./vpcs";
import { declareZones } from "./zones";

export { bareDnsName } from "../model";
export { INTERNET_FACING_TYPES } from "./types";
export type { DeclaredResource, ExternalSourceFacts, FailbackContext, RecoveryFacts, VerifierContext } from "./types";

/** Build the model of a declared network. */
export function modelFromDeclared(resources: readonly DeclaredResource[], context: VerifierContext = {}): NetworkModel {
  const graph = new DeclaredGraph(resources);
  const nodes = new DeclaredNodes(context);
  declareVpcs(graph, nodes);
  declareSubnets(graph, nodes);
  declareConnections(graph, nodes);
  const strayRoutes = declareRouteTables(graph, nodes);
  const subnetTable = associateSubnets(graph, nodes);
  declarePeerings(graph, nodes);
  acceptPeerings(graph, nodes);
  declareFailbackByPeering(graph, nodes);
  declareRoutes(graph, nodes);
  const pending = declareGroups(graph, nodes);
  addSeparateRules(graph, nodes, pending);
  const endpoints = declareEndpoints(graph, nodes);
  resolveRules(graph, nodes, pending, endpoints);
  const { subnetAcl, vpcDefaultAcl, acls } = declareAcls(graph, nodes);
  const notes: string[] = [];
  inferPeerBlocks([...nodes.vpcs.values()], [...nodes.tables.values()], notes);
  const { flowLogs, flowLogNotes } = declareFlowLogs(graph, nodes);
  const connections = uniqueConnections(nodes);
  const resolverEndpoints = declareResolverEndpoints(graph, nodes);
  // The staging VPC: the source peerings' accepter, else the DRS endpoint's VPC (neither the recovery VPC's nor a failback one's).
  const staging =
    [...nodes.peerings.values()].find((p) => p.accepter?.known === true && !sideOfFailback(p))?.accepter ??
    [...endpoints.values()].find((e) => e.type === "Interface" && e.serviceName.endsWith(".drs") && !isFailback(e.vpc))?.vpc;
  const inputs = { connections, tables: [...nodes.tables.values()], resolvers: resolverEndpoints, staging, aclOf: (s: SubnetNode) => aclOf({ subnetAcl, vpcDefaultAcl }, s) };
  const external = externalNetworks(context.externalSources, inputs, notes);
  const { internetFacing, internetFacingVpc } = declaredInternetFacing(graph, nodes);
  // Before the VPCs are listed: an adopted recovery VPC the template's subnets name enters the model here, if not before.
  const { launchTemplates, failbackLaunchTemplates } = partitionLaunchTemplates(declareLaunchTemplates(graph, nodes, adoptedRecoverySubnets(nodes, context)), nodes, context.failback);
  const recoveryIngress = recoveryIngressOf([...nodes.vpcs.values()], [...nodes.groups.values()], context.recovery?.ingressBlocks);
  return {
    vpcs: [...nodes.vpcs.values()],
    subnets: [...nodes.subnets.values()],
    tables: [...nodes.tables.values()],
    subnetTable,
    peerings: [...nodes.peerings.values()],
    groups: [...nodes.groups.values()],
    endpoints: [...endpoints.values()],
    subnetAcl,
    vpcDefaultAcl,
    acls,
    // Made after `vpcs` above: a VPC that only a zone association names is in the zone's VPCs, not the model's.
    zones: declareZones(graph, nodes, endpoints),
    templates: declareTemplates(graph, nodes),
    flowLogs,
    connections,
    externalNetworks: external,
    resolverEndpoints,
    internetFacing,
    internetFacingVpc,
    launchTemplates,
    ...(failbackLaunchTemplates !== undefined ? { failbackLaunchTemplates } : {}),
    ...(context.failback !== undefined ? { failback: failbackFacts(context.failback) } : {}),
    ...(recoveryIngress !== undefined ? { recoveryIngress } : {}),
    publicAddresses: declaredPublicAddresses(graph),
    strayRoutes,
    notes,
    flowLogNotes,
  };
}

/** Whether a peering is the recovery side's or failback's, not a source's. */
function sideOfFailback(p: PeeringNode): boolean {
  return [p.requester, p.accepter].some((v) => isRecovery(v) || isFailback(v));
}

/** What the configuration's failback says, as the model keeps it: per region, its block and whether its endpoints exist now. */
export function failbackFacts(failback: FailbackContext): FailbackFacts {
  const interfaceEndpoints = failback.mode === "standby" || failback.active;
  return { regions: Object.entries(failback.stagingVpcCidrs).map(([region, cidrBlock]) => ({ region, cidrBlock, interfaceEndpoints })) };
}

/**
 * The DR region's launch templates (recovery-launch-template's) and the failback regions' (failback-launch-template's):
 * a template of a region with a failback staging VPC (or a configured failback block) that is not the DR region's.
 * Without failback, every template is the DR region's, and there are no failback ones.
 */
function partitionLaunchTemplates(all: LaunchTemplateNode[], nodes: DeclaredNodes, failback: FailbackContext | undefined): { launchTemplates: LaunchTemplateNode[]; failbackLaunchTemplates?: LaunchTemplateNode[] } {
  const vpcs = [...nodes.vpcs.values()];
  const regions = new Set([...vpcs.filter(isFailback).flatMap((v) => v.region ?? []), ...Object.keys(failback?.stagingVpcCidrs ?? {})]);
  if (regions.size === 0) return { launchTemplates: all };
  // The DR region: the recovery VPC's, and the forward staging VPC's (the accepter of the source peerings).
  const drRegions = new Set<string>([
    ...vpcs.filter((v) => isRecovery(v)).flatMap((v) => v.region ?? []),
    ...[...nodes.peerings.values()].filter((p) => !sideOfFailback(p)).flatMap((p) => p.accepter?.region ?? p.peerRegion ?? []),
  ]);
  const isFailbackRegion = (t: LaunchTemplateNode) => t.region !== undefined && regions.has(t.region) && !drRegions.has(t.region);
  return { launchTemplates: all.filter((t) => !isFailbackRegion(t)), failbackLaunchTemplates: all.filter(isFailbackRegion) };
}

/** The subnets of an adopted recovery VPC, as the configuration names them: stand-ins in that VPC. */
function adoptedRecoverySubnets(nodes: DeclaredNodes, context: VerifierContext): AdoptedSubnets | undefined {
  const r = context.recovery;
  if (r?.vpcId === undefined || r.subnetIds === undefined) return undefined;
  const vpc = nodes.vpcOf({ external: r.vpcId });
  return { ids: r.subnetIds, of: (id: string): SubnetNode => ({ name: id, vpc }) };
}
