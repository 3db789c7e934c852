/**
 * Where the readiness notifications go: a topic of the program's, encrypted with a customer-managed key of its own
 * whose policy lets CloudWatch and EventBridge publish (lib/readiness.ts, `topicKeyPolicy`), with one email
 * subscription per address (each confirmed by its owner before it receives anything); or the topic the config gives,
 * of which nothing is made or changed.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { emailSubscriptionKey, ReadinessNames, topicKeyPolicy, topicPolicy } from "../../lib/readiness";
import type { ReadinessArgs } from "./index";

/** The options of the readiness resources: the component as parent, the DR side's provider. */
export function own(parent: pulumi.Resource, args: { readonly provider: pulumi.ProviderResource }): pulumi.CustomResourceOptions {
  return { parent, provider: args.provider };
}

/** A value, kept secret where it names what a secret key holds. */
function secretIf(secret: boolean | undefined, value: pulumi.Output<string>): pulumi.Output<string> {
  return secret === true ? pulumi.secret(value) : value;
}

/** The topic the alarms and rules send to, and the key that encrypts it where the program made it. */
export interface ReadinessTopic {
  readonly arn: pulumi.Output<string>;
  readonly keyArn?: pulumi.Output<string>;
}

/** The program's topic: its key, the topic, one email subscription per address. */
export function createTopic(parent: pulumi.Resource, name: string, args: ReadinessArgs, names: ReadinessNames, accountId: pulumi.Output<string>, emails: readonly string[]): ReadinessTopic {
  const opts = own(parent, args);
  const key = new aws.kms.Key(
    `${name}-topic-key`,
    {
      description: `Encrypts the DR readiness notifications of drs-secured-network (${names.topic}); CloudWatch alarms and EventBridge rules publish with it`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: secretIf(args.secretAccount, accountId.apply(topicKeyPolicy)),
      tags: { Name: `${name}-topic-key` },
    },
    opts,
  );
  const topic = new aws.sns.Topic(
    `${name}-topic`,
    { name: names.topic, displayName: "DRS readiness", kmsMasterKeyId: key.arn, tags: { Name: `${name}-topic` } },
    opts,
  );
  new aws.sns.TopicPolicy(
    `${name}-topic-policy`,
    { arn: topic.arn, policy: secretIf(args.secretAccount, pulumi.all([topic.arn, accountId]).apply(([topicArn, account]) => topicPolicy({ topicArn, region: args.region, accountId: account, names }))) },
    opts,
  );
  for (const email of emails) {
    new aws.sns.TopicSubscription(`${name}-email-${emailSubscriptionKey(email)}`, { topic: topic.arn, protocol: "email", endpoint: email }, opts);
  }
  return { arn: topic.arn, keyArn: key.arn };
}
