/**
 * `CONFIG_SCHEMA`: every config key the program reads, one entry per key (zod), with its default (defaults.ts), in
 * the order the config table of the documentation lists them (a test keeps the two in step). Built from the shared
 * field schemas of fields.ts; each message completes the sentence "<key>: <value> ...". Sources: AWS's and Systems
 * Manager's rules, cited where they are checked.
 */
import { z } from "zod";
import { vpcBlockProblem } from "../lib/cidr";
import { BGP_ASN, customerGatewayIpProblem, EXTERNAL_DNS_MODES, externalBlockProblem } from "../lib/external";
import { regionProblem } from "../lib/regions";
import { associationScheduleProblem } from "./associationSchedule";
import { failback } from "./failbackSchema";
import { estimateSchema } from "./estimateSchema";
import { readiness } from "./readinessSchema";
import { recovery } from "./recoverySchema";
import { PROGRAM_TAG_KEY_SETS } from "./awsLimits";
import { DEFAULTS, DRS_DNS_MODES, LOG_RETENTION_DAYS, QUOTA_INCREASE_MODES } from "./defaults";
import {
  adoptedVpc,
  awsId,
  bucketList,
  check,
  flag,
  kmsKeyArn,
  numberField,
  prefixLength,
  providerSettings,
  rateControl,
  tagMap,
  vpcCidr,
  wholeNumber,
  zoneCount,
  zoneList,
} from "./fields";

/** The default tags of every resource. */
const tags = tagMap(PROGRAM_TAG_KEY_SETS);

/** `replication`: DRS's replication settings, when the program manages replication. */
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

/** `flowLogs`: flow logs on every VPC the program creates, and their KMS keys. */
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

/** `agentRollout`: the DRS agent's rollout through Systems Manager. */
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

/** `sourceS3GatewayEndpoint`: each source VPC's S3 gateway endpoint to the OS package repositories. */
const sourceS3GatewayEndpoint = z
  .strictObject({ enabled: flag.optional(), buckets: bucketList.optional() }, { error: "must be an object: { enabled?, buckets? }" })
  .prefault({});

/** A source name: part of the logical names of its resources, so it must stay the same for the source's life. */
const SOURCE_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/** How an external source's network reaches the staging VPC: exactly one of the three (rules/external.ts checks that). */
const externalConnection = z.strictObject(
  {
    transitGatewayId: awsId("tgw").optional(),
    vpnGatewayId: awsId("vgw").optional(),
    siteToSiteVpn: z
      .strictObject(
        {
          customerGatewayIp: z.string({ error: "must be a string" }).superRefine(check(customerGatewayIpProblem)),
          bgpAsn: wholeNumber(BGP_ASN.min, BGP_ASN.max).default(65000),
          staticRoutes: flag.default(false),
        },
        { error: "must be an object: { customerGatewayIp, bgpAsn?, staticRoutes? }" },
      )
      .optional(),
  },
  { error: "must be an object with one of transitGatewayId, vpnGatewayId or siteToSiteVpn" },
);

/** `sources[].external`: a network outside AWS (a data centre, another cloud), in the DR region's view. */
const externalSource = z.strictObject(
  {
    cidrBlocks: z
      .array(z.string({ error: "must be a string" }).superRefine(check(externalBlockProblem)), { error: "must be a list of IPv4 blocks" })
      .min(1, { error: "must list at least one block: the servers' networks" })
      .max(20, { error: "lists more than 20 blocks: give their summaries" }),
    connection: externalConnection,
    dns: z.enum(EXTERNAL_DNS_MODES, { error: `must be ${EXTERNAL_DNS_MODES.map((m) => JSON.stringify(m)).join(" or ")}` }).default("endpoint-flag"),
  },
  { error: "must be an object: { cidrBlocks, connection, dns? }" },
);

/** One entry of `sources`: a VPC to create (`vpcCidr`) or to adopt (`vpc`), or a network outside AWS (`external`). */
const sourceEntry = z.strictObject(
  {
    name: z.string({ error: "is required: a short name, e.g. app" }).regex(SOURCE_NAME, { error: "is not a source name: a lowercase letter, then up to 19 lowercase letters, digits or hyphens" }),
    region: z.string({ error: "must be a string" }).superRefine(check((r) => regionProblem(r, "source"))).optional(),
    vpcCidr: z.string({ error: "must be a string" }).superRefine(check(vpcBlockProblem)).optional(),
    vpc: adoptedVpc.optional(),
    availabilityZones: zoneList.optional(),
    flowLogsKmsKeyArn: kmsKeyArn.optional(),
    provider: providerSettings.optional(),
    external: externalSource.optional(),
  },
  { error: "must be an object: { name, region, vpcCidr } to create a VPC, { name, region, vpc } to adopt one, or { name, external } for a network outside AWS" },
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
  recovery,
  failback,
  readiness,
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
  estimate: estimateSchema.optional(),
} as const;

/** A config key of this program. */
export type ConfigKey = keyof typeof CONFIG_SCHEMA;

/** The value of every key once its schema has parsed it: what the cross-field rules and toSettings read. */
export type Fields = { [K in ConfigKey]: z.output<(typeof CONFIG_SCHEMA)[K]> };
