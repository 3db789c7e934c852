/**
 * The model from declared resources: what the synth records under the mock runtime, or what the policy pack sees
 * of the stack Pulumi is about to deploy. Resources are linked by id where ids are known, and by Pulumi's property
 * dependencies where they are not (a preview of new resources). Names are logical names; no live ids.
 *
 * One builder per node kind, in dependency order: VPCs and subnets (vpcs.ts), the connections of networks outside AWS
 * (connections.ts), route tables and their associations, peerings and their acceptance, routes, groups and rules,
 * endpoints (after which the rules' references resolve), network ACLs, resolver endpoints, the external networks
 * (../externalNetworks.ts), flow logs, zones and records, templates, launch templates and the recovery side's ingress
 * (../recovery/side.ts), and what faces the internet. The graph (graph.ts) follows
 * references; the nodes (nodes.ts) hold what is made so far and the stand-ins for what the stack does not declare.
 */
import { externalNetworks } from "../externalNetworks";
import { aclOf, inferPeerBlocks, NetworkModel, SubnetNode } from "../model";
import { recoveryIngressOf } from "../recovery/side";
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
import type { DeclaredResource, VerifierContext } from "./types";
import { declareSubnets, declareVpcs } from "./vpcs";
import { declareZones } from "./zones";

export { bareDnsName } from "../model";
export { INTERNET_FACING_TYPES } from "./types";
export type { DeclaredResource, ExternalSourceFacts, RecoveryFacts, VerifierContext } from "./types";

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
  // The staging VPC: the source peerings' accepter, else the DRS endpoint's VPC.
  const staging = [...nodes.peerings.values()].find((p) => p.accepter?.known === true)?.accepter ?? [...endpoints.values()].find((e) => e.type === "Interface" && e.serviceName.endsWith(".drs"))?.vpc;
  const inputs = { connections, tables: [...nodes.tables.values()], resolvers: resolverEndpoints, staging, aclOf: (s: SubnetNode) => aclOf({ subnetAcl, vpcDefaultAcl }, s) };
  const external = externalNetworks(context.externalSources, inputs, notes);
  const { internetFacing, internetFacingVpc } = declaredInternetFacing(graph, nodes);
  // Before the VPCs are listed: an adopted recovery VPC the template's subnets name enters the model here, if not before.
  const launchTemplates = declareLaunchTemplates(graph, nodes, adoptedRecoverySubnets(nodes, context));
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
    ...(recoveryIngress !== undefined ? { recoveryIngress } : {}),
    publicAddresses: declaredPublicAddresses(graph),
    strayRoutes,
    notes,
    flowLogNotes,
  };
}

/** The subnets of an adopted recovery VPC, as the configuration names them: stand-ins in that VPC. */
function adoptedRecoverySubnets(nodes: DeclaredNodes, context: VerifierContext): AdoptedSubnets | undefined {
  const r = context.recovery;
  if (r?.vpcId === undefined || r.subnetIds === undefined) return undefined;
  const vpc = nodes.vpcOf({ external: r.vpcId });
  return { ids: r.subnetIds, of: (id: string): SubnetNode => ({ name: id, vpc }) };
}
