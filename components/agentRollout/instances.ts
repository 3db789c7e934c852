/**
 * What the source servers need: the log group their install output goes to, and their instance profile (Systems
 * Manager's core policy, DRS's policy for installing without keys, writing to that log group, and, where asked, the
 * Marketplace AMI reads).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { instanceLogsPolicy, instanceMarketplacePolicy, ROLLOUT_LOG_GROUP_PREFIX } from "../../lib/agentRollout";
import type { AgentRolloutArgs } from "./index";
import { nameTag, own } from "./names";

/** AWS managed policies the source servers' role gets, looked up by name as the DRS roles are. */
export const INSTANCE_MANAGED_POLICIES = ["AmazonSSMManagedInstanceCore", "AWSElasticDisasterRecoveryEc2InstancePolicy"] as const;

/** The log group with each server's install output. */
export function createLogGroup(parent: pulumi.Resource, name: string, args: AgentRolloutArgs): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    `${name}-log-group`,
    {
      name: `${ROLLOUT_LOG_GROUP_PREFIX}${args.documentPrefix}`,
      retentionInDays: args.settings.logRetentionDays,
      ...(args.logKmsKeyArn !== undefined ? { kmsKeyId: args.logKmsKeyArn } : {}),
      tags: nameTag(name, "log-group"),
    },
    own(parent, args),
  );
}

/** The source servers' role and its instance profile. */
export function createInstanceProfile(parent: pulumi.Resource, name: string, args: AgentRolloutArgs, accountId: pulumi.Output<string>, logGroup: aws.cloudwatch.LogGroup): aws.iam.InstanceProfile {
  const opts = own(parent, args);
  const role = new aws.iam.Role(
    `${name}-instance-role`,
    {
      description: "Source servers of drs-secured-network: managed by Systems Manager, install the DRS agent without keys",
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
      tags: nameTag(name, "instance-role"),
    },
    opts,
  );
  INSTANCE_MANAGED_POLICIES.forEach((policy, i) => {
    const arn = aws.iam.getPolicyOutput({ name: policy }, { parent, provider: args.provider }).arn;
    new aws.iam.RolePolicyAttachment(`${name}-instance-policy${i === 0 ? "" : `-${i + 1}`}`, { role: role.name, policyArn: arn }, opts);
  });
  new aws.iam.RolePolicy(
    `${name}-instance-logs-policy`,
    { role: role.id, policy: pulumi.all([accountId, logGroup.arn]).apply(([account, arn]) => instanceLogsPolicy(args.region, account, arn)) },
    opts,
  );
  if (args.settings.marketplaceAmis) {
    new aws.iam.RolePolicy(`${name}-instance-marketplace-policy`, { role: role.id, policy: instanceMarketplacePolicy() }, opts);
  }
  return new aws.iam.InstanceProfile(`${name}-instance-profile`, { role: role.name, tags: nameTag(name, "instance-profile") }, opts);
}
