/**
 * DRS's replication configuration template: private IP replication over the peering, no public IP, no DRS default
 * security group, encrypted staging disks, the fixed three-rule point-in-time policy; created after DRS is
 * initialized, or an existing one imported.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ReplicationArgs } from "./index";

/** The point-in-time policy DRS requires: every 10 minutes for an hour, hourly for a day, daily for `days`. */
export function pitPolicies(days: number): aws.types.input.drs.ReplicationConfigurationTemplatePitPolicy[] {
  return [
    { ruleId: 1, enabled: true, units: "MINUTE", interval: 10, retentionDuration: 60 },
    { ruleId: 2, enabled: true, units: "HOUR", interval: 1, retentionDuration: 24 },
    { ruleId: 3, enabled: true, units: "DAY", interval: 1, retentionDuration: days },
  ];
}

/**
 * The template's resource options: after DRS is initialized; and, for an existing template, imported by id (Pulumi
 * then updates it to these settings) and retained if this program ever stops managing it, since DRS keeps one per
 * account and region.
 */
export function templateOptions(templateId: string | undefined, initialized: readonly pulumi.Resource[]): pulumi.CustomResourceOptions {
  return { dependsOn: [...initialized], ...(templateId !== undefined ? { import: templateId, retainOnDelete: true } : {}) };
}

/** The template, in the DR region; its id. */
export function createTemplate(parent: pulumi.Resource, name: string, args: ReplicationArgs, replicationGroupId: pulumi.Output<string>, initialized: readonly pulumi.Resource[]): pulumi.Output<string> {
  const settings = args.settings;
  return new aws.drs.ReplicationConfigurationTemplate(
    `${name}-template`,
    {
      stagingAreaSubnetId: args.staging.subnetIds[0],
      dataPlaneRouting: "PRIVATE_IP",
      createPublicIp: false,
      associateDefaultSecurityGroup: false,
      replicationServersSecurityGroupsIds: [replicationGroupId],
      replicationServerInstanceType: settings.instanceType,
      useDedicatedReplicationServer: settings.useDedicatedReplicationServer,
      defaultLargeStagingDiskType: settings.stagingDiskType,
      ebsEncryption: settings.ebsKmsKeyArn !== undefined ? "CUSTOM" : "DEFAULT",
      ebsEncryptionKeyArn: settings.ebsKmsKeyArn,
      bandwidthThrottling: settings.bandwidthThrottlingMbps,
      pitPolicies: pitPolicies(settings.pitRetentionDays),
      // As an Output: Pulumi's runtime prints each plain input with `${value}` (runtime/rpc.ts safeToString), which
      // throws for a map holding a `toString` key; AWS takes `toString` as a tag key.
      stagingAreaTags: pulumi.output({ ...settings.stagingAreaTags }),
      tags: { Name: `${name}-template` },
    },
    { parent, provider: args.drProvider, ...templateOptions(settings.templateId, initialized) },
  ).id;
}
