/**
 * The types of the validated settings every other module works from: `Settings` and its parts. Types only: what
 * makes them is toSettings.ts, from the fields the schema (schema.ts) parsed.
 */
import type { RecoveryIngressRule } from "../lib/recovery";
import type { EstimateSettings } from "./estimateSchema";
import type { ReadinessSettings } from "./readinessSchema";
import type { ExternalDnsMode } from "../lib/external";
import type { DrsDnsMode } from "../lib/installer";
import type { QUOTA_INCREASE_MODES } from "./defaults";
import type { ConfigKey } from "./schema";

/** VPC flow logs to CloudWatch Logs, for every VPC the program creates. */
export interface FlowLogSettings {
  /** Days CloudWatch Logs keeps them. */
  readonly retentionDays: number;
  /** KMS key for the staging VPC's log group (in the DR region); the sources' keys are in `SourceSettings`. */
  readonly stagingKmsKeyArn?: string;
  /** Create one customer-managed key per region (and account) for the flow-log groups (`flowLogs.kms: create`). */
  readonly createKeys: boolean;
}

/** The DRS agent rollout through Systems Manager (`agentRollout.enabled`). */
export interface AgentRolloutSettings {
  /** The tag that marks a managed instance for the rollout, `key=value`. */
  readonly targetTag: { readonly key: string; readonly value: string };
  /** Servers installing at once: a number or a percentage (`10%`). */
  readonly maxConcurrency: string;
  /** Failures before the rollout stops: a number or a percentage. */
  readonly maxErrors: string;
  /**
   * When the association runs again, serving servers tagged since (`rate(1 day)`, `cron(0 2 ? * * *)`): always set,
   * because a runbook association without a schedule runs once only.
   */
  readonly schedule: string;
  /** Retention of the per-server output log group, in days. */
  readonly logRetentionDays: number;
  /** Whether to add the `ec2messages` endpoint, which SSM Agent before 3.3.40.0 needs. */
  readonly ec2MessagesEndpoint: boolean;
  /** Whether adopted source VPCs get the Systems Manager endpoints too (created ones always do). */
  readonly adoptedVpcEndpoints: boolean;
  /**
   * Whether servers launched from AWS Marketplace AMIs are among the tagged ones: their installer reads the product
   * codes with `ec2:DescribeInstances`, so the servers' role gets it and each source VPC with endpoints an `ec2` one.
   */
  readonly marketplaceAmis: boolean;
}

/** DRS replication settings, when the program manages replication. */
export interface ReplicationSettings {
  /** Call DRS InitializeService in the DR region (and the source region with `failback`). */
  readonly initializeService: boolean;
  /** Also initialize DRS in the source region, for failback. */
  readonly failback: boolean;
  /** An existing replication configuration template to import instead of creating one. */
  readonly templateId?: string;
  /** Replication server instance type. */
  readonly instanceType: string;
  /** Days of daily point-in-time snapshots (1 to 365). */
  readonly pitRetentionDays: number;
  /** A customer-managed KMS key for the staging disks; the default EBS key when absent. */
  readonly ebsKmsKeyArn?: string;
  /** Staging disk type for large disks. */
  readonly stagingDiskType: "GP2" | "GP3" | "ST1" | "AUTO";
  /** Replication bandwidth limit in Mbps; 0 is none. */
  readonly bandwidthThrottlingMbps: number;
  /** One replication server per source server. */
  readonly useDedicatedReplicationServer: boolean;
  /** Tags DRS puts on the staging resources it creates. */
  readonly stagingAreaTags: Readonly<Record<string, string>>;
}

/** How the program chooses a VPC's availability zones: the names given, or the first `count` the region offers. */
export type AvailabilityZoneChoice = { readonly names: readonly string[] } | { readonly count: number };

/** A source VPC the program creates. */
export interface CreatedSourceVpc {
  readonly kind: "create";
  /** The VPC's IPv4 block. */
  readonly vpcCidr: string;
  /** Each subnet's prefix length. */
  readonly subnetPrefixLength: number;
  /** Where its subnets go. */
  readonly availabilityZones: AvailabilityZoneChoice;
}

/** An existing source VPC the program adopts: it creates nothing in it but the routes to the staging VPC. */
export interface AdoptedSourceVpc {
  readonly kind: "adopt";
  /** The VPC's id, `vpc-...`. */
  readonly vpcId: string;
  /** The VPC's IPv4 block, as AWS reports it. */
  readonly vpcCidr: string;
  /** The route tables of the subnets whose servers are to be protected; each gets a route to the staging VPC. */
  readonly routeTableIds: readonly string[];
  /** The subnets of those servers, reported in the outputs only. */
  readonly subnetIds: readonly string[];
}

/** How a side's AWS provider authenticates, and which account it lands in. */
export interface ProviderSettings {
  /** A named profile of the shared AWS config. */
  readonly profile?: string;
  /** A role to assume (with the profile's or the environment's credentials). */
  readonly assumeRoleArn?: string;
  /** The account id, when known from the config (given, or read from the role ARN); looked up otherwise. */
  readonly accountId?: string;
}

/** One source: the servers to protect in one VPC of one region. */
export interface SourceSettings {
  /**
   * The source's name, part of its resources' logical names: `""` for the single source of the shorthand keys
   * (`sourceRegion`, `sourceVpcCidr`, `sourceVpc`), whose resources keep their first names.
   */
  readonly name: string;
  /** Its index in the `sources` list (0 for the shorthand's), which its problems are reported under. */
  readonly configIndex: number;
  /** Its region. */
  readonly region: string;
  /** Its VPC, created or adopted. */
  readonly vpc: CreatedSourceVpc | AdoptedSourceVpc;
  /** The buckets of its S3 gateway endpoint (OS package repositories), or `undefined` for none. */
  readonly s3GatewayBuckets?: readonly string[];
  /** A KMS key of its region for its flow logs' group. */
  readonly flowLogsKmsKeyArn?: string;
  /** Its provider's authentication, when not the ambient credentials. */
  readonly provider?: ProviderSettings;
}

/** How an external source's network reaches the staging VPC. */
export type ExternalConnection =
  /** An existing transit gateway of the DR region: the program attaches the staging VPC to it. */
  | { readonly kind: "transit-gateway"; readonly transitGatewayId: string }
  /** An existing virtual private gateway (a VPN's, or a Direct Connect private virtual interface's): the program attaches it. */
  | { readonly kind: "vpn-gateway"; readonly vpnGatewayId: string }
  /** A Site-to-Site VPN the program creates: customer gateway, the staging VPC's virtual private gateway, the connection. */
  | { readonly kind: "site-to-site-vpn"; readonly customerGatewayIp: string; readonly bgpAsn: number; readonly staticRoutes: boolean };

/** A source outside AWS: the servers' networks as the staging VPC sees them, and how they are reached. */
export interface ExternalSourceSettings {
  /** The source's name, part of its resources' logical names. */
  readonly name: string;
  /** Its index in the `sources` list. */
  readonly configIndex: number;
  /** The servers' networks, each inside a private range. */
  readonly cidrBlocks: readonly string[];
  readonly connection: ExternalConnection;
  /** How its servers find DRS's endpoints: their own names on the installer's command line, or an inbound resolver. */
  readonly dns: ExternalDnsMode;
}

/** DRS's launch settings for the region: the launch configuration template, and what the default launch template says. */
export interface RecoveryLaunchSettings {
  readonly launchDisposition: "STARTED" | "STOPPED";
  readonly copyPrivateIp: boolean;
  readonly copyTags: boolean;
  /** DRS's TargetInstanceTypeRightSizingMethod. */
  readonly rightSizing: "NONE" | "BASIC" | "IN_AWS";
  readonly osByol: boolean;
  /** Post-launch actions on, and the Systems Manager endpoints in the recovery VPC so they run without internet. */
  readonly postLaunchActions: boolean;
  /** An existing launch configuration template to import (by ARN) instead of creating one. */
  readonly templateArn?: string;
  /** An existing account default launch template (DRS's name for it) to import instead of creating one. */
  readonly defaultLaunchTemplateId?: string;
}

/** The recovery side: the VPC recovered instances land in, what they admit, and DRS's launch settings. */
export interface RecoverySettings {
  readonly vpc:
    | { readonly kind: "create"; readonly vpcCidr: string; readonly subnetPrefixLength: number; readonly availabilityZones: AvailabilityZoneChoice }
    | { readonly kind: "adopt"; readonly vpcId: string; readonly vpcCidr: string; readonly subnetIds: readonly string[]; readonly routeTableIds: readonly string[] };
  readonly ingress: readonly RecoveryIngressRule[];
  readonly launch: RecoveryLaunchSettings;
}

/** Failback: how much of the reverse path exists, and each source region's failback staging block. */
export interface FailbackSettings {
  readonly mode: "standby" | "on-demand";
  /** On demand: the endpoints exist now. */
  readonly active: boolean;
  /** The failback staging VPC's block, by source region. */
  readonly stagingVpcCidrs: Readonly<Record<string, string>>;
  /** Existing replication configuration templates to import, by source region. */
  readonly templateIds: Readonly<Record<string, string>>;
}

/** The validated settings every other module works from. */
export interface Settings {
  /** The DR region: DRS, its staging area and the endpoints. */
  readonly drRegion: string;
  /** The source VPCs, in config order: one for the shorthand keys, or the `sources` list's VPC entries (none may be). */
  readonly sources: readonly SourceSettings[];
  /** The `sources` list's networks outside AWS, in config order (they live in the DR region). */
  readonly externalSources: readonly ExternalSourceSettings[];
  /** The DR side's provider authentication, when not the ambient credentials. */
  readonly drProvider?: ProviderSettings;
  /** The staging VPC, always created. */
  readonly staging: {
    readonly vpcCidr: string;
    readonly subnetPrefixLength: number;
    readonly availabilityZones: AvailabilityZoneChoice;
  };
  /** Tags applied to every taggable resource through both providers' default tags. */
  readonly tags: Readonly<Record<string, string>>;
  /** How source servers find the DRS endpoint: `--endpoint`, or a private hosted zone for the DRS regional name. */
  readonly drsDnsMode: DrsDnsMode;
  /** The buckets the staging VPC's S3 endpoints let through (s3:GetObject only): DRS's, plus the config's. */
  readonly s3EndpointBuckets: readonly string[];
  /** DRS replication, when the program manages it (`replication.enabled`); `undefined` otherwise. */
  readonly replication?: ReplicationSettings;
  /** Flow logs on every VPC the program creates (`flowLogs.enabled`, on by default); `undefined` when off. */
  readonly flowLogs?: FlowLogSettings;
  /** Whether the staging subnets get the program's network ACL (on by default). */
  readonly stagingNetworkAcl: boolean;
  /** The DRS agent rollout through Systems Manager (`agentRollout.enabled`); `undefined` when off. */
  readonly agentRollout?: AgentRolloutSettings;
  /** The recovery network and DRS's launch settings (`recovery.enabled`); `undefined` when off. */
  readonly recovery?: RecoverySettings;
  /** The reverse path to each source region (`failback.enabled`); `undefined` when off. */
  readonly failback?: FailbackSettings;
  /** DR readiness monitoring (`readiness.enabled`); `undefined` when off. */
  readonly readiness?: ReadinessSettings;
  /** The servers and data the DR cost model prices (`estimate`); `undefined` for the network only. */
  readonly estimate?: EstimateSettings;
  /**
   * An AWS quota the network does not fit: `refuse` stops before anything is made, naming each quota and the command
   * that raises it; `request` declares the increase requests (aws.servicequotas.ServiceQuota) and nothing else until
   * AWS has granted them.
   */
  readonly quotaIncreases: (typeof QUOTA_INCREASE_MODES)[number];
  /** The config keys whose values were secrets: the program keeps what it can of them secret (tags, provider settings). */
  readonly secretKeys: readonly ConfigKey[];
}
