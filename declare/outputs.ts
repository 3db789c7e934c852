/**
 * The stack outputs (lib/outputNames.ts is their contract): the flat ones describe the first source, and with a
 * `sources` list `sourceNetworks` describes each. Read from the declared components only.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AgentRollout } from "../components/agentRollout";
import { connectivityCheckCommand, installerUrls, linuxInstallCommand, windowsInstallCommand } from "../lib/installer";
import type { StackOutputs } from "../lib/outputNames";
import type { NetworkPlan } from "../lib/plan";
import type { DeclaredNetwork } from "./index";

/** The outputs of the declared network. */
export function stackOutputs(plan: NetworkPlan, declared: DeclaredNetwork): StackOutputs {
  const { vpcs, link, rollouts, replication, endpointTarget } = declared;
  const first = plan.sources[0];
  const firstVpc = vpcs.sources[0];
  const target = declared.targetOf(0);
  return {
    sourceRegion: first.region,
    drRegion: plan.drRegion,
    sourceVpcId: firstVpc.vpcId,
    stagingVpcId: vpcs.staging.vpcId,
    sourceSubnetIds: pulumi.all(firstVpc.subnetIds),
    stagingSubnetIds: pulumi.all(vpcs.staging.subnetIds),
    sourceRouteTableIds: pulumi.all(firstVpc.routeTables.map((t) => t.id)),
    stagingRouteTableIds: pulumi.all(vpcs.staging.routeTables.map((t) => t.id)),
    peeringConnectionId: link.peeringConnectionIds[first.key],
    endpointSecurityGroupId: link.endpointSecurityGroupId,
    drsEndpointDnsName: link.endpointDnsNames.drs,
    ec2EndpointDnsName: link.endpointDnsNames.ec2,
    s3InterfaceEndpointDnsName: link.endpointDnsNames.s3,
    s3GatewayEndpointId: link.s3GatewayEndpointId,
    linuxInstallerUrl: endpointTarget.apply((t) => installerUrls(t).linux),
    windowsInstallerUrl: endpointTarget.apply((t) => installerUrls(t).windows),
    linuxInstallCommand: target.apply(linuxInstallCommand),
    windowsInstallCommand: target.apply(windowsInstallCommand),
    connectivityCheckCommand: declared.probes().apply(connectivityCheckCommand),
    ...(replication !== undefined
      ? {
          replicationSecurityGroupId: replication.replicationSecurityGroupId,
          sourceServerSecurityGroupId: replication.sourceServerSecurityGroupIds[first.key],
          replicationTemplateId: replication.templateId,
        }
      : {}),
    ...(link.drsPrivateHostedZoneId !== undefined ? { drsPrivateHostedZoneId: link.drsPrivateHostedZoneId } : {}),
    ...(rollouts !== undefined
      ? {
          agentRolloutInstanceProfileName: rollouts[0].instanceProfileName,
          agentRolloutDocumentName: rollouts[0].documentName,
          agentRolloutAssociationId: rollouts[0].associationId,
          agentRolloutLogGroupName: rollouts[0].logGroupName,
          agentRolloutProgressCommands: rollouts[0].progressCommands,
        }
      : {}),
    ...(first.key !== "" ? { sourceNetworks: pulumi.output(Object.fromEntries(plan.sources.map((source, i) => [source.key, sourceNetwork(plan, declared, i)]))) } : {}),
  };
}

/** One source's entry of `sourceNetworks`. */
function sourceNetwork(plan: NetworkPlan, declared: DeclaredNetwork, i: number) {
  const { vpcs, link, rollouts, replication } = declared;
  const { key, region } = plan.sources[i];
  const vpc = vpcs.sources[i];
  const target = declared.targetOf(i);
  return {
    region,
    vpcId: vpc.vpcId,
    subnetIds: vpc.subnetIds,
    routeTableIds: vpc.routeTables.map((t) => t.id),
    peeringConnectionId: link.peeringConnectionIds[key],
    linuxInstallCommand: target.apply(linuxInstallCommand),
    windowsInstallCommand: target.apply(windowsInstallCommand),
    ...(replication !== undefined ? { sourceServerSecurityGroupId: replication.sourceServerSecurityGroupIds[key] } : {}),
    ...(rollouts !== undefined ? { agentRollout: rolloutOutputs(rollouts[i]) } : {}),
  };
}

/** A source's agent rollout, as `sourceNetworks` shows it. */
function rolloutOutputs(r: AgentRollout) {
  return {
    instanceProfileName: r.instanceProfileName,
    documentName: r.documentName,
    associationId: r.associationId,
    logGroupName: r.logGroupName,
    progressCommands: r.progressCommands,
  };
}
