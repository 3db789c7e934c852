/**
 * The rollout itself: the Command document that installs the agent (lib/agentRollout.ts), the Automation runbook
 * that runs it with its output in CloudWatch Logs, the role the runbook runs as, and the State Manager association
 * that runs the runbook on every EC2 instance carrying the rollout tag, under rate controls and on a schedule.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { automationDocument, automationPolicy, automationTrustPolicy, commandDocument, RUNBOOK_TARGET_TYPE } from "../../lib/agentRollout";
import type { AgentRolloutArgs } from "./index";
import { nameTag, own } from "./names";

/** The install document and the runbook that runs it. */
export function createDocuments(parent: pulumi.Resource, name: string, args: AgentRolloutArgs, logGroup: aws.cloudwatch.LogGroup) {
  const opts = own(parent, args);
  const installDocument = new aws.ssm.Document(
    `${name}-install-document`,
    {
      name: `${args.documentPrefix}-install-drs-agent`,
      documentType: "Command",
      documentFormat: "JSON",
      content: pulumi.all([args.target, args.probes, args.vpcId]).apply(([target, probes, sourceVpcId]) => JSON.stringify(commandDocument({ target, probes, sourceVpcId }), null, 2)),
      tags: nameTag(name, "install-document"),
    },
    opts,
  );
  const runbook = new aws.ssm.Document(
    `${name}-runbook`,
    {
      name: `${args.documentPrefix}-rollout-drs-agent`,
      documentType: "Automation",
      documentFormat: "JSON",
      targetType: RUNBOOK_TARGET_TYPE,
      content: pulumi.all([installDocument.name, logGroup.name]).apply(([commandDocumentName, logGroupName]) => JSON.stringify(automationDocument({ commandDocumentName, logGroupName }), null, 2)),
      tags: nameTag(name, "runbook"),
    },
    opts,
  );
  return { installDocument, runbook };
}

/**
 * The runbook's role and the association. Every EC2 instance with the tag (the runbook's target type), a few at a
 * time, again on every run of the schedule: a runbook association without one runs once, so a server tagged later
 * would never be served. It runs under State Manager's service-linked role: AssociationDispatchAssumeRole, which AWS
 * recommends instead, is not an input of @pulumi/aws 7.48's ssm.Association (docs/agent-rollout.md).
 */
export function createAssociation(parent: pulumi.Resource, name: string, args: AgentRolloutArgs, accountId: pulumi.Output<string>, documents: ReturnType<typeof createDocuments>): aws.ssm.Association {
  const opts = own(parent, args);
  const automationRole = new aws.iam.Role(
    `${name}-automation-role`,
    {
      description: "Runs the DRS agent rollout runbook of drs-secured-network",
      assumeRolePolicy: accountId.apply((account) => automationTrustPolicy(args.region, account)),
      tags: nameTag(name, "automation-role"),
    },
    opts,
  );
  const automationRolePolicy = new aws.iam.RolePolicy(
    `${name}-automation-policy`,
    {
      role: automationRole.id,
      policy: pulumi
        .all([accountId, documents.installDocument.name])
        .apply(([account, commandDocumentName]) => automationPolicy({ region: args.region, accountId: account, commandDocumentName, targetTag: args.settings.targetTag })),
    },
    opts,
  );
  return new aws.ssm.Association(
    `${name}-association`,
    {
      name: documents.runbook.name,
      associationName: `${args.documentPrefix}-rollout-drs-agent`,
      targets: [{ key: `tag:${args.settings.targetTag.key}`, values: [args.settings.targetTag.value] }],
      automationTargetParameterName: "InstanceId",
      parameters: { AutomationAssumeRole: automationRole.arn },
      maxConcurrency: args.settings.maxConcurrency,
      maxErrors: args.settings.maxErrors,
      scheduleExpression: args.settings.schedule,
    },
    { ...opts, dependsOn: [automationRolePolicy] },
  );
}
