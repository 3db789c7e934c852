/**
 * The recovery side: the isolated VPC recovered instances land in (created, or adopted), their security group, the
 * Systems Manager endpoints post-launch actions need, and DRS's launch settings for the region: the launch
 * configuration template and the account's default EC2 launch template that DRS copies to each new source server.
 * It is peered to nothing (with failback, only to the failback staging VPCs, on 443 and 1500): recovered servers must not reach the servers they replace, nor the staging area. Every
 * decision is the plan's (lib/plan/recovery.ts); one file per group: network.ts, launch.ts.
 */
import type * as aws from "@pulumi/aws";
import type * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import type { RecoveryPlan } from "../../lib/plan/recovery";
import type { FlowLogOptions, RouteTableRef } from "../isolatedVpc";
import { createLaunchSettings } from "./launch";
import { createRecoveryNetwork } from "./network";

/** Arguments of `Recovery`. */
export interface RecoveryArgs {
  /** What to declare: the VPC, group, endpoints and launch settings. */
  readonly plan: RecoveryPlan;
  /** The DR region, where everything here is. */
  readonly region: string;
  /** The stack's accounts, for the endpoint policies, and whether one is part of a secret value. */
  readonly accountIds: readonly string[];
  readonly secretAccountIds?: boolean;
  /** Flow logs for a created VPC (its key resolved). */
  readonly flowLogs?: FlowLogOptions;
  /** The DR region's providers: AWS for the network and the launch template, AWS Cloud Control for DRS's template. */
  readonly drProvider: aws.Provider;
  readonly nativeProvider: awsNative.Provider;
  /** What DRS's templates wait for: its initialization in the region, where the stack makes it. */
  readonly drsReady?: readonly pulumi.Resource[];
  /** Tags for DRS's launch configuration template (Cloud Control takes them at creation only). */
  readonly tags: Readonly<Record<string, string>>;
}

/** The recovery network and the region's launch defaults. Children name the DR providers explicitly. */
export class Recovery extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly subnetIds: pulumi.Output<string>[];
  /** Its route tables. */
  public readonly routeTables: RouteTableRef[];
  /** The recovered instances' security group. */
  public readonly securityGroupId: pulumi.Output<string>;
  /** DRS's launch configuration template (`lct-...`). */
  public readonly launchConfigurationTemplateId: pulumi.Output<string>;
  /** The account's default EC2 launch template (`lt-...`), which DRS copies to new source servers. */
  public readonly defaultLaunchTemplateId: pulumi.Output<string>;

  constructor(name: string, args: RecoveryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("drs-secured-network:recovery:Recovery", name, {}, opts);
    const network = createRecoveryNetwork(this, name, args);
    const launch = createLaunchSettings(this, name, {
      launch: args.plan.settings.launch,
      subnetId: network.subnetIds[0],
      securityGroupId: network.securityGroupId,
      instanceProfileName: args.plan.instanceProfileName,
      provider: args.drProvider,
      nativeProvider: args.nativeProvider,
      drsReady: args.drsReady,
      tags: args.tags,
      importExisting: true,
    });
    this.vpcId = network.vpcId;
    this.subnetIds = network.subnetIds;
    this.routeTables = network.routeTables;
    this.securityGroupId = network.securityGroupId;
    this.launchConfigurationTemplateId = launch.launchConfigurationTemplateId;
    this.defaultLaunchTemplateId = launch.defaultLaunchTemplateId;
    this.registerOutputs({
      vpcId: this.vpcId,
      subnetIds: this.subnetIds,
      securityGroupId: this.securityGroupId,
      launchConfigurationTemplateId: this.launchConfigurationTemplateId,
      defaultLaunchTemplateId: this.defaultLaunchTemplateId,
    });
  }
}
