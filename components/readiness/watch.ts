/**
 * What is watched: the three Metrics Insights alarms over every source server, and the three EventBridge rules on
 * DRS's events, each rule's target the topic with its input transformer (lib/readiness.ts decides all of it). No
 * `roleArn` on the targets: EventBridge publishes to SNS under the topic's resource policy, and AWS warns that a role
 * there may make delivery to a KMS-encrypted topic fail
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html).
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { AlarmDefinition, eventPattern, inputTransformer, ReadinessNames, RULE_KEYS } from "../../lib/readiness";
import type { ReadinessArgs } from "./index";
import { own } from "./topic";

/** One alarm per definition, notifying the topic when it goes into ALARM and when it is back to OK. */
export function createAlarms(parent: pulumi.Resource, name: string, args: ReadinessArgs, definitions: readonly AlarmDefinition[], topicArn: pulumi.Input<string>): aws.cloudwatch.MetricAlarm[] {
  return definitions.map(
    ({ key, metricQueries, ...alarm }) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${key}-alarm`,
        { ...alarm, metricQueries: metricQueries.map((q) => ({ ...q })), alarmActions: [topicArn], okActions: [topicArn], tags: { Name: `${name}-${key}-alarm` } },
        own(parent, args),
      ),
  );
}

/** One rule per DRS event type, on the default event bus, each sending its message to the topic. */
export function createRules(parent: pulumi.Resource, name: string, args: ReadinessArgs, names: ReadinessNames, topicArn: pulumi.Input<string>): aws.cloudwatch.EventRule[] {
  const opts = own(parent, args);
  return RULE_KEYS.map((key) => {
    const rule = new aws.cloudwatch.EventRule(
      `${name}-${key}-rule`,
      { name: names.rules[key], description: `DRS's "${eventPattern(key)["detail-type"][0]}" events, to the readiness topic`, eventPattern: JSON.stringify(eventPattern(key)), tags: { Name: `${name}-${key}-rule` } },
      opts,
    );
    const transformer = inputTransformer(key);
    new aws.cloudwatch.EventTarget(
      `${name}-${key}-target`,
      { rule: rule.name, targetId: "readiness-topic", arn: topicArn, inputTransformer: { inputPaths: { ...transformer.inputPaths }, inputTemplate: transformer.inputTemplate } },
      opts,
    );
    return rule;
  });
}
