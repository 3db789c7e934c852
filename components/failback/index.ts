/**
 * Failback's side in one source region A: the failback staging VPC (the staging VPC's mirror, its ACL admitting DRS's
 * ports from the recovery VPC only), the link back from the recovery VPC (a peering, routes for exactly the two
 * blocks, the DRS, EC2 and S3 endpoints admitting HTTPS from the recovery block, the zone `drs.<A>.amazonaws.com` on
 * the recovery VPC), region A's replication template (private IP, TCP 1500 from the recovery block), and region A's
 * launch defaults (failed-back instances in the first source VPC's subnet with its source-server group). It reuses
 * the forward path's components, each given the mirrored sides. Every decision is the plan's (lib/plan/failback.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { drsBuckets } from "../../lib/endpointPolicies";
import type { FailbackRegionPlan } from "../../lib/plan/failback";
import { recoveryInstanceProfileName } from "../../lib/recovery";
import type { RecoveryLaunchSettings, ReplicationSettings } from "../../settings";
import type { FlowLogOptions, RouteTableRef } from "../isolatedVpc";
import { Link } from "../link";
import { createLaunchSettings } from "../recovery/launch";
import { Replication, SideAuth } from "../replication";
import { StagingVpc } from "../stagingVpc";

/** Arguments of `FailbackRegion`. */
export interface FailbackRegionArgs {
  /** What to declare in this region. */
  readonly plan: FailbackRegionPlan;
  /** The recovery VPC in the DR region: failback's source. */
  readonly recovery: { readonly vpcId: pulumi.Input<string>; readonly cidrBlock: string; readonly routeTables: readonly RouteTableRef[]; readonly region: string };
  /** The DR region's provider (the peering is requested from the recovery VPC's side). */
  readonly drProvider: pulumi.ProviderResource;
  /** Region A's providers (AWS, Cloud Control) and credentials, those of the region's first source. */
  readonly provider: pulumi.ProviderResource;
  readonly nativeProvider: pulumi.ProviderResource;
  readonly auth: SideAuth;
  /** The replication settings of the stack (region A's template takes the same, without the DR region's key). */
  readonly replication: ReplicationSettings;
  /** The launch settings of the stack, for region A's defaults. */
  readonly launch: RecoveryLaunchSettings;
  /** Where failed-back instances launch: the region's first source VPC's first subnet and its source-server group. */
  readonly launchSubnetId: pulumi.Input<string>;
  readonly sourceServerSecurityGroupId: pulumi.Input<string>;
  /** DRS initialized in region A (the forward replication, with `replication.failback`). */
  readonly drsReady: readonly pulumi.Resource[];
  readonly flowLogs?: FlowLogOptions;
  readonly accountIds: readonly string[];
  readonly secretAccountIds?: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** The reverse path into one source region. */
export class FailbackRegion extends pulumi.ComponentResource {
  public readonly stagingVpcId: pulumi.Output<string>;
  public readonly stagingSubnetIds: pulumi.Output<string>[];
  public readonly peeringConnectionId: pulumi.Output<string>;
  /** The DRS, EC2 and S3 endpoints' names in region A (`""` until `failback.active` in mode on-demand). */
  public readonly endpointDnsNames: Link["endpointDnsNames"];
  public readonly drsPrivateHostedZoneId: pulumi.Output<string>;
  public readonly replicationTemplateId: pulumi.Output<string>;
  public readonly launchConfigurationTemplateId: pulumi.Output<string>;
  public readonly defaultLaunchTemplateId: pulumi.Output<string>;

  constructor(name: string, args: FailbackRegionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("drs-secured-network:failback:FailbackRegion", name, {}, opts);
    const plan = args.plan;
    const inRegion = { parent: this, provider: args.provider };
    const staging = new StagingVpc(name, { cidrBlock: plan.cidrBlock, subnets: plan.subnets, flowLogs: args.flowLogs, networkAcl: { sourceCidrBlocks: [args.recovery.cidrBlock], dedicated: true } }, inRegion);
    const link = new Link(
      `${name}-link`,
      {
        sources: [{ key: "", region: args.recovery.region, provider: args.drProvider, vpcId: args.recovery.vpcId, cidrBlock: args.recovery.cidrBlock, routeTables: args.recovery.routeTables }],
        staging,
        drRegion: plan.region,
        drsDnsMode: "private-hosted-zone",
        s3EndpointBuckets: drsBuckets(plan.region),
        drProvider: args.provider,
        accountIds: args.accountIds,
        secretAccountIds: args.secretAccountIds,
        interfaceEndpoints: plan.interfaceEndpoints,
      },
      inRegion,
    );
    const replication = new Replication(
      name,
      {
        settings: { ...args.replication, initializeService: false, failback: false, ebsKmsKeyArn: undefined, templateId: plan.templateId },
        drRegion: plan.region,
        drAuth: args.auth,
        sources: [],
        externalBlocks: [{ key: "recovery-vpc", cidrBlock: args.recovery.cidrBlock }],
        serviceRoles: [],
        staging,
        endpointSecurityGroupId: link.endpointSecurityGroupId,
        s3PrefixListId: link.s3PrefixListId,
        drProvider: args.provider,
        drsReady: args.drsReady,
      },
      inRegion,
    );
    const launch = createLaunchSettings(this, name, {
      launch: args.launch,
      subnetId: args.launchSubnetId,
      securityGroupId: args.sourceServerSecurityGroupId,
      instanceProfileName: recoveryInstanceProfileName(args.launch.postLaunchActions),
      provider: args.provider,
      nativeProvider: args.nativeProvider,
      drsReady: args.drsReady,
      tags: args.tags,
      importExisting: false,
    });
    this.stagingVpcId = staging.vpcId;
    this.stagingSubnetIds = staging.subnetIds;
    this.peeringConnectionId = link.peeringConnectionIds[""];
    this.endpointDnsNames = link.endpointDnsNames;
    this.drsPrivateHostedZoneId = link.drsPrivateHostedZoneId ?? pulumi.output("");
    this.replicationTemplateId = replication.templateId;
    this.launchConfigurationTemplateId = launch.launchConfigurationTemplateId;
    this.defaultLaunchTemplateId = launch.defaultLaunchTemplateId;
    this.registerOutputs({
      stagingVpcId: this.stagingVpcId,
      peeringConnectionId: this.peeringConnectionId,
      replicationTemplateId: this.replicationTemplateId,
      launchConfigurationTemplateId: this.launchConfigurationTemplateId,
      defaultLaunchTemplateId: this.defaultLaunchTemplateId,
    });
  }
}
