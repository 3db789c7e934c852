/**
 * DR readiness as code (issue 25): every decision of components/readiness/, as data. Pure: no Pulumi.
 *
 * - Three CloudWatch alarms, each on a Metrics Insights query over DRS's namespace, so that one alarm covers every
 *   source server, those replicating now and those added later ("the alarm automatically adjusts as resources are
 *   added to or removed from your monitored group",
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html): the largest
 *   replication lag over the RPO, the largest backlog growing, the oldest successful drill older than its limit.
 * - Three EventBridge rules on DRS's own events (source `aws.drs`, detail types as the EventBridge events reference
 *   lists them, https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-drs.html), each with an input
 *   transformer that turns the event into one line: which server (the event's `resources[0]`, the ARN that ends in
 *   its id: DRS's events carry no id field of their own) and what state.
 * - The topic's access policy (EventBridge and CloudWatch may publish, for these rules and alarms of this account
 *   only) and its customer-managed key's policy (the statement AWS documents for services that publish to encrypted
 *   topics, https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 *
 * Metric names and units: "Amazon CloudWatch Metrics for DRS",
 * https://docs.aws.amazon.com/drs/latest/userguide/monitoring-event-bridge-metrics.html (LagDuration: the age of the
 * latest consistent snapshot, in seconds; Backlog: data yet to be synced, in bytes;
 * DurationSinceLastSuccessfulRecoveryLaunch: time since the last drill or recovery launch, in seconds).
 */
import { createHash } from "node:crypto";

/** Ranges and defaults of `readiness.rpoMinutes` and `readiness.drillMaxAgeDays` (settings/readinessSchema.ts). */
export const READINESS_LIMITS = {
  /** One minute to a day. */
  rpoMinutes: { min: 1, max: 1440, default: 15 },
  /** A day to a year; 90 days is a drill a quarter. */
  drillMaxAgeDays: { min: 1, max: 365, default: 90 },
} as const;

/** DRS's CloudWatch namespace. */
export const DRS_NAMESPACE = "AWS/DRS";

/**
 * What the queries read: the whole namespace, every dimension set in it. Not `SCHEMA("AWS/DRS", SourceServerID)`:
 * SCHEMA matches only metrics with exactly that dimension set, and AWS's DRS guide names no dimension, so a wrong
 * name there would match nothing, and with missing data "not breaching" the alarm would stay green for ever. Every
 * query takes MAX, which a namespace-wide match cannot raise above the worst server's value.
 */
export const DRS_METRICS_SOURCE = `"${DRS_NAMESPACE}"`;

/** The three metrics the alarms read (DRS's guide, above). */
export const DRS_METRICS = {
  lag: "LagDuration",
  backlog: "Backlog",
  drillAge: "DurationSinceLastSuccessfulRecoveryLaunch",
} as const;

/** A Metrics Insights query: the largest value of `metric` across every source server. */
export function maxAcrossServers(metric: string): string {
  return `SELECT MAX(${metric}) FROM ${DRS_METRICS_SOURCE}`;
}

/** Seconds in a minute and a day: LagDuration and DurationSinceLastSuccessfulRecoveryLaunch are in seconds. */
const MINUTE = 60;
const DAY = 86_400;

/** The alarms' thresholds, in the metrics' units. */
export function readinessThresholds(settings: { readonly rpoMinutes: number; readonly drillMaxAgeDays: number }) {
  return {
    /** LagDuration above the RPO. */
    lagSeconds: settings.rpoMinutes * MINUTE,
    /** Backlog growing: any rise, in bytes, from one period to the next. */
    backlogGrowthBytes: 0,
    /** DurationSinceLastSuccessfulRecoveryLaunch above the drill age. */
    drillAgeSeconds: settings.drillMaxAgeDays * DAY,
  };
}

/**
 * The periods (seconds). Metrics Insights alarms evaluate the latest 3 hours of data only
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html), so period x evaluation periods
 * stays within 10,800 seconds. Five minutes for lag and backlog (DRS's guide gives no publishing interval; a metric
 * published every minute or every five fills each such period); an hour for drill age, which moves by the day.
 */
export const READINESS_PERIODS = { lag: 300, backlog: 300, drillAge: 3600 } as const;

/** How many consecutive periods must breach: the backlog must rise in each of three (fifteen minutes). */
export const BACKLOG_RISING_PERIODS = 3;

/** CloudWatch's longest window for a Metrics Insights alarm, in seconds. */
export const METRICS_INSIGHTS_ALARM_WINDOW = 3 * 3600;

/**
 * Missing data is not breaching, for all three: with no source server yet (or none replicating) DRS publishes nothing,
 * and that is no failure, so the alarms must stay OK; and when a lagging server is removed the alarm returns to OK and
 * says so, where "missing" would leave it in INSUFFICIENT_DATA with no OK notification. The one thing this cannot
 * see, a server whose metrics stop altogether, is what the stalled-replication rule reports.
 */
export const TREAT_MISSING_DATA = "notBreaching";

/** Logical keys of the alarms and rules: part of their resources' logical names, so stable. */
export const ALARM_KEYS = ["lag", "backlog", "drill-age"] as const;
export const RULE_KEYS = ["replication-stalled", "launch-result", "failback-state"] as const;
export type AlarmKey = (typeof ALARM_KEYS)[number];
export type RuleKey = (typeof RULE_KEYS)[number];

/** The names of everything the readiness component makes, from a prefix unique to the stack (`drs-<stack>`). */
export interface ReadinessNames {
  readonly topic: string;
  readonly alarms: Readonly<Record<AlarmKey, string>>;
  readonly rules: Readonly<Record<RuleKey, string>>;
}

/** EventBridge rule names: 1 to 64 of `.-_A-Za-z0-9` (EventBridge PutRule, Name). */
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
/** SNS topic names: 1 to 256 of `A-Za-z0-9_-` (CreateTopic, Name). */
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;

/** Every name, checked against AWS's rules: a prefix that breaks them is an error that names the limit. */
export function readinessNames(prefix: string): ReadinessNames {
  const names = namesOf(prefix);
  const problem = namesProblem(names, prefix);
  if (problem !== undefined) throw new Error(problem);
  return names;
}

/** The readiness resources' name prefix in a stack: `drs-<stack>`, unique to the stack in its account and region. */
export const readinessPrefix = (stack: string) => `drs-${stack}`;

/**
 * Why AWS would refuse the readiness names of a stack, or `undefined`: checked before anything is declared, as the
 * message of the `readiness` key (the longest rule name, `drs-<stack>-drs-replication-stalled`, must fit 64).
 */
export function readinessStackProblem(stack: string): string | undefined {
  const names = namesOf(readinessPrefix(stack));
  if (namesProblem(names, readinessPrefix(stack)) === undefined) return undefined;
  const longest = Math.max(...Object.values(names.rules).map((r) => r.length - stack.length));
  return (
    `is enabled, but the stack name ${JSON.stringify(stack)} does not fit the readiness rules' names (EventBridge takes 1 to 64 of . - _ A-Z a-z 0-9, ` +
    `e.g. ${names.rules["replication-stalled"]}): use a stack name of at most ${64 - longest} of those characters`
  );
}

function namesOf(prefix: string): ReadinessNames {
  return {
    topic: `${prefix}-readiness`,
    alarms: { lag: `${prefix}-replication-lag-over-rpo`, backlog: `${prefix}-replication-backlog-growing`, "drill-age": `${prefix}-drill-overdue` },
    rules: { "replication-stalled": `${prefix}-drs-replication-stalled`, "launch-result": `${prefix}-drs-launch-result`, "failback-state": `${prefix}-drs-failback-state` },
  };
}

function namesProblem(names: ReadinessNames, prefix: string): string | undefined {
  const rule = Object.values(names.rules).find((r) => !RULE_NAME.test(r));
  if (rule !== undefined) return `the readiness rule name ${rule} is not one EventBridge takes (1 to 64 of . - _ A-Z a-z 0-9): give a shorter prefix than ${prefix}`;
  if (!TOPIC_NAME.test(names.topic)) return `the readiness topic name ${names.topic} is not one SNS takes (1 to 256 of A-Z a-z 0-9 _ -)`;
  return undefined;
}

/** One query of an alarm: a Metrics Insights query (with its period), or math over another query's result. */
export interface AlarmQuery {
  readonly id: string;
  readonly expression: string;
  readonly label: string;
  readonly period?: number;
  readonly returnData: boolean;
}

/** One alarm, as `aws.cloudwatch.MetricAlarm` takes it, but for its actions (the topic's ARN). */
export interface AlarmDefinition {
  readonly key: AlarmKey;
  readonly name: string;
  readonly alarmDescription: string;
  readonly comparisonOperator: "GreaterThanThreshold";
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: typeof TREAT_MISSING_DATA;
  readonly metricQueries: readonly AlarmQuery[];
}

/** The three alarms, thresholds in the metrics' units, in `ALARM_KEYS` order. */
export function alarmDefinitions(settings: { readonly rpoMinutes: number; readonly drillMaxAgeDays: number }, names: ReadinessNames): AlarmDefinition[] {
  const t = readinessThresholds(settings);
  const common = { comparisonOperator: "GreaterThanThreshold", treatMissingData: TREAT_MISSING_DATA } as const;
  return [
    {
      ...common,
      key: "lag",
      name: names.alarms.lag,
      alarmDescription:
        `A DRS source server's replication lag (LagDuration, the age of its latest consistent snapshot) is over the RPO of ${settings.rpoMinutes} min (${t.lagSeconds} s). ` +
        "See which server: aws drs describe-source-servers (dataReplicationInfo.lagDuration).",
      threshold: t.lagSeconds,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      metricQueries: [{ id: "lag", expression: maxAcrossServers(DRS_METRICS.lag), label: "Largest LagDuration (s)", period: READINESS_PERIODS.lag, returnData: true }],
    },
    {
      ...common,
      key: "backlog",
      name: names.alarms.backlog,
      alarmDescription:
        `The largest DRS replication backlog (Backlog, bytes yet to be synced) grew in each of ${BACKLOG_RISING_PERIODS} consecutive ${READINESS_PERIODS.backlog / 60}-minute periods: ` +
        "a server is writing faster than it replicates, and its lag will follow.",
      threshold: t.backlogGrowthBytes,
      evaluationPeriods: BACKLOG_RISING_PERIODS,
      datapointsToAlarm: BACKLOG_RISING_PERIODS,
      metricQueries: [
        { id: "backlog", expression: maxAcrossServers(DRS_METRICS.backlog), label: "Largest Backlog (bytes)", period: READINESS_PERIODS.backlog, returnData: false },
        { id: "growth", expression: "DIFF(backlog)", label: "Growth of the largest Backlog (bytes per period)", returnData: true },
      ],
    },
    {
      ...common,
      key: "drill-age",
      name: names.alarms["drill-age"],
      alarmDescription:
        `A DRS source server has had no successful drill or recovery launch for over ${settings.drillMaxAgeDays} days (${t.drillAgeSeconds} s, ` +
        "DurationSinceLastSuccessfulRecoveryLaunch): run a drill (aws drs start-recovery --is-drill).",
      threshold: t.drillAgeSeconds,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      metricQueries: [
        { id: "drillage", expression: maxAcrossServers(DRS_METRICS.drillAge), label: "Longest time since a successful launch (s)", period: READINESS_PERIODS.drillAge, returnData: true },
      ],
    },
  ];
}

/**
 * DRS's events that reach the topic, by rule: the exact detail types of the EventBridge events reference (above),
 * whose sample events (the DRS user guide's "Sample events for Elastic Disaster Recovery") carry `detail.state`:
 * STALLED / NOT_STALLED; RECOVERY_LAUNCH_SUCCEEDED / RECOVERY_LAUNCH_FAILED with `job-id` and `is-drill`;
 * FAILBACK_IN_PROGRESS / FAILBACK_COMPLETED / FAILBACK_ERROR. Every state is sent, not only failures: the return to
 * NOT_STALLED and a drill's success are what close an incident and reset the drill clock.
 */
export const DRS_EVENT_DETAIL_TYPES: Readonly<Record<RuleKey, string>> = {
  "replication-stalled": "DRS Source Server Data Replication Stalled Change",
  "launch-result": "DRS Source Server Launch Result",
  "failback-state": "DRS Recovery Instance Failback State Change",
};

/** An EventBridge event pattern. */
export interface EventPattern {
  readonly source: readonly string[];
  readonly "detail-type": readonly string[];
}

/** The event pattern of a rule: DRS's events of that one detail type. */
export function eventPattern(key: RuleKey): EventPattern {
  return { source: ["aws.drs"], "detail-type": [DRS_EVENT_DETAIL_TYPES[key]] };
}

/** An input transformer: JSON paths into the event, and the message made of them. */
export interface InputTransformer {
  readonly inputPaths: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
}

/**
 * The message of each rule. The server is `resources[0]` (a source server's ARN, `.../source-server/s-...`, or for
 * failback the recovery instance's, `.../recovery-instance/ri-...`): an input transformer can only copy values, and
 * the id is the ARN's last part. A string template is a JSON string, quotes included (EventBridge's input
 * transformer rule for a text output).
 */
export function inputTransformer(key: RuleKey): InputTransformer {
  const common = { server: "$.resources[0]", state: "$.detail.state", time: "$.time", region: "$.region", account: "$.account" };
  const where = "in account <account>, <region>, at <time>";
  switch (key) {
    case "replication-stalled":
      return { inputPaths: common, inputTemplate: `"DRS replication ${where}: <server> is <state> (STALLED: replication has stopped; NOT_STALLED: it works again)."` };
    case "launch-result":
      return {
        inputPaths: { ...common, jobId: "$.detail.job-id", isDrill: "$.detail.is-drill" },
        inputTemplate: `"DRS launch ${where}: <server> is <state> (drill: <isDrill>, job <jobId>)."`,
      };
    case "failback-state":
      return { inputPaths: common, inputTemplate: `"DRS failback ${where}: recovery instance <server> is <state>."` };
  }
}

/** An alarm's ARN (CloudWatch's form), for the topic policy's conditions. */
export function alarmArn(region: string, accountId: string, alarmName: string): string {
  return `arn:aws:cloudwatch:${region}:${accountId}:alarm:${alarmName}`;
}

/** A rule's ARN on the default event bus, where AWS services' events arrive. */
export function ruleArn(region: string, accountId: string, ruleName: string): string {
  return `arn:aws:events:${region}:${accountId}:rule/${ruleName}`;
}

/**
 * The topic's access policy: EventBridge may publish for these rules only, CloudWatch for these alarms only, each
 * only on behalf of this account (aws:SourceArn and aws:SourceAccount: the confused-deputy conditions). It replaces
 * the topic's default policy; the account's own principals keep what their IAM policies give them.
 */
export function topicPolicy(input: { readonly topicArn: string; readonly region: string; readonly accountId: string; readonly names: ReadinessNames }): string {
  const { topicArn, region, accountId, names } = input;
  const publish = (sid: string, service: string, sourceArns: string[]) => ({
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: service },
    Action: "sns:Publish",
    Resource: topicArn,
    Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnEquals: { "aws:SourceArn": sourceArns } },
  });
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      publish("DrsEventRulesPublish", "events.amazonaws.com", RULE_KEYS.map((k) => ruleArn(region, accountId, names.rules[k]))),
      publish("ReadinessAlarmsPublish", "cloudwatch.amazonaws.com", ALARM_KEYS.map((k) => alarmArn(region, accountId, names.alarms[k]))),
    ],
  });
}

/**
 * The topic key's policy: the account administers it through IAM, and CloudWatch and EventBridge may use it to
 * publish (kms:GenerateDataKey*, kms:Decrypt), as AWS documents for services that publish to encrypted topics
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services). No source
 * condition on the services' statement: AWS's statement has none, and a condition the service's KMS request does not
 * carry drops every notification without an error. The key encrypts this one topic and nothing else, and who may
 * publish to the topic is the topic policy's decision, where the conditions are.
 */
export function topicKeyPolicy(accountId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "AccountAdministersTheKey", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" },
      {
        Sid: "AlarmsAndEventRulesPublishToTheTopic",
        Effect: "Allow",
        Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
      },
    ],
  });
}

/**
 * A stable key for an email subscription's logical name: the address's hash, so that reordering the list (or adding
 * one) replaces no subscription, which would mean confirming it again; the address itself stays out of the URN.
 */
export function emailSubscriptionKey(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 10);
}
