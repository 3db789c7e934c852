/**
 * DR readiness monitoring: the pure decisions of lib/readiness.ts, and components/readiness/ under the mocks with an
 * explicit DR-region provider: the encrypted topic, its policies' conditions, a subscription per email, nothing made
 * for a given topic, the rules' exact event patterns and the alarms' exact queries and thresholds.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { Readiness } from "../components/readiness";
import {
  alarmDefinitions,
  emailSubscriptionKey,
  eventPattern,
  inputTransformer,
  maxAcrossServers,
  METRICS_INSIGHTS_ALARM_WINDOW,
  readinessNames,
  readinessStackProblem,
  readinessThresholds,
  topicKeyPolicy,
  topicPolicy,
} from "../lib/readiness";
import type { ReadinessSettings } from "../settings/readinessSchema";
import { FAKE_ACCOUNT } from "../synth/awsMocks";
import { named, ofType, runMocked, SynthResource } from "../synth/run";

const REGION = "eu-west-2";
const PREFIX = "drs-test";
const EMAILS = ["dr-team@example.com", "oncall@example.org"];
const GIVEN_TOPIC = `arn:aws:sns:${REGION}:${FAKE_ACCOUNT}:existing-dr-alerts`;

const TYPES = {
  key: "aws:kms/key:Key",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  rule: "aws:cloudwatch/eventRule:EventRule",
  target: "aws:cloudwatch/eventTarget:EventTarget",
} as const;

/** The alarms, exactly: AWS's metric names, the queries, thresholds in the metrics' units (RPO 15 min, 90 days). */
const EXPECTED_ALARMS = [
  {
    name: `${PREFIX}-replication-lag-over-rpo`,
    threshold: 900,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    metricQueries: [{ id: "lag", expression: 'SELECT MAX(LagDuration) FROM "AWS/DRS"', label: "Largest LagDuration (s)", period: 300, returnData: true }],
  },
  {
    name: `${PREFIX}-replication-backlog-growing`,
    threshold: 0,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    metricQueries: [
      { id: "backlog", expression: 'SELECT MAX(Backlog) FROM "AWS/DRS"', label: "Largest Backlog (bytes)", period: 300, returnData: false },
      { id: "growth", expression: "DIFF(backlog)", label: "Growth of the largest Backlog (bytes per period)", returnData: true },
    ],
  },
  {
    name: `${PREFIX}-drill-overdue`,
    threshold: 7_776_000,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    metricQueries: [
      {
        id: "drillage",
        expression: 'SELECT MAX(DurationSinceLastSuccessfulRecoveryLaunch) FROM "AWS/DRS"',
        label: "Longest time since a successful launch (s)",
        period: 3600,
        returnData: true,
      },
    ],
  },
];

/** The rules' event patterns, exactly: AWS's detail types for DRS. */
const EXPECTED_PATTERNS = {
  [`${PREFIX}-drs-replication-stalled`]: { source: ["aws.drs"], "detail-type": ["DRS Source Server Data Replication Stalled Change"] },
  [`${PREFIX}-drs-launch-result`]: { source: ["aws.drs"], "detail-type": ["DRS Source Server Launch Result"] },
  [`${PREFIX}-drs-failback-state`]: { source: ["aws.drs"], "detail-type": ["DRS Recovery Instance Failback State Change"] },
};

const SETTINGS: ReadinessSettings = { rpoMinutes: 15, drillMaxAgeDays: 90, notify: { kind: "emails", emails: EMAILS } };

function declare(settings: ReadinessSettings = SETTINGS, secretAccount = false) {
  return runMocked(() => {
    const provider = new aws.Provider("aws-dr", { region: REGION });
    const readiness = new Readiness("readiness", { settings, region: REGION, namePrefix: PREFIX, provider, secretAccount });
    return {
      topicArn: readiness.topicArn,
      alarmNames: readiness.alarmNames,
      ruleNames: readiness.ruleNames,
      topicKeyArn: readiness.topicKeyArn,
      givenTopicPolicy: readiness.givenTopicPolicy,
    };
  });
}

const policyOf = (r: SynthResource) => JSON.parse(String(r.inputs.policy));
/** A secret as the mocks receive it: Pulumi's secret signature around the value. */
const isSecretValue = (v: unknown) => typeof v === "object" && v !== null && (v as Record<string, unknown>)["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270";

describe("DR readiness (lib/readiness.ts)", () => {
  it("puts thresholds in the metrics' units: seconds for lag and drill age, bytes for backlog growth", () => {
    assert.deepEqual(readinessThresholds({ rpoMinutes: 15, drillMaxAgeDays: 90 }), { lagSeconds: 900, backlogGrowthBytes: 0, drillAgeSeconds: 7_776_000 });
    assert.deepEqual(readinessThresholds({ rpoMinutes: 1, drillMaxAgeDays: 1 }), { lagSeconds: 60, backlogGrowthBytes: 0, drillAgeSeconds: 86_400 });
    assert.deepEqual(readinessThresholds({ rpoMinutes: 1440, drillMaxAgeDays: 365 }), { lagSeconds: 86_400, backlogGrowthBytes: 0, drillAgeSeconds: 31_536_000 });
  });

  it("keeps every alarm's evaluation within the 3 hours a Metrics Insights alarm may read, and missing data not breaching", () => {
    for (const alarm of alarmDefinitions({ rpoMinutes: 15, drillMaxAgeDays: 90 }, readinessNames(PREFIX))) {
      const period = alarm.metricQueries.find((q) => q.period !== undefined)?.period ?? 0;
      assert.ok(period * alarm.evaluationPeriods <= METRICS_INSIGHTS_ALARM_WINDOW, alarm.name);
      assert.equal(period % 60, 0, "a standard-resolution period is a whole number of minutes");
      assert.equal(alarm.treatMissingData, "notBreaching", "no source server yet must not alarm");
      assert.equal(alarm.metricQueries.filter((q) => q.returnData).length, 1, "exactly one query is the alarm's");
    }
  });

  it("queries the worst server of the whole DRS namespace", () => {
    assert.equal(maxAcrossServers("LagDuration"), 'SELECT MAX(LagDuration) FROM "AWS/DRS"');
  });

  it("names every resource from the prefix, and refuses a prefix too long for EventBridge's 64 characters", () => {
    assert.deepEqual(readinessNames("drs-prod"), {
      topic: "drs-prod-readiness",
      alarms: { lag: "drs-prod-replication-lag-over-rpo", backlog: "drs-prod-replication-backlog-growing", "drill-age": "drs-prod-drill-overdue" },
      rules: { "replication-stalled": "drs-prod-drs-replication-stalled", "launch-result": "drs-prod-drs-launch-result", "failback-state": "drs-prod-drs-failback-state" },
    });
    assert.throws(() => readinessNames(`drs-${"x".repeat(40)}`), /is not one EventBridge takes \(1 to 64 of/);
    assert.throws(() => readinessNames("drs prod"), /is not one EventBridge takes/);
  });

  it("refuses, as the readiness key's problem, a stack name too long for the rules' names, and takes one that fits", () => {
    assert.equal(readinessStackProblem("x".repeat(36)), undefined);
    assert.equal(
      readinessStackProblem("x".repeat(37)),
      `is enabled, but the stack name "${"x".repeat(37)}" does not fit the readiness rules' names (EventBridge takes 1 to 64 of . - _ A-Z a-z 0-9, ` +
        `e.g. drs-${"x".repeat(37)}-drs-replication-stalled): use a stack name of at most 36 of those characters`,
    );
  });

  it("matches DRS's events by source and exact detail type, and tells which server and what state", () => {
    assert.deepEqual(eventPattern("launch-result"), { source: ["aws.drs"], "detail-type": ["DRS Source Server Launch Result"] });
    const launch = inputTransformer("launch-result");
    assert.deepEqual(launch.inputPaths, {
      server: "$.resources[0]",
      state: "$.detail.state",
      time: "$.time",
      region: "$.region",
      account: "$.account",
      jobId: "$.detail.job-id",
      isDrill: "$.detail.is-drill",
    });
    for (const key of ["replication-stalled", "launch-result", "failback-state"] as const) {
      const t = inputTransformer(key);
      assert.match(t.inputTemplate, /^".*<server>.*<state>.*"$/, key);
      for (const placeholder of t.inputTemplate.match(/<[a-zA-Z]+>/g) ?? []) assert.ok(placeholder.slice(1, -1) in t.inputPaths, `${key}: ${placeholder}`);
      assert.equal(t.inputTemplate.slice(1, -1).includes('"'), false, `${key}: the text is one JSON string`);
    }
  });

  it("lets each service publish for this stack's rules and alarms of this account only", () => {
    const topicArn = `arn:aws:sns:${REGION}:111111111111:t`;
    assert.deepEqual(JSON.parse(topicPolicy({ topicArn, region: REGION, accountId: "111111111111", names: readinessNames("p") })), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DrsEventRulesPublish",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sns:Publish",
          Resource: topicArn,
          Condition: {
            StringEquals: { "aws:SourceAccount": "111111111111" },
            ArnEquals: {
              "aws:SourceArn": [
                "arn:aws:events:eu-west-2:111111111111:rule/p-drs-replication-stalled",
                "arn:aws:events:eu-west-2:111111111111:rule/p-drs-launch-result",
                "arn:aws:events:eu-west-2:111111111111:rule/p-drs-failback-state",
              ],
            },
          },
        },
        {
          Sid: "ReadinessAlarmsPublish",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: topicArn,
          Condition: {
            StringEquals: { "aws:SourceAccount": "111111111111" },
            ArnEquals: {
              "aws:SourceArn": [
                "arn:aws:cloudwatch:eu-west-2:111111111111:alarm:p-replication-lag-over-rpo",
                "arn:aws:cloudwatch:eu-west-2:111111111111:alarm:p-replication-backlog-growing",
                "arn:aws:cloudwatch:eu-west-2:111111111111:alarm:p-drill-overdue",
              ],
            },
          },
        },
      ],
    });
  });

  it("gives the key to the account to administer and to CloudWatch and EventBridge to publish with", () => {
    assert.deepEqual(JSON.parse(topicKeyPolicy("111111111111")), {
      Version: "2012-10-17",
      Statement: [
        { Sid: "AccountAdministersTheKey", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" },
        {
          Sid: "AlarmsAndEventRulesPublishToTheTopic",
          Effect: "Allow",
          Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
          Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
          Resource: "*",
        },
      ],
    });
  });

  it("keys an email subscription by its address, whatever its case or its place in the list", () => {
    assert.equal(emailSubscriptionKey("DR-Team@Example.com"), emailSubscriptionKey("dr-team@example.com"));
    assert.notEqual(emailSubscriptionKey("a@example.com"), emailSubscriptionKey("b@example.com"));
    assert.match(emailSubscriptionKey("a@example.com"), /^[0-9a-f]{10}$/);
  });
});

describe("DR readiness (components/readiness)", function () {
  this.timeout(60_000);

  describe("with emails: the program's encrypted topic", () => {
    let result: Awaited<ReturnType<typeof declare>>;
    before(async () => {
      result = await declare();
    });

    it("declares everything in the DR region, under the component", () => {
      const custom = result.resources.filter((r) => r.custom && r.type !== "pulumi:providers:aws");
      assert.deepEqual([...new Set(custom.map((r) => r.type))].sort(), Object.values(TYPES).sort());
      for (const r of custom) {
        assert.equal(r.region, REGION, r.name);
        assert.ok(r.urn.includes("drs-secured-network:readiness:Readiness$"), `${r.name}: ${r.urn}`);
      }
    });

    it("encrypts the topic with its own rotating customer-managed key, whose policy lets CloudWatch and EventBridge publish", () => {
      const key = named(result.resources, "readiness-topic-key");
      assert.deepEqual([key.inputs.enableKeyRotation, key.inputs.deletionWindowInDays], [true, 30]);
      assert.deepEqual(policyOf(key), JSON.parse(topicKeyPolicy(FAKE_ACCOUNT)));
      const topic = named(result.resources, "readiness-topic");
      assert.equal(topic.inputs.name, `${PREFIX}-readiness`);
      assert.equal(topic.inputs.kmsMasterKeyId, key.state.arn);
      assert.match(String(topic.inputs.kmsMasterKeyId), /^arn:aws:kms:eu-west-2:123456789012:key\//);
      assert.equal(result.outputs.topicArn, `arn:aws:sns:${REGION}:${FAKE_ACCOUNT}:${PREFIX}-readiness`);
      assert.equal(result.outputs.topicKeyArn, key.state.arn);
      assert.equal(result.outputs.givenTopicPolicy, undefined);
    });

    it("lets EventBridge and CloudWatch publish to it for these rules and alarms of the stack's account only", () => {
      const policy = named(result.resources, "readiness-topic-policy");
      assert.equal(policy.inputs.arn, result.outputs.topicArn);
      const statements = policyOf(policy).Statement as { Principal: { Service: string }; Action: string; Resource: string; Condition: Record<string, Record<string, unknown>> }[];
      assert.deepEqual(
        statements.map((s) => [s.Principal.Service, s.Action, s.Resource, s.Condition.StringEquals["aws:SourceAccount"], s.Condition.ArnEquals["aws:SourceArn"]]),
        [
          ["events.amazonaws.com", "sns:Publish", result.outputs.topicArn, FAKE_ACCOUNT, (result.outputs.ruleNames as string[]).map((n) => `arn:aws:events:${REGION}:${FAKE_ACCOUNT}:rule/${n}`)],
          ["cloudwatch.amazonaws.com", "sns:Publish", result.outputs.topicArn, FAKE_ACCOUNT, (result.outputs.alarmNames as string[]).map((n) => `arn:aws:cloudwatch:${REGION}:${FAKE_ACCOUNT}:alarm:${n}`)],
        ],
      );
    });

    it("subscribes each address by email, one subscription each, keyed by the address", () => {
      const subscriptions = ofType(result.resources, TYPES.subscription);
      assert.deepEqual(
        subscriptions.map((s) => [s.name, s.inputs.protocol, s.inputs.endpoint, s.inputs.topic]).sort(),
        EMAILS.map((e) => [`readiness-email-${emailSubscriptionKey(e)}`, "email", e, result.outputs.topicArn]).sort(),
      );
    });

    it("routes DRS's three event types to the topic, each with its exact pattern and a message naming server and state", () => {
      const rules = ofType(result.resources, TYPES.rule);
      assert.deepEqual(Object.fromEntries(rules.map((r) => [r.inputs.name, JSON.parse(String(r.inputs.eventPattern))])), EXPECTED_PATTERNS);
      assert.deepEqual(result.outputs.ruleNames, Object.keys(EXPECTED_PATTERNS));
      const targets = ofType(result.resources, TYPES.target);
      assert.equal(targets.length, 3);
      for (const target of targets) {
        const key = target.name.replace(/^readiness-/, "").replace(/-target$/, "") as "replication-stalled" | "launch-result" | "failback-state";
        assert.equal(target.inputs.rule, `${PREFIX}-drs-${key}`);
        assert.equal(target.inputs.arn, result.outputs.topicArn);
        assert.equal(target.inputs.roleArn, undefined, "EventBridge publishes to SNS under the topic's policy, with no role");
        assert.deepEqual(target.inputs.inputTransformer, { ...inputTransformer(key), inputPaths: { ...inputTransformer(key).inputPaths } });
      }
    });

    it("alarms on Metrics Insights queries across every server, exactly, notifying the topic on ALARM and on OK", () => {
      const alarms = ofType(result.resources, TYPES.alarm).sort((a, b) => EXPECTED_ALARMS.findIndex((e) => e.name === a.inputs.name) - EXPECTED_ALARMS.findIndex((e) => e.name === b.inputs.name));
      assert.deepEqual(
        alarms.map((a) => ({
          name: a.inputs.name,
          threshold: a.inputs.threshold,
          evaluationPeriods: a.inputs.evaluationPeriods,
          datapointsToAlarm: a.inputs.datapointsToAlarm,
          metricQueries: a.inputs.metricQueries,
        })),
        EXPECTED_ALARMS,
      );
      for (const a of alarms) {
        assert.equal(a.inputs.comparisonOperator, "GreaterThanThreshold");
        assert.equal(a.inputs.treatMissingData, "notBreaching");
        assert.deepEqual([a.inputs.alarmActions, a.inputs.okActions], [[result.outputs.topicArn], [result.outputs.topicArn]]);
        assert.equal(a.inputs.insufficientDataActions, undefined);
        for (const field of ["metricName", "namespace", "statistic", "dimensions", "period"]) assert.equal(a.inputs[field], undefined, `${a.name}: ${field} belongs to the query`);
      }
      assert.deepEqual(result.outputs.alarmNames, EXPECTED_ALARMS.map((a) => a.name));
    });

    it("sets the thresholds from the settings", async () => {
      const { resources } = await declare({ ...SETTINGS, rpoMinutes: 60, drillMaxAgeDays: 30 });
      const thresholds = Object.fromEntries(ofType(resources, TYPES.alarm).map((a) => [a.inputs.name, a.inputs.threshold]));
      assert.deepEqual(thresholds, { [`${PREFIX}-replication-lag-over-rpo`]: 3600, [`${PREFIX}-replication-backlog-growing`]: 0, [`${PREFIX}-drill-overdue`]: 2_592_000 });
    });
  });

  it("keeps the policies that name the account secret where the account is", async () => {
    const { resources } = await declare(SETTINGS, true);
    assert.ok(isSecretValue(named(resources, "readiness-topic-key").inputs.policy), "key policy");
    assert.ok(isSecretValue(named(resources, "readiness-topic-policy").inputs.policy), "topic policy");
  });

  describe("with a given topic", () => {
    let result: Awaited<ReturnType<typeof declare>>;
    before(async () => {
      result = await declare({ ...SETTINGS, notify: { kind: "topic", snsTopicArn: GIVEN_TOPIC } });
    });

    it("makes no topic, key, policy or subscription, and changes nothing of the given topic", () => {
      for (const type of [TYPES.key, TYPES.topic, TYPES.topicPolicy, TYPES.subscription]) assert.deepEqual(ofType(result.resources, type), [], type);
      assert.equal(result.outputs.topicKeyArn, undefined);
    });

    it("sends every alarm and rule to it", () => {
      assert.equal(result.outputs.topicArn, GIVEN_TOPIC);
      for (const a of ofType(result.resources, TYPES.alarm)) assert.deepEqual([a.inputs.alarmActions, a.inputs.okActions], [[GIVEN_TOPIC], [GIVEN_TOPIC]]);
      for (const t of ofType(result.resources, TYPES.target)) assert.equal(t.inputs.arn, GIVEN_TOPIC);
      assert.equal(ofType(result.resources, TYPES.alarm).length, 3);
      assert.equal(ofType(result.resources, TYPES.rule).length, 3);
    });

    it("hands back the access policy the topic's owner must give it", () => {
      assert.equal(result.outputs.givenTopicPolicy, topicPolicy({ topicArn: GIVEN_TOPIC, region: REGION, accountId: FAKE_ACCOUNT, names: readinessNames(PREFIX) }));
    });
  });
});
