/**
 * The model from AWS's own describe outputs (verify-live), read in every source region and the DR region. Pure: it
 * reads a capture (`LiveCapture`, the SDK v3 outputs by region and operation, all pages merged) and the scope the
 * stack's outputs and config give (which VPCs are the stack's, which it adopted). Names are Name tags, else ids; every
 * node carries its live id, which the report shows beside a blocking component.
 *
 * What AWS reports that a declaration does not: every subnet without an explicit route table uses its VPC's main
 * table; every subnet is associated with exactly one network ACL; a route whose target is gone is a `blackhole`; a
 * peering has a status code (only `active` carries traffic). The default ACL's `*` rule (number 32767) is the implicit
 * deny, so it is left out, as a declaration leaves it out.
 *
 * One builder per node kind, each reading its operations' shapes, in dependency order: VPCs and subnets (vpcs.ts),
 * peerings, the connections of networks outside AWS (connections.ts), route tables and routes, groups and rules,
 * endpoints, ACLs, resolver endpoints, the external networks (from the scope: ../externalNetworks.ts), zones and
 * records, templates, the account's default launch template (where the capture holds it) and the recovery side's ingress
 * (../recovery/side.ts), the failback regions' default launch templates, flow logs, and what faces the internet
 * (internet.ts). The failback staging VPCs are the scope's (`failbackNetworks` in the outputs), each read in its region.
 */
import { externalNetworks } from "../externalNetworks";
import { aclOf, NetworkModel, SubnetNode } from "../model";
import { recoveryIngressOf } from "../recovery/side";
import { liveAcls } from "./acls";
import { captureItems, LiveCapture, LiveScope, scopedVpcs } from "./capture";
import { liveConnections } from "./connections";
import { liveEndpoints } from "./endpoints";
import { FLOW_LOG_ROLE_NOTE, liveFlowLogs } from "./flowLogs";
import { liveGroups } from "./groups";
import { liveInternetFacing, livePublicAddresses } from "./internet";
import { liveFailbackLaunchTemplates, liveLaunchTemplates } from "./launchTemplates";
import { livePeerings } from "./peerings";
import { liveResolverEndpoints } from "./resolvers";
import { liveRouteTables } from "./routeTables";
import { liveTemplates } from "./templates";
import { liveSubnets, liveVpcs } from "./vpcs";
import { liveZones } from "./zones";

export type { LiveCapture, LiveFailbackScope, LiveRecoveryScope, LiveScope, RegionCapture } from "./capture";
export { nameOf } from "./capture";
export { FLOW_LOG_ROLE_NOTE } from "./flowLogs";

/** Build the model of the network AWS reports. */
export function modelFromAws(capture: LiveCapture, scope: LiveScope): NetworkModel {
  const items = captureItems(capture);
  const scoped = scopedVpcs(scope);
  const vpcs = liveVpcs(items, scoped, scope.recovery?.vpcId, new Set((scope.failback ?? []).map((f) => f.stagingVpcId)));
  const subnets = liveSubnets(items, vpcs);
  const peerings = livePeerings(items, scoped, vpcs);
  const connections = liveConnections(items, vpcs, subnets, scope);
  const { tables, subnetTable } = liveRouteTables(items, scoped, vpcs, subnets, peerings, connections);
  const groups = liveGroups(items, scoped, vpcs);
  const endpoints = liveEndpoints(items, vpcs, subnets, groups, tables);
  const { subnetAcl, vpcDefaultAcl, acls } = liveAcls(items, vpcs, subnets);
  const resolverEndpoints = liveResolverEndpoints(capture, vpcs, subnets, groups);
  const notes: string[] = [];
  // The configuration says which networks are outside AWS: none unless it names some (no guessing from routes live).
  const external = externalNetworks(
    scope.external ?? [],
    { connections, tables: [...tables.values()], resolvers: resolverEndpoints, staging: vpcs.get(scope.stagingVpcId), aclOf: (s: SubnetNode) => aclOf({ subnetAcl, vpcDefaultAcl }, s) },
    notes,
  );
  const zones = liveZones(capture, vpcs, endpoints);
  const templates = liveTemplates(items, scope, subnets, groups.byId);
  const flowLogs = liveFlowLogs(items, vpcs);
  const launchTemplates = liveLaunchTemplates(capture.regions, scope, vpcs, subnets, groups);
  const failbackLaunchTemplates = liveFailbackLaunchTemplates(capture.regions, scope, subnets, groups);
  const recoveryIngress = recoveryIngressOf([...vpcs.byId.values()], [...groups.byId.values()], scope.recovery?.ingressBlocks);
  const { internetFacing, internetFacingVpc } = liveInternetFacing(items, vpcs);
  return {
    vpcs: [...vpcs.byId.values()],
    subnets: [...subnets.values()],
    tables: [...tables.values()],
    subnetTable,
    peerings: [...peerings.values()],
    groups: [...groups.byId.values()],
    endpoints,
    subnetAcl,
    vpcDefaultAcl,
    acls,
    zones,
    templates,
    flowLogs,
    connections,
    externalNetworks: external,
    resolverEndpoints,
    internetFacing,
    internetFacingVpc,
    ...(launchTemplates !== undefined ? { launchTemplates } : {}),
    ...(failbackLaunchTemplates !== undefined ? { failbackLaunchTemplates: failbackLaunchTemplates.templates, unreadFailbackLaunchTemplates: failbackLaunchTemplates.unread } : {}),
    ...(scope.failback !== undefined ? { failback: { regions: scope.failback.map((f) => ({ region: f.region, ...(f.cidrBlock !== undefined ? { cidrBlock: f.cidrBlock } : {}), interfaceEndpoints: f.interfaceEndpoints })) } } : {}),
    ...(recoveryIngress !== undefined ? { recoveryIngress } : {}),
    publicAddresses: livePublicAddresses(items, vpcs),
    strayRoutes: [],
    notes,
    flowLogNotes: [FLOW_LOG_ROLE_NOTE],
  };
}
