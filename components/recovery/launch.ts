/**
 * DRS's launch settings for a region: the launch configuration template (Cloud Control, as `@pulumi/aws` has none),
 * and the account's default EC2 launch template that DRS copies to each new source server, by DRS's own name and
 * tags (lib/recovery.ts): into the given subnet, with the given group, no public address, IMDSv2 required and DRS's
 * recovery instance profile. Either is imported where the config names an existing one. The recovery side uses it
 * in the DR region; failback in each source region.
 */
import * as aws from "@pulumi/aws";
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_LAUNCH_TEMPLATE } from "../../lib/recovery";
import type { RecoveryLaunchSettings } from "../../settings";

/** What a region's launch settings are made of. */
export interface LaunchSettingsArgs {
  readonly launch: RecoveryLaunchSettings;
  /** Where instances launch: the subnet and the group of the default launch template. */
  readonly subnetId: pulumi.Input<string>;
  readonly securityGroupId: pulumi.Input<string>;
  readonly instanceProfileName: string;
  /** The region's providers: AWS for the launch template, AWS Cloud Control for DRS's template. */
  readonly provider: pulumi.ProviderResource;
  readonly nativeProvider: pulumi.ProviderResource;
  /** What DRS's templates wait for: its initialization in the region, where the stack makes it. */
  readonly drsReady?: readonly pulumi.Resource[];
  /** Tags for DRS's template (Cloud Control takes them at creation only). */
  readonly tags: Readonly<Record<string, string>>;
  /** Import the existing templates (`launch.templateArn`, `launch.defaultLaunchTemplateId`), the recovery side only. */
  readonly importExisting: boolean;
}

/** Declare both templates; their ids. */
export function createLaunchSettings(parent: pulumi.Resource, name: string, args: LaunchSettingsArgs) {
  const launch = args.launch;
  const imported = (id: string | undefined) => (args.importExisting && id !== undefined ? { import: id, retainOnDelete: true } : {});
  const template = new awsNative.drs.LaunchConfigurationTemplate(
    `${name}-launch-configuration-template`,
    {
      launchDisposition: launch.launchDisposition,
      copyPrivateIp: launch.copyPrivateIp,
      copyTags: launch.copyTags,
      targetInstanceTypeRightSizingMethod: launch.rightSizing,
      licensing: { osByol: launch.osByol },
      postLaunchEnabled: launch.postLaunchActions,
      launchIntoSourceInstance: false,
      tags: Object.entries(args.tags).map(([key, value]) => ({ key, value })),
    },
    { parent, provider: args.nativeProvider, dependsOn: [...(args.drsReady ?? [])], ...imported(launch.templateArn) },
  );
  const defaultTemplate = new aws.ec2.LaunchTemplate(
    `${name}-default-launch-template`,
    {
      name: DEFAULT_LAUNCH_TEMPLATE.name,
      description: "The EC2 launch template DRS copies to new source servers: a reviewed subnet and group, no public IP, IMDSv2",
      updateDefaultVersion: true,
      iamInstanceProfile: { name: args.instanceProfileName },
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" },
      networkInterfaces: [{ deviceIndex: 0, subnetId: args.subnetId, securityGroups: [args.securityGroupId], associatePublicIpAddress: "false", deleteOnTermination: "true" }],
      tags: { ...DEFAULT_LAUNCH_TEMPLATE.tags },
    },
    { parent, provider: args.provider, dependsOn: [...(args.drsReady ?? [])], ...imported(launch.defaultLaunchTemplateId) },
  );
  return { launchConfigurationTemplateId: template.launchConfigurationTemplateId, defaultLaunchTemplateId: defaultTemplate.id };
}
