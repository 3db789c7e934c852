/**
 * The DRS agent rollout for one source: the interface endpoints it needs in the source VPC (where asked: Systems
 * Manager's, and STS or EC2 where the installer needs them), an instance profile for the source servers, the Command
 * document that installs the agent (lib/agentRollout.ts), the Automation runbook that runs it with its output in
 * CloudWatch Logs, and the State Manager association that runs the runbook on every EC2 instance carrying the rollout
 * tag, under rate controls and on a schedule. Everything is in the source's region and account, through the source's
 * provider.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  automationDocument,
  automationPolicy,
  automationTrustPolicy,
  commandDocument,
  instanceLogsPolicy,
  instanceMarketplacePolicy,
  progressCommands,
  ROLLOUT_LOG_GROUP_PREFIX,
  RUNBOOK_TARGET_TYPE,
} from "../lib/agentRollout";
import type { InstallTarget, ProbeTarget } from "../lib/installer";
import { interfaceEndpointPolicy } from "../lib/endpointPolicies";
import { endpointServiceName } from "../lib/regions";
import { inlineRule, noReferences, systemsManagerEndpointGroupRules } from "../lib/securityGroups";
import type { AgentRolloutSettings } from "../settings";

/** AWS managed policies the source servers' role gets, looked up by name as the DRS roles are. */
export const INSTANCE_MANAGED_POLICIES = ["AmazonSSMManagedInstanceCore", "AWSElasticDisasterRecoveryEc2InstancePolicy"] as const;

export interface AgentRolloutArgs {
  /** The rollout's settings. */
  readonly settings: AgentRolloutSettings;
  /** The source's region. */
  readonly region: string;
  /** The DR region, for the progress commands. */
  readonly drRegion: string;
  /** A name unique to this source in its account and region: part of the document names. */
  readonly documentPrefix: string;
  /** The source VPC: the scripts skip servers outside it. */
  readonly vpcId: pulumi.Input<string>;
  /** Where to put the rollout's endpoints (the source VPC's block and subnets) and which (rolloutEndpointServices), or none. */
  readonly endpoints?: { readonly cidrBlock: string; readonly subnetIds: pulumi.Input<string>[]; readonly services: readonly string[] };
  /** The stack's accounts: the endpoints admit only their principals and resources (lib/endpointPolicies.ts). */
  readonly accountIds: readonly string[];
  /** Whether an account id came from a secret key: the endpoints' policies are then kept secret. */
  readonly secretAccountIds?: boolean;
  /** The customer-managed key of this region and account's flow-log groups (`flowLogs.kms: create`), for the log group too. */
  readonly logKmsKeyArn?: pulumi.Input<string>;
  /** This source's install target and the endpoints to probe first (the same values as its install outputs). */
  readonly target: pulumi.Input<InstallTarget>;
  readonly probes: pulumi.Input<ProbeTarget[]>;
  /** The source side's provider. */
  readonly provider: pulumi.ProviderResource;
  /** The source's account id is part of a secret config value: the policies that name it are kept secret. */
  readonly secretAccount?: boolean;
}

export class AgentRollout extends pulumi.ComponentResource {
  /** The source servers' instance profile. */
  public readonly instanceProfileName: pulumi.Output<string>;
  /** The Command document that installs the agent. */
  public readonly documentName: pulumi.Output<string>;
  /** The State Manager association that rolls it out. */
  public readonly associationId: pulumi.Output<string>;
  /** The log group with each server's output. */
  public readonly logGroupName: pulumi.Output<string>;
  /** Commands that show the rollout's progress. */
  public readonly progressCommands: pulumi.Output<string>;
  /** The rollout's endpoints, by service short name (none where not asked). */
  public readonly endpointIds: Record<string, pulumi.Output<string>>;
  /** Their security group, where there are endpoints: the source servers' HTTPS goes to it. */
  public readonly endpointSecurityGroupId?: pulumi.Output<string>;

  constructor(name: string, args: AgentRolloutArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("drs-secured-network:agentRollout:AgentRollout", name, {}, opts);
    const own: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const nameTag = (suffix: string) => ({ Name: `${name}-${suffix}` });
    const identity = aws.getCallerIdentityOutput({}, { parent: this, provider: args.provider }).accountId;
    const accountId = args.secretAccount === true ? pulumi.secret(identity) : identity;

    // Systems Manager (and STS, EC2 where needed) reachable without internet: endpoints in the source VPC, HTTPS from that VPC only.
    this.endpointIds = {};
    if (args.endpoints !== undefined) {
      const endpoints = args.endpoints;
      const endpointRules = systemsManagerEndpointGroupRules(endpoints.cidrBlock);
      const group = new aws.ec2.SecurityGroup(
        `${name}-ssm-endpoints-sg`,
        {
          vpcId: args.vpcId,
          description: endpointRules.description,
          ingress: endpointRules.ingress.map((rule) => inlineRule(rule, noReferences)),
          egress: [],
          tags: nameTag("ssm-endpoints-sg"),
        },
        own,
      );
      this.endpointSecurityGroupId = group.id;
      for (const service of endpoints.services) {
        const endpoint = new aws.ec2.VpcEndpoint(
          `${name}-${service}-endpoint`,
          {
            vpcId: args.vpcId,
            serviceName: endpointServiceName(args.region, service),
            vpcEndpointType: "Interface",
            subnetIds: endpoints.subnetIds,
            securityGroupIds: [group.id],
            // SSM Agent and the installer call the regional names (ssm.<region>.amazonaws.com, ...): private DNS points them here.
            privateDnsEnabled: true,
            policy: secretIf(args.secretAccountIds === true, interfaceEndpointPolicy(service, args.region, args.accountIds)),
            tags: nameTag(`${service}-endpoint`),
          },
          own,
        );
        this.endpointIds[service] = endpoint.id;
      }
    }

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-log-group`,
      {
        name: `${ROLLOUT_LOG_GROUP_PREFIX}${args.documentPrefix}`,
        retentionInDays: args.settings.logRetentionDays,
        ...(args.logKmsKeyArn !== undefined ? { kmsKeyId: args.logKmsKeyArn } : {}),
        tags: nameTag("log-group"),
      },
      own,
    );

    // The source servers' role: Systems Manager's core policy, and DRS's policy for installing without keys.
    const instanceRole = new aws.iam.Role(
      `${name}-instance-role`,
      {
        description: "Source servers of drs-secured-network: managed by Systems Manager, install the DRS agent without keys",
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        tags: nameTag("instance-role"),
      },
      own,
    );
    INSTANCE_MANAGED_POLICIES.forEach((policy, i) => {
      const arn = aws.iam.getPolicyOutput({ name: policy }, { parent: this, provider: args.provider }).arn;
      new aws.iam.RolePolicyAttachment(`${name}-instance-policy${i === 0 ? "" : `-${i + 1}`}`, { role: instanceRole.name, policyArn: arn }, own);
    });
    new aws.iam.RolePolicy(
      `${name}-instance-logs-policy`,
      { role: instanceRole.id, policy: pulumi.all([accountId, logGroup.arn]).apply(([account, arn]) => instanceLogsPolicy(args.region, account, arn)) },
      own,
    );
    if (args.settings.marketplaceAmis) {
      new aws.iam.RolePolicy(`${name}-instance-marketplace-policy`, { role: instanceRole.id, policy: instanceMarketplacePolicy() }, own);
    }
    const profile = new aws.iam.InstanceProfile(`${name}-instance-profile`, { role: instanceRole.name, tags: nameTag("instance-profile") }, own);

    const documentName = `${args.documentPrefix}-install-drs-agent`;
    const installDocument = new aws.ssm.Document(
      `${name}-install-document`,
      {
        name: documentName,
        documentType: "Command",
        documentFormat: "JSON",
        content: pulumi
          .all([args.target, args.probes, args.vpcId])
          .apply(([target, probes, sourceVpcId]) => JSON.stringify(commandDocument({ target, probes, sourceVpcId }), null, 2)),
        tags: nameTag("install-document"),
      },
      own,
    );
    const runbook = new aws.ssm.Document(
      `${name}-runbook`,
      {
        name: `${args.documentPrefix}-rollout-drs-agent`,
        documentType: "Automation",
        documentFormat: "JSON",
        targetType: RUNBOOK_TARGET_TYPE,
        content: pulumi.all([installDocument.name, logGroup.name]).apply(([commandDocumentName, logGroupName]) => JSON.stringify(automationDocument({ commandDocumentName, logGroupName }), null, 2)),
        tags: nameTag("runbook"),
      },
      own,
    );
    const automationRole = new aws.iam.Role(
      `${name}-automation-role`,
      {
        description: "Runs the DRS agent rollout runbook of drs-secured-network",
        assumeRolePolicy: accountId.apply((account) => automationTrustPolicy(args.region, account)),
        tags: nameTag("automation-role"),
      },
      own,
    );
    const automationRolePolicy = new aws.iam.RolePolicy(
      `${name}-automation-policy`,
      {
        role: automationRole.id,
        policy: pulumi
          .all([accountId, installDocument.name])
          .apply(([account, commandDocumentName]) => automationPolicy({ region: args.region, accountId: account, commandDocumentName, targetTag: args.settings.targetTag })),
      },
      own,
    );

    // Every EC2 instance with the tag (the runbook's target type), a few at a time, again on every run of the schedule:
    // a runbook association without one runs once, so a server tagged later would never be served. It runs under
    // State Manager's service-linked role: AssociationDispatchAssumeRole, which AWS recommends instead, is not an input
    // of @pulumi/aws 7.48's ssm.Association (README, Agent rollout).
    const association = new aws.ssm.Association(
      `${name}-association`,
      {
        name: runbook.name,
        associationName: `${args.documentPrefix}-rollout-drs-agent`,
        targets: [{ key: `tag:${args.settings.targetTag.key}`, values: [args.settings.targetTag.value] }],
        automationTargetParameterName: "InstanceId",
        parameters: { AutomationAssumeRole: automationRole.arn },
        maxConcurrency: args.settings.maxConcurrency,
        maxErrors: args.settings.maxErrors,
        scheduleExpression: args.settings.schedule,
      },
      { ...own, dependsOn: [automationRolePolicy] },
    );

    this.instanceProfileName = profile.name;
    this.documentName = installDocument.name;
    this.associationId = association.associationId;
    this.logGroupName = logGroup.name;
    this.progressCommands = pulumi
      .all([association.associationId, installDocument.name, logGroup.name])
      .apply(([associationId, commandDocumentName, logGroupName]) => progressCommands({ sourceRegion: args.region, drRegion: args.drRegion, associationId, commandDocumentName, logGroupName }));
    this.registerOutputs({
      instanceProfileName: this.instanceProfileName,
      documentName: this.documentName,
      associationId: this.associationId,
      logGroupName: this.logGroupName,
      progressCommands: this.progressCommands,
    });
  }
}

/** A value, kept secret where it names what a secret key holds. */
function secretIf(secret: boolean, value: string): pulumi.Input<string> {
  return secret ? pulumi.secret(value) : value;
}
