/**
 * DR readiness monitoring in the DR region (issue 25, docs/readiness.md): CloudWatch alarms on Metrics Insights
 * queries that cover every source server as servers come and go (replication lag over the RPO, a growing backlog, no
 * successful drill within the drill age), EventBridge rules on DRS's own events (replication stalled, launch results,
 * failback states), and the SNS topic they all notify: the program's, encrypted with its own customer-managed key,
 * with email subscriptions, or the one the config gives. Every decision is lib/readiness.ts's; this only `new`s.
 * One file per group: topic.ts, watch.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarmDefinitions, readinessNames, topicPolicy } from "../../lib/readiness";
import type { ReadinessSettings } from "../../settings/readinessSchema";
import { createTopic, ReadinessTopic } from "./topic";
import { createAlarms, createRules } from "./watch";

/** Arguments of `Readiness`. */
export interface ReadinessArgs {
  /** The readiness settings: RPO, drill age, whom to notify. */
  readonly settings: ReadinessSettings;
  /** The DR region: the alarms, rules and topic are there, where DRS publishes its metrics and events. */
  readonly region: string;
  /** A prefix unique to the stack in its account and region (`drs-<stack>`): the first part of every name. */
  readonly namePrefix: string;
  /** The DR side's provider. */
  readonly provider: pulumi.ProviderResource;
  /** The DR account id is part of a secret config value: the policies that name it are kept secret. */
  readonly secretAccount?: boolean;
}

export class Readiness extends pulumi.ComponentResource {
  /** The topic the alarms and rules notify: the program's, or the one given. */
  public readonly topicArn: pulumi.Output<string>;
  /** The alarms' names: lag over the RPO, backlog growing, drill overdue. */
  public readonly alarmNames: pulumi.Output<string[]>;
  /** The EventBridge rules' names: replication stalled, launch result, failback state. */
  public readonly ruleNames: pulumi.Output<string[]>;
  /** The key that encrypts the program's topic (none with a given topic). */
  public readonly topicKeyArn?: pulumi.Output<string>;
  /**
   * With a given topic: the access policy it needs for these alarms and rules to publish (the program changes no
   * topic of yours), to merge into its policy.
   */
  public readonly givenTopicPolicy?: pulumi.Output<string>;

  constructor(name: string, args: ReadinessArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("drs-secured-network:readiness:Readiness", name, {}, opts);
    const names = readinessNames(args.namePrefix);
    const identity = aws.getCallerIdentityOutput({}, { parent: this, provider: args.provider }).accountId;
    const accountId = args.secretAccount === true ? pulumi.secret(identity) : identity;
    const notify = args.settings.notify;
    const topic: ReadinessTopic = notify.kind === "emails" ? createTopic(this, name, args, names, accountId, notify.emails) : { arn: pulumi.output(notify.snsTopicArn) };
    const alarms = createAlarms(this, name, args, alarmDefinitions(args.settings, names), topic.arn);
    const rules = createRules(this, name, args, names, topic.arn);

    this.topicArn = topic.arn;
    this.alarmNames = pulumi.all(alarms.map((a) => a.name));
    this.ruleNames = pulumi.all(rules.map((r) => r.name));
    this.topicKeyArn = topic.keyArn;
    if (notify.kind === "topic") {
      this.givenTopicPolicy = accountId.apply((account) => topicPolicy({ topicArn: notify.snsTopicArn, region: args.region, accountId: account, names }));
    }
    this.registerOutputs({
      topicArn: this.topicArn,
      alarmNames: this.alarmNames,
      ruleNames: this.ruleNames,
      topicKeyArn: this.topicKeyArn,
      givenTopicPolicy: this.givenTopicPolicy,
    });
  }
}
