/**
 * The program's configuration: every key, its default, and its validation, in one place.
 *
 * `parseSettings` turns raw config (what `pulumi config` or the Automation API's `setAllConfig` holds) into a typed
 * `Settings` object, or throws one `ConfigError` that lists every problem, each naming its key and the bad value.
 * Everything downstream trusts `Settings` and never reads Pulumi config again. Pure: no Pulumi resources.
 */
import { RunError } from "@pulumi/pulumi/errors";
import { z } from "zod";
import { associationScheduleProblem } from "./lib/associationSchedule";
import { blocksOverlap, parseIpv4Block, subnetCapacity, vpcBlockProblem, MAX_PREFIX_LENGTH, MIN_PREFIX_LENGTH } from "./lib/cidr";
import { endpointPolicyProblem, PROGRAM_TAG_KEY_SETS, roleArnProblem, parseRoleArn, tagCountProblem } from "./lib/configLimits";
import { bucketNameProblem, drsBuckets, packageRepositoryBuckets, S3_POLICY_SIDS, s3ReadOnlyPolicy } from "./lib/endpointPolicies";
import type { DrsDnsMode } from "./lib/installer";
import { sourceBlocksAclProblem } from "./lib/networkAcl";
import { didYouMean } from "./lib/nearest";
import { stackKey } from "./lib/pulumiProject";
import { isAvailabilityZoneOf, regionProblem } from "./lib/regions";
import { maskDerivedAddresses, maskWholeValues, SECRET_PLACEHOLDER } from "./lib/secretText";

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
   * associations (lib/associationSchedule.ts).
   */
  rolloutSchedule: "rate(1 day)",
  /**
   * The rollout's per-server output: a year, the minimum of Security Hub CloudWatch.16 (AWS Config
   * cw-loggroup-retention-period-check, https://docs.aws.amazon.com/config/latest/developerguide/cw-loggroup-retention-period-check.html)
   * and checkov CKV_AWS_338.
   */
  rolloutLogRetentionDays: 365,
  /** A quota the network does not fit stops the deploy with the commands that raise it; `request` asks AWS instead. */
  quotaIncreases: "refuse",
} as const;

/** What the program does when an AWS quota is too low for the network: stop, or request the increases. */
export const QUOTA_INCREASE_MODES = ["refuse", "request"] as const;

/** The retention periods CloudWatch Logs accepts, in days (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** VPC flow logs to CloudWatch Logs, for every VPC the program creates. */
export interface FlowLogSettings {
  /** Days CloudWatch Logs keeps them. */
  readonly retentionDays: number;
  /** KMS key for the staging VPC's log group (in the DR region); the sources' keys are in `SourceSettings`. */
  readonly stagingKmsKeyArn?: string;
  /** Create one customer-managed key per region (and account) for the flow-log groups (`flowLogs.kms: create`). */
  readonly createKeys: boolean;
}

/** How source servers find the DRS endpoint by name (see lib/installer.ts). */
export const DRS_DNS_MODES = ["endpoint-flag", "private-hosted-zone"] as const satisfies readonly DrsDnsMode[];

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

/** Limits on the number of availability zones: at least one, and no region has more than six. */
export const MIN_AVAILABILITY_ZONES = 1;
export const MAX_AVAILABILITY_ZONES = 6;

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

/** The validated settings every other module works from. */
export interface Settings {
  /** The DR region: DRS, its staging area and the endpoints. */
  readonly drRegion: string;
  /** The sources, in config order: one for the shorthand keys, or the `sources` list. */
  readonly sources: readonly SourceSettings[];
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
  /**
   * An AWS quota the network does not fit: `refuse` stops before anything is made, naming each quota and the command
   * that raises it; `request` declares the increase requests (aws.servicequotas.ServiceQuota) and nothing else until
   * AWS has granted them.
   */
  readonly quotaIncreases: (typeof QUOTA_INCREASE_MODES)[number];
  /** The config keys whose values were secrets: the program keeps what it can of them secret (tags, provider settings). */
  readonly secretKeys: readonly ConfigKey[];
}

/** One thing wrong with the config. */
export interface ConfigProblem {
  /** The config key, with a path inside it where the value is structured (`sourceVpc.routeTableIds[1]`). */
  readonly key: string;
  /** What was wrong, including the bad value where there was one. */
  readonly message: string;
}

/** Every problem found in a config, thrown before any resource is declared. */
export class ConfigError extends RunError {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid drs-secured-network configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p.key}: ${p.message}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Field schemas. Each refinement message completes the sentence "<key>: <value> ...".

/** A string where a boolean or number belongs gets a message that says so (a quoted YAML value is a string). */
const typeError = (expected: "boolean" | "number", message: string) => (issue: { input?: unknown }) => {
  const input = issue.input;
  if (typeof input !== "string") return message;
  const looks = expected === "boolean" ? /^(true|false)$/i.test(input) : input.trim() !== "" && Number.isFinite(Number(input));
  return looks ? `is a string, not a ${expected}: write ${expected === "boolean" ? input.toLowerCase() : input.trim()} without quotes` : message;
};
const numberField = () => z.number({ error: typeError("number", "must be a number") });

function check(problemOf: (value: string) => string | undefined) {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = problemOf(value);
    if (problem !== undefined) {
      ctx.addIssue({ code: "custom", message: problem });
    }
  };
}

const awsId = (prefix: string) =>
  z.string({ error: `must be a string` }).regex(new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`), {
    error: `is not an id of the form ${prefix}-0123456789abcdef0`,
  });

const distinct = <T extends z.ZodType<string>>(item: T, what: string) =>
  z.array(item, { error: `must be a list of ${what}` }).refine((list) => new Set(list).size === list.length, {
    error: `lists the same ${what.replace(/s$/, "")} more than once`,
  });

const prefixLength = numberField()
  .int({ error: "must be a whole number" })
  .min(MIN_PREFIX_LENGTH, { error: `must be from ${MIN_PREFIX_LENGTH} to ${MAX_PREFIX_LENGTH} (AWS subnet sizes /16 to /28)` })
  .max(MAX_PREFIX_LENGTH, { error: `must be from ${MIN_PREFIX_LENGTH} to ${MAX_PREFIX_LENGTH} (AWS subnet sizes /16 to /28)` });

const zoneCount = numberField()
  .int({ error: "must be a whole number" })
  .min(MIN_AVAILABILITY_ZONES, { error: `must be from ${MIN_AVAILABILITY_ZONES} to ${MAX_AVAILABILITY_ZONES}` })
  .max(MAX_AVAILABILITY_ZONES, { error: `must be from ${MIN_AVAILABILITY_ZONES} to ${MAX_AVAILABILITY_ZONES}` });

const zoneList = z
  .array(z.string({ error: "must be a string" }), { error: "must be a list of availability zone names" })
  .refine((list) => list.length >= MIN_AVAILABILITY_ZONES && list.length <= MAX_AVAILABILITY_ZONES, {
    error: `must name from ${MIN_AVAILABILITY_ZONES} to ${MAX_AVAILABILITY_ZONES} availability zones`,
  });

const vpcCidr = z.string({ error: "must be a string" }).superRefine(check(vpcBlockProblem));

/** AWS tag rules: https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
function tagProblems(tagMap: Record<string, unknown>, ctx: z.RefinementCtx): void {
  for (const [key, value] of Object.entries(tagMap)) {
    const problem =
      key.length === 0 || key.length > 128
        ? "is not a valid tag: a tag key has 1 to 128 characters"
        : !TAG_CHARACTERS.test(key)
          ? "is not a valid tag: a key may hold only letters, digits, spaces and _ . : / = + - @"
          : key.toLowerCase().startsWith("aws:")
            ? "is not a valid tag: the aws: key prefix is reserved for AWS"
            : key === "__proto__"
              ? "is a tag key AWS takes but Pulumi cannot pass: its Node.js SDK copies every input with o[key] = value (@pulumi/pulumi output.js, outputRec), which drops __proto__; name the tag otherwise"
            : typeof value !== "string"
              ? "is not a valid tag: the value must be a string"
              : value.length > 256
                ? "is not a valid tag: a tag value has at most 256 characters"
                : !TAG_CHARACTERS.test(value)
                  ? "is not a valid tag: a value may hold only letters, digits, spaces and _ . : / = + - @"
                  : undefined;
    if (problem !== undefined) {
      ctx.addIssue({ code: "custom", path: [key], message: problem });
    }
  }
}
/**
 * A tag map, each key checked and counted against AWS's 50 tags a resource, together with `programKeySets`, the keys
 * the program puts beside them on one resource. Own keys only, `constructor` or `toString` kept as the tag keys AWS
 * takes them for; `__proto__` is refused by name (a record schema would drop it silently, and so would Pulumi).
 */
const tagMap = (programKeySets: readonly (readonly string[])[]) =>
  z
    .unknown()
    .superRefine((value, ctx) => {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        ctx.addIssue({ code: "custom", message: "must be an object of tag names to string values" });
        return;
      }
      tagProblems(value as Record<string, unknown>, ctx);
      const tooMany = tagCountProblem(Object.keys(value), programKeySets);
      if (tooMany !== undefined) ctx.addIssue({ code: "custom", message: tooMany });
    })
    .transform((value) => ({ ...(value as Record<string, string>) }));
/** The default tags of every resource. */
const tags = tagMap(PROGRAM_TAG_KEY_SETS);

const adoptedVpc = z.strictObject(
  {
    vpcId: awsId("vpc"),
    cidrBlock: z.string({ error: "is required: the adopted VPC's IPv4 block" }).superRefine(check(vpcBlockProblem)),
    routeTableIds: distinct(awsId("rtb"), "route table ids").min(1, {
      error: "must list at least one route table: without one, no source subnet can reach the staging VPC",
    }),
    subnetIds: distinct(awsId("subnet"), "subnet ids").default([]),
  },
  { error: "must be an object: { vpcId, cidrBlock, routeTableIds, subnetIds? }" },
);

const flag = z.boolean({ error: typeError("boolean", "must be true or false") });
const bucketList = z.array(z.string({ error: "must be a string" }).superRefine(check(bucketNameProblem)), { error: "must be a list of S3 bucket names" });
const wholeNumber = (min: number, max: number) =>
  numberField()
    .int({ error: "must be a whole number" })
    .min(min, { error: `must be from ${min} to ${max}` })
    .max(max, { error: `must be from ${min} to ${max}` });

const kmsKeyArn = z
  .string({ error: "must be a string" })
  .regex(/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, { error: "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)" });

const replication = z
  .strictObject(
    {
      enabled: flag.default(false),
      initializeService: flag.default(true),
      failback: flag.default(false),
      templateId: z.string({ error: "must be a string" }).regex(/^rct-[0-9a-f]{17}$/, { error: "is not a replication configuration template id (rct- and 17 hex digits)" }).optional(),
      instanceType: z.string({ error: "must be a string" }).regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: "is not an EC2 instance type such as t3.small" }).default(DEFAULTS.replicationInstanceType),
      pitRetentionDays: wholeNumber(1, 365).default(DEFAULTS.pitRetentionDays),
      ebsKmsKeyArn: kmsKeyArn.optional(),
      stagingDiskType: z.enum(["GP2", "GP3", "ST1", "AUTO"], { error: "must be GP2, GP3, ST1 or AUTO" }).default(DEFAULTS.stagingDiskType),
      bandwidthThrottlingMbps: wholeNumber(0, 10000).default(0),
      useDedicatedReplicationServer: flag.default(false),
      // DRS puts these on the replication servers, volumes and snapshots it makes; the program adds none of its own.
      stagingAreaTags: tagMap([]).default({}),
    },
    { error: "must be an object: { enabled, initializeService?, failback?, templateId?, instanceType?, pitRetentionDays?, ebsKmsKeyArn?, stagingDiskType?, bandwidthThrottlingMbps?, useDedicatedReplicationServer?, stagingAreaTags? }" },
  )
  .prefault({});

const flowLogs = z
  .strictObject(
    {
      enabled: flag.default(true),
      retentionDays: numberField()
        .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), { error: `must be one of CloudWatch Logs' retention periods: ${LOG_RETENTION_DAYS.join(", ")}` })
        .default(DEFAULTS.flowLogRetentionDays),
      sourceKmsKeyArn: kmsKeyArn.optional(),
      stagingKmsKeyArn: kmsKeyArn.optional(),
      kms: z.enum(["create"], { error: 'must be "create" (one customer-managed key per region for the flow-log groups), or left out' }).optional(),
    },
    { error: "must be an object: { enabled?, retentionDays?, sourceKmsKeyArn?, stagingKmsKeyArn?, kms? }" },
  )
  .prefault({});

/** Systems Manager's rate controls: a whole number, or a percentage (https://docs.aws.amazon.com/systems-manager/latest/userguide/running-commands-velocity.html). */
const rateControl = (min: 0 | 1, what: string) =>
  z
    .string({ error: "must be a string: a number or a percentage, e.g. \"10\" or \"10%\"" })
    .refine((v) => (min === 0 ? /^(0|[1-9]\d{0,5}|(\d|[1-9]\d|100)%)$/ : /^([1-9]\d{0,5}|([1-9]|[1-9]\d|100)%)$/).test(v), {
      error: `is not ${what}: a whole number${min === 1 ? " from 1" : ""}, or a percentage${min === 1 ? " from 1%" : ""} up to 100%`,
    });

const agentRollout = z
  .strictObject(
    {
      enabled: flag.default(false),
      // Systems Manager's target keys (`tag:<key>`) refuse the "+" that EC2 tag keys allow: the SSM API reference,
      // Target, Key pattern ^[\p{L}\p{Z}\p{N}_.:/=\-@]*$ (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_Target.html).
      targetTagKey: z
        .string({ error: "must be a string" })
        .regex(/^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=\-@]{1,128}$/u, {
          error: "is not a tag key Systems Manager can target (1 to 128 letters, digits, spaces or _.:/=-@, not starting with aws:; no +, which SSM target keys refuse)",
        })
        .default(DEFAULTS.rolloutTagKey),
      targetTagValue: z
        .string({ error: "must be a string" })
        .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u, { error: "is not a tag value (1 to 256 letters, digits, spaces or _.:/=+-@)" })
        .default(DEFAULTS.rolloutTagValue),
      maxConcurrency: rateControl(1, "a concurrency").default(DEFAULTS.rolloutMaxConcurrency),
      maxErrors: rateControl(0, "an error threshold").default(DEFAULTS.rolloutMaxErrors),
      schedule: z.string({ error: "must be a string" }).superRefine(check(associationScheduleProblem)).default(DEFAULTS.rolloutSchedule),
      logRetentionDays: z
        .number({ error: "must be a number" })
        .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), { error: `must be one of CloudWatch Logs' retention periods: ${LOG_RETENTION_DAYS.join(", ")}` })
        .default(DEFAULTS.rolloutLogRetentionDays),
      ec2MessagesEndpoint: flag.default(true),
      adoptedVpcEndpoints: flag.default(false),
      marketplaceAmis: flag.default(false),
    },
    { error: "must be an object: { enabled, targetTagKey?, targetTagValue?, maxConcurrency?, maxErrors?, schedule?, logRetentionDays?, ec2MessagesEndpoint?, adoptedVpcEndpoints?, marketplaceAmis? }" },
  )
  .prefault({});

const sourceS3GatewayEndpoint = z
  .strictObject({ enabled: flag.optional(), buckets: bucketList.optional() }, { error: "must be an object: { enabled?, buckets? }" })
  .prefault({});

const providerSettings = z
  .strictObject(
    {
      profile: z.string({ error: "must be a string" }).regex(/^[\w.@+-]{1,64}$/, { error: "is not a profile name" }).optional(),
      assumeRoleArn: z.string({ error: "must be a string" }).superRefine(check(roleArnProblem)).optional(),
      accountId: z.string({ error: "must be a string of 12 digits" }).regex(/^\d{12}$/, { error: "is not an AWS account id (12 digits)" }).optional(),
    },
    { error: "must be an object: { profile?, assumeRoleArn?, accountId? }" },
  )
  .superRefine((p, ctx) => {
    const fromRole = p.assumeRoleArn !== undefined ? parseRoleArn(p.assumeRoleArn)?.account : undefined;
    if (fromRole !== undefined && p.accountId !== undefined && fromRole !== p.accountId) {
      ctx.addIssue({ code: "custom", path: ["accountId"], message: `is not the account of assumeRoleArn (${fromRole})` });
    }
  })
  .transform((p): ProviderSettings => ({ ...p, accountId: p.accountId ?? (p.assumeRoleArn !== undefined ? parseRoleArn(p.assumeRoleArn)?.account : undefined) }));

/** A source name: part of the logical names of its resources, so it must stay the same for the source's life. */
const SOURCE_NAME = /^[a-z][a-z0-9-]{0,19}$/;

const sourceEntry = z.strictObject(
  {
    name: z.string({ error: "is required: a short name, e.g. app" }).regex(SOURCE_NAME, { error: "is not a source name: a lowercase letter, then up to 19 lowercase letters, digits or hyphens" }),
    region: z.string({ error: "is required: the source's region, e.g. eu-west-1" }).superRefine(check((r) => regionProblem(r, "source"))),
    vpcCidr: z.string({ error: "must be a string" }).superRefine(check(vpcBlockProblem)).optional(),
    vpc: adoptedVpc.optional(),
    availabilityZones: zoneList.optional(),
    flowLogsKmsKeyArn: kmsKeyArn.optional(),
    provider: providerSettings.optional(),
  },
  { error: "must be an object: { name, region, vpcCidr } to create a VPC, or { name, region, vpc } to adopt one" },
);

/** Every config key the program reads, without the project prefix. */
export const CONFIG_SCHEMA = {
  sourceRegion: z
    .string({ error: "must be a string" })
    .superRefine(check((r) => regionProblem(r, "source")))
    .optional(),
  drRegion: z.string({ error: "is required: the DR region where DRS runs, e.g. eu-west-2" }).superRefine(
    check((r) => regionProblem(r, "dr")),
  ),
  sourceVpcCidr: vpcCidr.default(DEFAULTS.sourceVpcCidr),
  stagingVpcCidr: vpcCidr.default(DEFAULTS.stagingVpcCidr),
  subnetPrefixLength: prefixLength.default(DEFAULTS.subnetPrefixLength),
  availabilityZoneCount: zoneCount.default(DEFAULTS.availabilityZoneCount),
  sourceAvailabilityZones: zoneList.optional(),
  stagingAvailabilityZones: zoneList.optional(),
  sourceVpc: adoptedVpc.optional(),
  tags: tags.default({}),
  drsDnsMode: z.enum(DRS_DNS_MODES, { error: `must be ${DRS_DNS_MODES.map((m) => JSON.stringify(m)).join(" or ")}` }).default(DEFAULTS.drsDnsMode),
  replication,
  s3EndpointExtraBuckets: bucketList.default([]),
  sourceS3GatewayEndpoint,
  flowLogs,
  stagingNetworkAcl: flag.default(true),
  agentRollout,
  sourceProvider: providerSettings.optional(),
  drProvider: providerSettings.optional(),
  quotaIncreases: z
    .enum(QUOTA_INCREASE_MODES, { error: 'must be "refuse" (stop, naming each quota too low and the command that raises it) or "request" (ask AWS for the increases, then deploy once granted)' })
    .default(DEFAULTS.quotaIncreases),
  sources: z
    .array(sourceEntry, { error: "must be a list of sources" })
    .min(1, { error: "must list at least one source" })
    .max(100, { error: "lists more than 100 sources" })
    .optional(),
} as const;

/** A config key of this program. */
export type ConfigKey = keyof typeof CONFIG_SCHEMA;
/** Keys whose values are not strings: Pulumi hands every config value to the program as a string, JSON for these. */
export const STRUCTURED_KEYS: readonly ConfigKey[] = [
  "subnetPrefixLength",
  "availabilityZoneCount",
  "sourceAvailabilityZones",
  "stagingAvailabilityZones",
  "sourceVpc",
  "tags",
  "replication",
  "s3EndpointExtraBuckets",
  "sourceS3GatewayEndpoint",
  "flowLogs",
  "stagingNetworkAcl",
  "agentRollout",
  "sourceProvider",
  "drProvider",
  "sources",
];

type Fields = { [K in ConfigKey]: z.output<(typeof CONFIG_SCHEMA)[K]> };

/**
 * Keys with no default, for which an empty value (`""`, `[]`, `{}`) means "not set". Pulumi.yaml declares each with
 * that empty default, because the Pulumi CLI refuses to run a stack that lacks a declared key with no default
 * (lib/pulumiProject.ts); a user may also write the empty value to say "none".
 */
export const UNSET_WHEN_EMPTY: readonly ConfigKey[] = [
  "sourceRegion",
  "sourceAvailabilityZones",
  "stagingAvailabilityZones",
  "sourceVpc",
  "sourceProvider",
  "drProvider",
  "sources",
];

/** How `parseSettings` treats the values it is given. */
export interface ParseOptions {
  /**
   * Keys (without the project prefix) whose values are secrets (`pulumi config set --secret`): a problem with one of
   * them names the key and shows `[secret]`, never the value.
   */
  readonly secretKeys?: readonly string[];
}

/** What a problem shows in place of a secret key's value. */
export { SECRET_PLACEHOLDER };

const isEmptyValue = (value: unknown) =>
  value === "" || (Array.isArray(value) && value.length === 0) || (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);

/**
 * Validate a whole raw config (keys without the project prefix) and return the settings, or throw a `ConfigError`
 * that lists every problem. Values may be typed (from code) or strings as Pulumi config holds them (JSON for the
 * structured keys).
 */
export function parseSettings(config: Readonly<Record<string, unknown>>, options: ParseOptions = {}): Settings {
  const secretKeys = (options.secretKeys ?? []).filter((k) => Object.hasOwn(config, k));
  const raw = Object.fromEntries(
    Object.entries(config).filter(([key, value]) => !((UNSET_WHEN_EMPTY as readonly string[]).includes(key) && isEmptyValue(decode(key as ConfigKey, value)))),
  );
  const known = Object.keys(CONFIG_SCHEMA);
  // Own keys only: `constructor` or `toString` are no keys of this program. The value is not shown: a mistyped key
  // may hold a secret.
  const problems: ConfigProblem[] = Object.keys(raw)
    .filter((key) => !Object.hasOwn(CONFIG_SCHEMA, key))
    .map((key) => ({ key, message: `is not a config key of this program${didYouMean(key, known)} (known keys: ${known.join(", ")})` }));

  const fields: Partial<Fields> = {};
  for (const key of known as ConfigKey[]) {
    const value = decode(key, raw[key]);
    const result = CONFIG_SCHEMA[key].safeParse(value);
    if (result.success) (fields as Record<string, unknown>)[key] = result.data;
    else problems.push(...result.error.issues.flatMap((issue) => issueProblems(key, value, issue, secretKeys.includes(key))));
  }

  // A cross-field problem quotes a secret key's value as [secret]; every whole value of a secret key is hidden too.
  const secretValues = secretKeys.flatMap((k) => stringsIn(fields[k as ConfigKey]));
  const quote = (key: string, value: string) => (secretKeys.includes(key.replace(/[.[].*$/, "")) ? SECRET_PLACEHOLDER : JSON.stringify(value));
  problems.push(...crossFieldProblems(fields, raw, quote).map((p) => ({ key: p.key, message: maskWholeValues(p.message, secretValues) })));
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return { ...toSettings(fields as Fields), secretKeys: secretKeys.filter((k): k is ConfigKey => Object.hasOwn(CONFIG_SCHEMA, k)) };
}

/** The problems of one schema issue under `key`: each unknown field with its nearest known one, or the value's. */
function issueProblems(key: ConfigKey, value: unknown, issue: z.core.$ZodIssue, secret: boolean): ConfigProblem[] {
  const at = key + formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const fields = fieldsAt(CONFIG_SCHEMA[key], issue.path);
    return issue.keys.map((field) => ({ key: at + formatPath([field]), message: `is not a field of ${at}${didYouMean(field, fields)}` }));
  }
  if (secret) return [{ key: at, message: maskDerivedAddresses(describe(SECRET, issue.message)) }];
  return [{ key: at, message: describe(issue.path.reduce<unknown>((v, p) => (v as Record<PropertyKey, unknown> | undefined)?.[p], value), issue.message) }];
}

/** The field names of the object schema at `path` inside `schema` (through optional, default and transform wrappers). */
function fieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType };
  const defOf = (s: z.ZodType | undefined) => (s as unknown as { _zod?: { def: Def } } | undefined)?._zod?.def;
  const unwrap = (s: z.ZodType | undefined): z.ZodType | undefined => {
    const def = defOf(s);
    if (def === undefined) return s;
    if (def.innerType !== undefined && ["optional", "default", "prefault", "nullable", "readonly", "catch"].includes(def.type)) return unwrap(def.innerType);
    return def.type === "pipe" ? unwrap(def.in) : s;
  };
  let current = unwrap(schema);
  for (const step of path) {
    const def = defOf(current);
    current = unwrap(def?.type === "object" ? def.shape?.[String(step)] : def?.type === "array" ? def.element : undefined);
  }
  const def = defOf(current);
  return def?.type === "object" && def.shape !== undefined ? Object.keys(def.shape) : [];
}

/** A marker `describe` shows as `[secret]`. */
const SECRET = Symbol("secret");

/** Every non-empty string inside a value. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return value === "" ? [] : [value];
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/** A source as the cross-field checks see it, with the config keys its values came from. */
interface SourceEntry {
  readonly name: string;
  readonly region?: string;
  readonly regionKey: string;
  readonly cidr?: string;
  readonly cidrKey: string;
  readonly adopted: boolean;
  readonly zones?: readonly string[];
  readonly zonesKey: string;
  readonly kmsKeyArn?: string;
  readonly kmsKeyName: string;
}

/** The sources of a config: the `sources` list, or the single source of the shorthand keys. */
function sourceEntries(f: Partial<Fields>): SourceEntry[] {
  if (f.sources !== undefined) {
    return f.sources.map((s, i) => ({
      name: s.name,
      region: s.region,
      regionKey: `sources[${i}].region`,
      cidr: s.vpc?.cidrBlock ?? s.vpcCidr,
      cidrKey: s.vpc !== undefined ? `sources[${i}].vpc.cidrBlock` : `sources[${i}].vpcCidr`,
      adopted: s.vpc !== undefined,
      zones: s.availabilityZones,
      zonesKey: `sources[${i}].availabilityZones`,
      kmsKeyArn: s.flowLogsKmsKeyArn,
      kmsKeyName: `sources[${i}].flowLogsKmsKeyArn`,
    }));
  }
  return [
    {
      name: "",
      region: f.sourceRegion,
      regionKey: "sourceRegion",
      cidr: f.sourceVpc !== undefined ? f.sourceVpc.cidrBlock : f.sourceVpcCidr,
      cidrKey: f.sourceVpc !== undefined ? "sourceVpc.cidrBlock" : "sourceVpcCidr",
      adopted: f.sourceVpc !== undefined,
      zones: f.sourceAvailabilityZones,
      zonesKey: "sourceAvailabilityZones",
      kmsKeyArn: f.flowLogs?.sourceKmsKeyArn,
      kmsKeyName: "flowLogs.sourceKmsKeyArn",
    },
  ];
}

/** How a cross-field problem shows a value from a key: quoted, or `[secret]` for a secret key's. */
type Quote = (key: string, value: string) => string;

/**
 * Problems that involve more than one key, checked on the keys that are valid on their own. Every value shown goes
 * through `quote`, and a detail derived from a value (a zone's region, a key's region, a block's size) is left out
 * where that value is a secret.
 */
function crossFieldProblems(f: Partial<Fields>, raw: Readonly<Record<string, unknown>>, quote: Quote): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const listed = raw.sources !== undefined;

  if (listed) {
    // The shorthand keys of a single source cannot be mixed with the list (sourceVpcCidr has a project default, so
    // it is ignored rather than refused).
    for (const key of ["sourceRegion", "sourceVpc", "sourceAvailabilityZones", "sourceProvider"] as const) {
      if (raw[key] !== undefined) problems.push({ key, message: `cannot be set together with sources: give it in the source's entry` });
    }
    if (f.flowLogs?.sourceKmsKeyArn !== undefined) {
      problems.push({ key: "flowLogs.sourceKmsKeyArn", message: "cannot be set together with sources: give sources[].flowLogsKmsKeyArn" });
    }
    f.sources?.forEach((s, i) => {
      if ((s.vpcCidr === undefined) === (s.vpc === undefined)) {
        problems.push({ key: `sources[${i}]`, message: "needs exactly one of vpcCidr (a VPC to create) or vpc (a VPC to adopt)" });
      }
      if (f.sources?.findIndex((t) => t.name === s.name) !== i) {
        problems.push({ key: `sources[${i}].name`, message: `${quote("sources", s.name)} is the name of an earlier source; names must be unique` });
      }
      if (s.vpc !== undefined && s.availabilityZones !== undefined) {
        problems.push({ key: `sources[${i}].availabilityZones`, message: "cannot be set together with vpc: an adopted VPC's subnets already have their zones" });
      }
    });
  } else if (raw.sourceRegion === undefined) {
    problems.push({ key: "sourceRegion", message: "is required: the region of the servers to protect, e.g. eu-west-1 (or list sources)" });
  }

  const sources = sourceEntries(f);
  problems.push(...blockProblems(f, sources, listed, quote), ...zoneProblems(f, sources, quote), ...kmsProblems(f, sources, listed, quote));
  problems.push(...endpointPolicyProblems(f));

  // Interface endpoints need subnets: an adopted VPC that is to get the Systems Manager endpoints must name them.
  if (f.agentRollout?.enabled === true && f.agentRollout.adoptedVpcEndpoints) {
    const adopted = listed
      ? (f.sources ?? []).flatMap((s, i) => (s.vpc !== undefined ? [{ key: `sources[${i}].vpc.subnetIds`, subnets: s.vpc.subnetIds }] : []))
      : f.sourceVpc !== undefined
        ? [{ key: "sourceVpc.subnetIds", subnets: f.sourceVpc.subnetIds }]
        : [];
    for (const a of adopted.filter((x) => x.subnets.length === 0)) {
      problems.push({ key: a.key, message: "is empty, but agentRollout.adoptedVpcEndpoints puts the Systems Manager endpoints in the adopted VPC's subnets: list them" });
    }
  }

  if (!listed && f.sourceVpc !== undefined && f.sourceAvailabilityZones !== undefined) {
    problems.push({
      key: "sourceAvailabilityZones",
      message: "cannot be set together with sourceVpc: an adopted VPC's subnets already have their zones",
    });
  }
  return problems;
}

/** Blocks that overlap, a staging ACL the blocks would not fit, a block too small for its subnets. */
function blockProblems(f: Partial<Fields>, sources: readonly SourceEntry[], listed: boolean, quote: Quote): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const hidden = (key: string) => quote(key, "") === SECRET_PLACEHOLDER;
  const blocks = sources.filter((s) => s.cidr !== undefined);
  if (f.stagingVpcCidr !== undefined) {
    const staging = parseIpv4Block(f.stagingVpcCidr);
    for (const s of blocks) {
      if (blocksOverlap(parseIpv4Block(s.cidr as string), staging)) {
        problems.push({
          key: "stagingVpcCidr",
          message:
            `${quote("stagingVpcCidr", f.stagingVpcCidr)} overlaps the source VPC's ${quote(s.cidrKey, s.cidr as string)} (${s.cidrKey}); ` +
            "VPC peering cannot route between overlapping blocks",
        });
      }
    }
  }
  blocks.forEach((s, i) => {
    const earlier = blocks.slice(0, i).find((t) => blocksOverlap(parseIpv4Block(t.cidr as string), parseIpv4Block(s.cidr as string)));
    if (earlier !== undefined) {
      problems.push({
        key: s.cidrKey,
        message: `${quote(s.cidrKey, s.cidr as string)} overlaps ${quote(earlier.cidrKey, earlier.cidr as string)} (${earlier.cidrKey}); the staging VPC could not route to both`,
      });
    }
  });

  // The staging network ACL names every source block within AWS's rules per ACL (lib/networkAcl.ts).
  const aclProblem = blocks.length > 0 ? sourceBlocksAclProblem(blocks.map((b) => b.cidr as string)) : undefined;
  if (aclProblem !== undefined) {
    const message = `the source blocks ${aclProblem}`;
    problems.push({ key: listed ? "sources" : blocks[0].cidrKey, message: blocks.some((b) => hidden(b.cidrKey)) ? maskDerivedAddresses(message) : message });
  }

  const zoneCountOf = (list: readonly string[] | undefined) => list?.length ?? f.availabilityZoneCount;
  const fits = (cidrKey: string, cidr: string | undefined, zones: number | undefined) => {
    if (cidr === undefined || zones === undefined || f.subnetPrefixLength === undefined) return;
    const capacity = subnetCapacity(parseIpv4Block(cidr).prefixLength, f.subnetPrefixLength);
    if (capacity < zones) {
      problems.push({
        key: cidrKey,
        message:
          `${quote(cidrKey, cidr)} is too small for ${zones} subnet${zones === 1 ? "" : "s"} of /${f.subnetPrefixLength}` +
          `${hidden(cidrKey) ? "" : ` (it holds ${capacity})`}; use a larger block or a larger subnetPrefixLength`,
      });
    }
  };
  for (const s of sources) {
    if (!s.adopted) fits(s.cidrKey, s.cidr, zoneCountOf(s.zones));
  }
  fits("stagingVpcCidr", f.stagingVpcCidr, zoneCountOf(f.stagingAvailabilityZones));
  return problems;
}

/** Zones listed twice, or outside their region. */
function zoneProblems(f: Partial<Fields>, sources: readonly SourceEntry[], quote: Quote): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const zonesBelong = (listKey: string, list: readonly string[] | undefined, region: string | undefined, regionKey: string) => {
    if (list === undefined || region === undefined) return;
    const example = quote(regionKey, region) === SECRET_PLACEHOLDER ? "" : ` (expected e.g. ${region}a)`;
    list.forEach((zone, i) => {
      if (list.indexOf(zone) !== i) {
        problems.push({ key: `${listKey}[${i}]`, message: `${quote(listKey, zone)} is listed more than once` });
      } else if (!isAvailabilityZoneOf(zone, region)) {
        problems.push({ key: `${listKey}[${i}]`, message: `${quote(listKey, zone)} is not an availability zone of ${regionKey} ${quote(regionKey, region)}${example}` });
      }
    });
  };
  for (const s of sources) zonesBelong(s.zonesKey, s.zones, s.region, s.regionKey);
  zonesBelong("stagingAvailabilityZones", f.stagingAvailabilityZones, f.drRegion, "drRegion");
  return problems;
}

/** KMS keys outside their VPC's region, and keys given beside `flowLogs.kms: create`. */
function kmsProblems(f: Partial<Fields>, sources: readonly SourceEntry[], listed: boolean, quote: Quote): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // A KMS key works only in its own region.
  const keyRegion = (key: string, keyName: string, region: string | undefined, regionKey: string, what: string) => {
    const keysRegion = key.split(":")[3];
    if (region !== undefined && keysRegion !== region) {
      const where = quote(keyName, key) === SECRET_PLACEHOLDER ? "another region" : keysRegion;
      problems.push({ key: keyName, message: `${quote(keyName, key)} is a key in ${where}; ${what} in ${regionKey} ${quote(regionKey, region)}, so the key must be too` });
    }
  };
  if (f.replication?.ebsKmsKeyArn !== undefined) keyRegion(f.replication.ebsKmsKeyArn, "replication.ebsKmsKeyArn", f.drRegion, "drRegion", "the staging disks are");
  for (const s of sources) {
    if (s.kmsKeyArn !== undefined && (listed || f.sourceRegion !== undefined)) keyRegion(s.kmsKeyArn, s.kmsKeyName, s.region, s.regionKey, "the source VPC's flow logs are");
  }
  if (f.flowLogs?.stagingKmsKeyArn !== undefined) keyRegion(f.flowLogs.stagingKmsKeyArn, "flowLogs.stagingKmsKeyArn", f.drRegion, "drRegion", "the staging VPC's flow logs are");

  if (f.flowLogs?.kms === "create") {
    const given = [
      ...(f.flowLogs.sourceKmsKeyArn !== undefined ? ["flowLogs.sourceKmsKeyArn"] : []),
      ...(f.flowLogs.stagingKmsKeyArn !== undefined ? ["flowLogs.stagingKmsKeyArn"] : []),
      ...sources.filter((s) => s.kmsKeyArn !== undefined && s.kmsKeyName.startsWith("sources")).map((s) => s.kmsKeyName),
    ];
    if (given.length > 0) {
      problems.push({ key: "flowLogs.kms", message: `"create" cannot be set together with ${given.join(", ")}: either the program makes the keys, or you give them` });
    }
  }
  return problems;
}

/** S3 endpoint policies longer than AWS takes: the staging endpoints' (DRS's buckets and the extra ones), the sources' gateway one. */
function endpointPolicyProblems(f: Partial<Fields>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (f.drRegion !== undefined && f.s3EndpointExtraBuckets !== undefined) {
    const policy = s3ReadOnlyPolicy(S3_POLICY_SIDS.staging, [...drsBuckets(f.drRegion), ...f.s3EndpointExtraBuckets]);
    const problem = endpointPolicyProblem(policy, `the staging VPC's S3 endpoints (DRS's ${drsBuckets(f.drRegion).length} buckets and these ${f.s3EndpointExtraBuckets.length})`);
    if (problem !== undefined) problems.push({ key: "s3EndpointExtraBuckets", message: problem });
  }
  const gatewayBuckets = f.sourceS3GatewayEndpoint?.buckets;
  if (gatewayBuckets !== undefined) {
    const problem = endpointPolicyProblem(s3ReadOnlyPolicy(S3_POLICY_SIDS.sourceGateway, gatewayBuckets), `each source's S3 gateway endpoint (these ${gatewayBuckets.length} buckets)`);
    if (problem !== undefined) problems.push({ key: "sourceS3GatewayEndpoint.buckets", message: problem });
  }
  return problems;
}

function toSettings(f: Fields): Omit<Settings, "secretKeys"> {
  const zones = (names: readonly string[] | undefined): AvailabilityZoneChoice =>
    names !== undefined ? { names } : { count: f.availabilityZoneCount };
  const vpcOf = (adopt: Fields["sourceVpc"], cidr: string, names: readonly string[] | undefined): SourceSettings["vpc"] =>
    adopt !== undefined
      ? { kind: "adopt", vpcId: adopt.vpcId, vpcCidr: adopt.cidrBlock, routeTableIds: adopt.routeTableIds, subnetIds: adopt.subnetIds }
      : { kind: "create", vpcCidr: cidr, subnetPrefixLength: f.subnetPrefixLength, availabilityZones: zones(names) };
  // The package-repository endpoint: on by default where the program creates the VPC; an adopted VPC may have its own.
  const repositories = (region: string, adopted: boolean) =>
    (f.sourceS3GatewayEndpoint.enabled ?? !adopted) ? (f.sourceS3GatewayEndpoint.buckets ?? packageRepositoryBuckets(region)) : undefined;
  const sources: SourceSettings[] =
    f.sources !== undefined
      ? f.sources.map((s) => ({
          name: s.name,
          region: s.region,
          vpc: vpcOf(s.vpc, s.vpcCidr ?? "", s.availabilityZones),
          s3GatewayBuckets: repositories(s.region, s.vpc !== undefined),
          flowLogsKmsKeyArn: s.flowLogsKmsKeyArn,
          provider: s.provider,
        }))
      : [
          {
            name: "",
            region: f.sourceRegion as string,
            vpc: vpcOf(f.sourceVpc, f.sourceVpcCidr, f.sourceAvailabilityZones),
            s3GatewayBuckets: repositories(f.sourceRegion as string, f.sourceVpc !== undefined),
            flowLogsKmsKeyArn: f.flowLogs.sourceKmsKeyArn,
            provider: f.sourceProvider,
          },
        ];
  return {
    drRegion: f.drRegion,
    sources,
    drProvider: f.drProvider,
    staging: {
      vpcCidr: f.stagingVpcCidr,
      subnetPrefixLength: f.subnetPrefixLength,
      availabilityZones: zones(f.stagingAvailabilityZones),
    },
    tags: f.tags,
    drsDnsMode: f.drsDnsMode,
    s3EndpointBuckets: [...drsBuckets(f.drRegion), ...f.s3EndpointExtraBuckets],
    replication: f.replication.enabled
      ? {
          initializeService: f.replication.initializeService,
          failback: f.replication.failback,
          templateId: f.replication.templateId,
          instanceType: f.replication.instanceType,
          pitRetentionDays: f.replication.pitRetentionDays,
          ebsKmsKeyArn: f.replication.ebsKmsKeyArn,
          stagingDiskType: f.replication.stagingDiskType,
          bandwidthThrottlingMbps: f.replication.bandwidthThrottlingMbps,
          useDedicatedReplicationServer: f.replication.useDedicatedReplicationServer,
          stagingAreaTags: f.replication.stagingAreaTags,
        }
      : undefined,
    flowLogs: f.flowLogs.enabled
      ? { retentionDays: f.flowLogs.retentionDays, stagingKmsKeyArn: f.flowLogs.stagingKmsKeyArn, createKeys: f.flowLogs.kms === "create" }
      : undefined,
    stagingNetworkAcl: f.stagingNetworkAcl,
    quotaIncreases: f.quotaIncreases,
    agentRollout: f.agentRollout.enabled
      ? {
          targetTag: { key: f.agentRollout.targetTagKey, value: f.agentRollout.targetTagValue },
          maxConcurrency: f.agentRollout.maxConcurrency,
          maxErrors: f.agentRollout.maxErrors,
          schedule: f.agentRollout.schedule,
          logRetentionDays: f.agentRollout.logRetentionDays,
          ec2MessagesEndpoint: f.agentRollout.ec2MessagesEndpoint,
          adoptedVpcEndpoints: f.agentRollout.adoptedVpcEndpoints,
          marketplaceAmis: f.agentRollout.marketplaceAmis,
        }
      : undefined,
  };
}

/**
 * A config object as Pulumi holds it: full `<project>:<key>` names (keys without a namespace are the project's),
 * strings as they are, anything else as JSON. The inverse of `projectConfig`.
 */
export function toPulumiConfig(config: Readonly<Record<string, unknown>>, project: string): Record<string, string> {
  if (config === null || typeof config !== "object" || Array.isArray(config)) throw new Error("config must be an object of keys");
  // The key rule of `pulumi config set` (which the Automation API's setAllConfig runs): lib/pulumiProject.ts stackKey.
  const keys = Object.keys(config).map((key) => ({ key, parsed: stackKey(project, key) }));
  const bad = keys.flatMap(({ parsed }) => ("problem" in parsed ? [parsed.problem] : []));
  if (bad.length > 0) throw new Error(bad.join("; "));
  return Object.fromEntries(keys.map(({ key, parsed }) => [(parsed as { full: string }).full, typeof config[key] === "string" ? (config[key] as string) : JSON.stringify(config[key])]));
}

/** The project's keys of a Pulumi config, without the `<project>:` prefix: what `parseSettings` takes. */
export function projectConfig<T>(config: Readonly<Record<string, T>>, project: string): Record<string, T> {
  const prefix = `${project}:`;
  return Object.fromEntries(Object.entries(config).filter(([key]) => key.startsWith(prefix)).map(([key, value]) => [key.slice(prefix.length), value]));
}

/** Pulumi config holds strings; structured keys hold JSON. A value that is not JSON is left for the schema to reject. */
function decode(key: ConfigKey, value: unknown): unknown {
  if (typeof value !== "string" || !STRUCTURED_KEYS.includes(key)) {
    return value;
  }
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function describe(value: unknown, message: string): string {
  if (value === undefined || message.startsWith("is required")) {
    return message.startsWith("is required") ? message : `is required: ${message}`;
  }
  // An empty value says so rather than quote "" (a stack file's `key:` with nothing after it is "").
  if (value === "" && message.startsWith("is ")) return `is empty: ${message.slice(3)}`;
  const shown = value === SECRET ? SECRET_PLACEHOLDER : JSON.stringify(value);
  // A long object (50 tags, say) is shown by its start: the message says what is wrong with the whole.
  return `${shown.length > 120 ? `${shown.slice(0, 100)}...` : shown} ${message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}
