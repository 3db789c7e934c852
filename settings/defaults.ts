/**
 * The settings' defaults and the fixed lists and limits the schema checks against: the one place defaults live,
 * applied whether or not the project's Pulumi.yaml is present (Pulumi.yaml repeats them; tests/settings.spec.ts keeps
 * the two equal). Sources: AWS's pages cited on each. Pure.
 */
import type { DrsDnsMode } from "../lib/installer";

/** Defaults, applied whether or not the project's Pulumi.yaml is present (an Automation API inline program has none). */
export const DEFAULTS = {
  /** The source VPC's block when the program creates it. */
  sourceVpcCidr: "10.1.0.0/16",
  /** The staging VPC's block: the blog's 10.0.0.0/16. */
  stagingVpcCidr: "10.0.0.0/16",
  /** Each subnet's prefix length: a /24 leaves 251 usable addresses per AZ for replication servers and endpoint ENIs. */
  subnetPrefixLength: 24,
  /** How many availability zones each created VPC spans (one subnet, and one endpoint ENI, per AZ). */
  availabilityZoneCount: 2,
  /**
   * How source servers find the DRS endpoint: DRS's regional name answered by a private hosted zone. AWS advises
   * against the installer's --endpoint flag (the blog's way) on EC2 source servers, "as it can prevent successful
   * failback" (https://docs.aws.amazon.com/drs/latest/userguide/installer-parameters.html), and every source of this
   * program is a VPC in AWS. `endpoint-flag` stays for servers outside AWS.
   */
  drsDnsMode: "private-hosted-zone",
  /** DRS's own default replication server type. */
  replicationInstanceType: "t3.small",
  /** Daily point-in-time snapshots kept, as the DRS console's default. */
  pitRetentionDays: 7,
  /** Staging disk type for large disks. */
  stagingDiskType: "GP3",
  /** VPC flow log retention: a year, as CIS and most audit regimes ask. */
  flowLogRetentionDays: 365,
  /** The tag that marks a source server for the agent rollout: `DRSProtect=true`. */
  rolloutTagKey: "DRSProtect",
  rolloutTagValue: "true",
  /** How many servers install at once, and how many may fail before the rollout stops (Systems Manager's syntax). */
  rolloutMaxConcurrency: "10%",
  rolloutMaxErrors: "10%",
  /**
   * When the rollout's association runs again: daily. An association of a runbook without a schedule runs once and
   * never again, so servers tagged later would never be served; a rate is the schedule AWS prefers for runbook
   * associations (settings/associationSchedule.ts).
   */
  rolloutSchedule: "rate(1 day)",
  /**
   * The rollout's per-server output: a year, the minimum of Security Hub CloudWatch.16 (AWS Config
   * cw-loggroup-retention-period-check, https://docs.aws.amazon.com/config/latest/developerguide/cw-loggroup-retention-period-check.html)
   * and checkov CKV_AWS_338.
   */
  rolloutLogRetentionDays: 365,
  /** The recovery VPC's block when the program creates it (`recovery.vpcCidr`). */
  recoveryVpcCidr: "10.2.0.0/16",
  /** A quota the network does not fit stops the deploy with the commands that raise it; `request` asks AWS instead. */
  quotaIncreases: "refuse",
} as const;

/** What the program does when an AWS quota is too low for the network: stop, or request the increases. */
export const QUOTA_INCREASE_MODES = ["refuse", "request"] as const;

/** The retention periods CloudWatch Logs accepts, in days (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** How source servers find the DRS endpoint by name (see lib/installer.ts). */
export const DRS_DNS_MODES = ["endpoint-flag", "private-hosted-zone"] as const satisfies readonly DrsDnsMode[];

/** Limits on the number of availability zones: at least one, and no region has more than six. */
export const MIN_AVAILABILITY_ZONES = 1;
export const MAX_AVAILABILITY_ZONES = 6;
