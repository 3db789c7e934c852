/**
 * The required flows, judged on the model in the manner of AWS Reachability Analyzer: from every source subnet to
 * the DRS, S3 and EC2 interface endpoints on TCP 443 and to the replication servers on TCP 1500; from the staging
 * subnets and the replication servers to the endpoints and, through the gateway endpoint, to S3; from every block of
 * a network outside AWS, through its connection, to the endpoints, the replication servers and the inbound resolver.
 * Each is reachable, with its path there and back (security groups both ways, route tables, the peering or the
 * connection, network ACLs both ways), or not, with the first component that blocks it.
 *
 * By flow kind: interface endpoints (interface.ts), replication (replication.ts), S3 through a gateway endpoint
 * (gateway.ts), the agent rollout's Systems Manager endpoints (rollout.ts), the networks outside AWS (external.ts)
 * and their connections (connections.ts), the recovered instances' own in the recovery VPC (recovery.ts), failback's
 * from the recovery VPC back to each source region (failback.ts); each path's steps through security groups
 * (groups.ts), route tables (routes.ts) and network ACLs (acls.ts).
 */
import { endpointServiceName } from "../../regions";
import { forwardTemplates, isFailback } from "../failback/side";
import { isRecovery } from "../recovery/side";
import type { ConnectionNode, EndpointNode, ExternalNetworkNode, NetworkModel, PeeringNode, TemplateNode, VpcNode } from "../model";
import type { Verdict } from "../verdict";
import { connectionVerdict, vpnVerdict } from "./connections";
import { externalInterfaceFlow, externalOrigin, externalReplicationFlow, resolverFlow } from "./external";
import { failbackFlows } from "./failback";
import { gatewayFlow } from "./gateway";
import { interfaceFlow } from "./interface";
import { Origin, originsOf, replicationServers } from "./origin";
import { recoveryFlows } from "./recovery";
import { replicationFlow } from "./replication";
import { agentRolloutServices, ROLLOUT_LABELS } from "./rollout";

/** The staging VPC's endpoints every flow into it is judged against. */
export interface StagingEndpoints {
  readonly drs?: EndpointNode;
  readonly ec2?: EndpointNode;
  readonly s3?: EndpointNode;
  readonly s3Gateway?: EndpointNode;
}

/** Each replication template, with its servers as an origin. */
export type Replication = readonly { readonly template: TemplateNode; readonly servers: Origin }[];

/**
 * The peerings into each staging VPC: every source is peered with the one staging VPC. A peering of a recovery VPC
 * joins no source to the staging area (recovery-isolated forbids it), nor does one of a failback staging VPC (failback's
 * own, judged by flows/failback.ts).
 */
export function peeringsByStaging(model: NetworkModel): Map<VpcNode, PeeringNode[]> {
  const groups = new Map<VpcNode, PeeringNode[]>();
  for (const peering of model.peerings) {
    if (peering.requester === undefined || peering.accepter === undefined || peering.peerRegion === undefined) continue;
    if ([peering.requester, peering.accepter].some((v) => isRecovery(v) || isFailback(v))) continue;
    groups.set(peering.accepter, [...(groups.get(peering.accepter) ?? []), peering]);
  }
  return groups;
}

/** A staging VPC, its region, and what reaches it: the peered source VPCs and the networks outside AWS. */
export interface StagingSide {
  readonly staging: VpcNode;
  readonly region: string;
  readonly peerings: readonly PeeringNode[];
  readonly externals: readonly ExternalNetworkNode[];
}

/** Each staging VPC: the accepter of the source peerings, or the VPC the external networks reach. */
export function stagingSides(model: NetworkModel): StagingSide[] {
  const peerings = peeringsByStaging(model);
  const vpcs = [...new Set([...peerings.keys(), ...model.externalNetworks.flatMap((n) => n.vpc ?? [])])];
  return vpcs.flatMap((staging) => {
    const own = peerings.get(staging) ?? [];
    // Without a peering, the region is the VPC's own, or the one its endpoints' service names carry.
    const region = own[0]?.peerRegion ?? staging.region ?? model.endpoints.find((e) => e.vpc === staging)?.serviceName.split(".")[2];
    return region === undefined ? [] : [{ staging, region, peerings: own, externals: model.externalNetworks.filter((n) => n.vpc === staging) }];
  });
}

/** The subnets of the transit gateway attachments: they hold the attachments' interfaces, no servers. */
function attachmentSubnets(model: NetworkModel) {
  return new Set(model.connections.flatMap((c) => c.subnets));
}

/**
 * Every required flow: each source's, each external network's, then the staging subnets', then the replication
 * servers', per staging VPC (the forward replication's templates only: a failback staging area is no staging VPC's);
 * then the recovery VPC's; then failback's, per source region.
 */
export function requiredFlows(model: NetworkModel, options: { readonly agentRollout?: boolean } = {}): Verdict[] {
  const verdicts: Verdict[] = [];
  const attachment = attachmentSubnets(model);
  for (const { staging, region, peerings, externals } of stagingSides(model)) {
    const endpoints: StagingEndpoints = {
      drs: findEndpoint(model, region, "drs", "Interface", staging),
      ec2: findEndpoint(model, region, "ec2", "Interface", staging),
      s3: findEndpoint(model, region, "s3", "Interface", staging),
      s3Gateway: findEndpoint(model, region, "s3", "Gateway", staging),
    };
    const replication: Replication = forwardTemplates(model).map((template) => ({ template, servers: replicationServers(model, template) }));
    for (const peering of peerings) verdicts.push(...sourceFlows(model, peering, staging, endpoints, replication, options.agentRollout === true));
    verdicts.push(...externalFlows(model, externals, staging, endpoints, replication));
    for (const origin of originsOf(model, staging, []).filter((o) => o.subnet === undefined || !attachment.has(o.subnet))) {
      verdicts.push(...[endpoints.drs, endpoints.ec2].map((e, i) => interfaceFlow(model, origin, e, ["DRS", "EC2"][i], staging)), gatewayFlow(model, origin, endpoints.s3Gateway, "S3"));
    }
    // The replication servers' own path to the endpoints.
    for (const { servers } of replication) {
      verdicts.push(...[endpoints.drs, endpoints.ec2].map((e, i) => interfaceFlow(model, servers, e, ["DRS", "EC2"][i], staging)), gatewayFlow(model, servers, endpoints.s3Gateway, "S3"));
    }
  }
  // The recovered instances' own, in the recovery VPC.
  verdicts.push(...recoveryFlows(model));
  // Failback's, from the recovery VPC back to each source region's failback staging VPC.
  verdicts.push(...failbackFlows(model));
  // A network outside AWS that reaches no VPC the model knows: its connection fails, and says so.
  verdicts.push(...model.externalNetworks.filter((n) => n.vpc === undefined).map(connectionVerdict));
  if (model.peerings.length === 0 && model.externalNetworks.length === 0) {
    verdicts.push({
      id: "flow:peering",
      kind: "required-flow",
      description: "a VPC peering joins the source VPC to the staging VPC",
      passed: false,
      blockedBy: { component: "VPC peering", reason: "is not declared, so no source subnet can reach the staging VPC" },
    });
  }
  return verdicts;
}

/**
 * The flows of the networks outside AWS: each one's connection, each VPN's tunnels (once per gateway), then from
 * each block the DRS, S3 and EC2 endpoints, the replication servers and, for a resolver client, the inbound resolver.
 */
function externalFlows(model: NetworkModel, externals: readonly ExternalNetworkNode[], staging: VpcNode, endpoints: StagingEndpoints, replication: Replication): Verdict[] {
  const verdicts: Verdict[] = [];
  const gateways = new Set<ConnectionNode>();
  for (const network of externals) {
    verdicts.push(connectionVerdict(network));
    const gateway = network.connection;
    if (gateway !== undefined && !gateways.has(gateway)) {
      gateways.add(gateway);
      verdicts.push(...gateway.vpns.map((vpn) => vpnVerdict(vpn, gateway)));
    }
    for (const block of network.cidrBlocks) {
      const origin = externalOrigin(network, block);
      verdicts.push(...[endpoints.drs, endpoints.s3, endpoints.ec2].map((e, i) => externalInterfaceFlow(model, network, origin, e, ["DRS", "S3", "EC2"][i], staging)));
      for (const { template, servers } of replication) verdicts.push(externalReplicationFlow(model, network, origin, servers, template));
      if (network.resolverClient) verdicts.push(resolverFlow(model, network, origin, staging));
    }
  }
  return verdicts;
}

/** The flows from each origin of a peering's source VPC: the staging endpoints, its repositories, replication, the rollout's endpoints. */
function sourceFlows(model: NetworkModel, peering: PeeringNode, staging: VpcNode, endpoints: StagingEndpoints, replication: Replication, agentRollout: boolean): Verdict[] {
  const verdicts: Verdict[] = [];
  const source = peering.requester as VpcNode;
  const rolloutServices = agentRolloutServices(model, source, peering.region, agentRollout);
  // The source VPC's own gateway endpoint (OS package repositories) is optional: checked only when there is one.
  const repositories = peering.region !== undefined ? model.endpoints.find((e) => e.vpc === source && e.type === "Gateway" && e.serviceName === endpointServiceName(peering.region ?? "", "s3")) : undefined;
  // The servers to protect wear the source VPC's own groups (the program's source-server group), when there are any.
  // (A group that guards endpoints in the source VPC, the Systems Manager endpoints' for one, is not the servers'.)
  const sourceGroups = model.groups.filter((g) => g.vpc === source && g.known && g.isDefault !== true && !model.endpoints.some((e) => e.securityGroups.includes(g)));
  for (const origin of originsOf(model, source, sourceGroups)) {
    verdicts.push(...[endpoints.drs, endpoints.s3, endpoints.ec2].map((e, i) => interfaceFlow(model, origin, e, ["DRS", "S3", "EC2"][i], staging)));
    if (repositories !== undefined) verdicts.push(gatewayFlow(model, origin, repositories, "the OS package repositories"));
    // With DRS replication: TCP 1500 from every source origin to the staging area.
    for (const { template, servers } of replication) verdicts.push(replicationFlow(model, origin, servers, template));
    // With the agent rollout: Systems Manager's endpoints in the source VPC itself, by their regional names.
    for (const service of rolloutServices) {
      const endpoint = findEndpoint(model, peering.region ?? "", service, "Interface", source);
      verdicts.push(interfaceFlow(model, origin, endpoint, ROLLOUT_LABELS[service], source, "the source VPC"));
    }
  }
  return verdicts;
}

/** The endpoint of a service and type: the one in `vpc`, else the first anywhere (which the flow then names as misplaced). */
function findEndpoint(model: NetworkModel, region: string, service: string, type: string, vpc: VpcNode): EndpointNode | undefined {
  const serviceName = endpointServiceName(region, service);
  const matching = model.endpoints.filter((e) => e.serviceName === serviceName && e.type === type);
  return matching.find((e) => e.vpc === vpc) ?? matching[0];
}
