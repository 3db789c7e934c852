/**
 * The stack outputs (lib/outputNames.ts is their contract): the flat ones describe the first source VPC, and with a
 * `sources` list `sourceNetworks` describes each source (external ones: external.ts). Without any source VPC (only
 * networks outside AWS) the flat source outputs are empty (`""`, `[]`) and the flat commands are the first external
 * source's. Read from the declared components only.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AgentRollout } from "../components/agentRollout";
import { connectivityCheckCommand, installerUrls, linuxInstallCommand, windowsInstallCommand } from "../lib/installer";
import type { ExternalSourceNetwork, FailbackNetwork, SourceNetwork, StackOutputs } from "../lib/outputNames";
import type { NetworkPlan } from "../lib/plan";
import { externalSourceNetwork } from "./external";
import type { DeclaredNetwork } from "./index";

/** The outputs of the declared network. */
export function stackOutputs(plan: NetworkPlan, declared: DeclaredNetwork): StackOutputs {
  const { vpcs, link, rollouts, replication, endpointTarget } = declared;
  const source = plan.sources.length > 0 ? firstSourceOutputs(plan, declared) : noSourceVpcOutputs(plan, declared);
  return {
    sourceRegion: source.sourceRegion,
    drRegion: plan.drRegion,
    sourceVpcId: source.sourceVpcId,
    stagingVpcId: vpcs.staging.vpcId,
    sourceSubnetIds: source.sourceSubnetIds,
    stagingSubnetIds: pulumi.all(vpcs.staging.subnetIds),
    sourceRouteTableIds: source.sourceRouteTableIds,
    stagingRouteTableIds: pulumi.all(vpcs.staging.routeTables.map((t) => t.id)),
    peeringConnectionId: source.peeringConnectionId,
    endpointSecurityGroupId: link.endpointSecurityGroupId,
    drsEndpointDnsName: link.endpointDnsNames.drs,
    ec2EndpointDnsName: link.endpointDnsNames.ec2,
    s3InterfaceEndpointDnsName: link.endpointDnsNames.s3,
    s3GatewayEndpointId: link.s3GatewayEndpointId,
    linuxInstallerUrl: endpointTarget.apply((t) => installerUrls(t).linux),
    windowsInstallerUrl: endpointTarget.apply((t) => installerUrls(t).windows),
    linuxInstallCommand: source.linuxInstallCommand,
    windowsInstallCommand: source.windowsInstallCommand,
    connectivityCheckCommand: source.connectivityCheckCommand,
    ...(replication !== undefined
      ? {
          replicationSecurityGroupId: replication.replicationSecurityGroupId,
          ...(plan.sources.length > 0 ? { sourceServerSecurityGroupId: replication.sourceServerSecurityGroupIds[plan.sources[0].key] } : {}),
          replicationTemplateId: replication.templateId,
        }
      : {}),
    ...(link.drsPrivateHostedZoneId !== undefined ? { drsPrivateHostedZoneId: link.drsPrivateHostedZoneId } : {}),
    ...(declared.recovery !== undefined ? recoveryOutputs(declared.recovery) : {}),
    ...(declared.failback !== undefined ? { failbackNetworks: failbackOutputs(plan, declared.failback) } : {}),
    ...(declared.readiness !== undefined
      ? { readinessTopicArn: declared.readiness.topicArn, readinessAlarmNames: declared.readiness.alarmNames, readinessRuleNames: declared.readiness.ruleNames }
      : {}),
    ...(rollouts !== undefined && rollouts.length > 0
      ? {
          agentRolloutInstanceProfileName: rollouts[0].instanceProfileName,
          agentRolloutDocumentName: rollouts[0].documentName,
          agentRolloutAssociationId: rollouts[0].associationId,
          agentRolloutLogGroupName: rollouts[0].logGroupName,
          agentRolloutProgressCommands: rollouts[0].progressCommands,
        }
      : {}),
    ...(plan.sources[0]?.key !== "" ? { sourceNetworks: pulumi.output(sourceNetworks(plan, declared)) } : {}),
  };
}

/** The recovery side's outputs. */
function recoveryOutputs(recovery: NonNullable<DeclaredNetwork["recovery"]>) {
  return {
    recoveryVpcId: recovery.vpcId,
    recoverySubnetIds: pulumi.all(recovery.subnetIds),
    recoverySecurityGroupId: recovery.securityGroupId,
    launchConfigurationTemplateId: recovery.launchConfigurationTemplateId,
    defaultLaunchTemplateId: recovery.defaultLaunchTemplateId,
  };
}

/** `failbackNetworks`: each source region's failback side. */
function failbackOutputs(plan: NetworkPlan, failback: NonNullable<DeclaredNetwork["failback"]>): pulumi.Output<Record<string, FailbackNetwork>> {
  return pulumi.output(
    Object.fromEntries(
      (plan.failback?.regions ?? []).map((region) => {
        const side = failback[region.region];
        return [
          region.region,
          pulumi.output({
            stagingVpcId: side.stagingVpcId,
            stagingSubnetIds: pulumi.all(side.stagingSubnetIds),
            peeringConnectionId: side.peeringConnectionId,
            drsEndpointDnsName: side.endpointDnsNames.drs,
            ec2EndpointDnsName: side.endpointDnsNames.ec2,
            s3InterfaceEndpointDnsName: side.endpointDnsNames.s3,
            drsPrivateHostedZoneId: side.drsPrivateHostedZoneId,
            replicationTemplateId: side.replicationTemplateId,
            launchConfigurationTemplateId: side.launchConfigurationTemplateId,
            defaultLaunchTemplateId: side.defaultLaunchTemplateId,
            interfaceEndpoints: region.interfaceEndpoints,
          }),
        ];
      }),
    ),
  );
}

/** The flat outputs of the first source VPC. */
function firstSourceOutputs(plan: NetworkPlan, declared: DeclaredNetwork) {
  const first = plan.sources[0];
  const firstVpc = declared.vpcs.sources[0];
  const target = declared.targetOf(0);
  return {
    sourceRegion: first.region,
    sourceVpcId: firstVpc.vpcId,
    sourceSubnetIds: pulumi.all(firstVpc.subnetIds),
    sourceRouteTableIds: pulumi.all(firstVpc.routeTables.map((t) => t.id)),
    peeringConnectionId: declared.link.peeringConnectionIds[first.key],
    linuxInstallCommand: target.apply(linuxInstallCommand),
    windowsInstallCommand: target.apply(windowsInstallCommand),
    connectivityCheckCommand: declared.probes().apply(connectivityCheckCommand),
  };
}

/** Without a source VPC: the VPC outputs empty, the commands the first external source's, the region the DR region. */
function noSourceVpcOutputs(plan: NetworkPlan, declared: DeclaredNetwork) {
  const first = externalSourceNetwork(plan, declared, 0);
  return {
    sourceRegion: plan.drRegion,
    sourceVpcId: pulumi.output(""),
    sourceSubnetIds: pulumi.output<string[]>([]),
    sourceRouteTableIds: pulumi.output<string[]>([]),
    peeringConnectionId: pulumi.output(""),
    linuxInstallCommand: first.linuxInstallCommand,
    windowsInstallCommand: first.windowsInstallCommand,
    connectivityCheckCommand: first.connectivityCheckCommand,
  };
}

/** `sourceNetworks`: every source VPC, then every external source, by name. */
function sourceNetworks(plan: NetworkPlan, declared: DeclaredNetwork): Record<string, pulumi.Output<SourceNetwork | ExternalSourceNetwork>> {
  return Object.fromEntries([
    ...plan.sources.map((source, i) => [source.key, sourceNetwork(plan, declared, i)]),
    ...(plan.external?.sources ?? []).map((source, i) => [source.name, externalSourceNetwork(plan, declared, i)]),
  ]);
}

/** One source's entry of `sourceNetworks`. */
function sourceNetwork(plan: NetworkPlan, declared: DeclaredNetwork, i: number): pulumi.Output<SourceNetwork> {
  const { vpcs, link, rollouts, replication } = declared;
  const { key, region } = plan.sources[i];
  const vpc = vpcs.sources[i];
  const target = declared.targetOf(i);
  return pulumi.output({
    kind: "vpc" as const,
    region,
    vpcId: vpc.vpcId,
    subnetIds: vpc.subnetIds,
    routeTableIds: vpc.routeTables.map((t) => t.id),
    peeringConnectionId: link.peeringConnectionIds[key],
    linuxInstallCommand: target.apply(linuxInstallCommand),
    windowsInstallCommand: target.apply(windowsInstallCommand),
    ...(replication !== undefined ? { sourceServerSecurityGroupId: replication.sourceServerSecurityGroupIds[key] } : {}),
    ...(rollouts !== undefined ? { agentRollout: rolloutOutputs(rollouts[i]) } : {}),
  });
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
