/**
 * The required flows, judged on the model in the manner of AWS Reachability Analyzer: from every source subnet to
 * the DRS, S3 and EC2 interface endpoints on TCP 443 and to the replication servers on TCP 1500; from the staging
 * subnets and the replication servers to the endpoints and, through the gateway endpoint, to S3. Each is reachable,
 * with its path there and back (security groups both ways, route tables, the peering, network ACLs both ways), or
 * not, with the first component that blocks it.
 *
 * By flow kind: interface endpoints (interface.ts), replication (replication.ts), S3 through a gateway endpoint
 * (gateway.ts), the agent rollout's Systems Manager endpoints (rollout.ts); each path's steps through security groups
 * (groups.ts), route tables (routes.ts) and network ACLs (acls.ts).
 */
import { endpointServiceName } from "../../regions";
import type { EndpointNode, NetworkModel, PeeringNode, TemplateNode, VpcNode } from "../model";
import type { Verdict } from "../verdict";
import { gatewayFlow } from "./gateway";
import { interfaceFlow } from "./interface";
import { Origin, originsOf, replicationServers } from "./origin";
import { replicationFlow } from "./replication";
import { agentRolloutServices, ROLLOUT_LABELS } from "./rollout";

/** The staging VPC's endpoints every flow into it is judged against. */
interface StagingEndpoints {
  readonly drs?: EndpointNode;
  readonly ec2?: EndpointNode;
  readonly s3?: EndpointNode;
  readonly s3Gateway?: EndpointNode;
}

/** Each replication template, with its servers as an origin. */
type Replication = readonly { readonly template: TemplateNode; readonly servers: Origin }[];

/** The peerings into each staging VPC: every source is peered with the one staging VPC. */
export function peeringsByStaging(model: NetworkModel): Map<VpcNode, PeeringNode[]> {
  const groups = new Map<VpcNode, PeeringNode[]>();
  for (const peering of model.peerings) {
    if (peering.requester === undefined || peering.accepter === undefined || peering.peerRegion === undefined) continue;
    groups.set(peering.accepter, [...(groups.get(peering.accepter) ?? []), peering]);
  }
  return groups;
}

/** Every required flow: each source's, then the staging subnets', then the replication servers', per staging VPC. */
export function requiredFlows(model: NetworkModel, options: { readonly agentRollout?: boolean } = {}): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const [staging, peerings] of peeringsByStaging(model)) {
    const drRegion = peerings[0].peerRegion as string;
    const endpoints: StagingEndpoints = {
      drs: findEndpoint(model, drRegion, "drs", "Interface", staging),
      ec2: findEndpoint(model, drRegion, "ec2", "Interface", staging),
      s3: findEndpoint(model, drRegion, "s3", "Interface", staging),
      s3Gateway: findEndpoint(model, drRegion, "s3", "Gateway", staging),
    };
    const replication: Replication = model.templates.map((template) => ({ template, servers: replicationServers(model, template) }));
    for (const peering of peerings) verdicts.push(...sourceFlows(model, peering, staging, endpoints, replication, options.agentRollout === true));
    for (const origin of originsOf(model, staging, [])) {
      verdicts.push(...[endpoints.drs, endpoints.ec2].map((e, i) => interfaceFlow(model, origin, e, ["DRS", "EC2"][i], staging)), gatewayFlow(model, origin, endpoints.s3Gateway, "S3"));
    }
    // The replication servers' own path to the endpoints.
    for (const { servers } of replication) {
      verdicts.push(...[endpoints.drs, endpoints.ec2].map((e, i) => interfaceFlow(model, servers, e, ["DRS", "EC2"][i], staging)), gatewayFlow(model, servers, endpoints.s3Gateway, "S3"));
    }
  }
  if (model.peerings.length === 0) {
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
