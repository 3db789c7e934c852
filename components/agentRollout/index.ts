/**
 * The DRS agent rollout for one source: the interface endpoints it needs in the source VPC (where asked: Systems
 * Manager's, and STS or EC2 where the installer needs them), an instance profile for the source servers, the Command
 * document that installs the agent (lib/agentRollout.ts), the Automation runbook that runs it with its output in
 * CloudWatch Logs, and the State Manager association that runs the runbook on every EC2 instance carrying the rollout
 * tag, under rate controls and on a schedule. Everything is in the source's region and account, through the source's
 * provider. One file per group: endpoints.ts, instances.ts, runbook.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { progressCommands } from "../../lib/agentRollout";
import type { InstallTarget, ProbeTarget } from "../../lib/installer";
import type { AgentRolloutSettings } from "../../settings";
import { createRolloutEndpoints } from "./endpoints";
import { createInstanceProfile, createLogGroup } from "./instances";
import { createAssociation, createDocuments } from "./runbook";

export { INSTANCE_MANAGED_POLICIES } from "./instances";

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
    const identity = aws.getCallerIdentityOutput({}, { parent: this, provider: args.provider }).accountId;
    const accountId = args.secretAccount === true ? pulumi.secret(identity) : identity;
    this.endpointIds = {};
    if (args.endpoints !== undefined) {
      const endpoints = createRolloutEndpoints(this, name, args, args.endpoints);
      this.endpointIds = endpoints.ids;
      this.endpointSecurityGroupId = endpoints.securityGroupId;
    }
    const logGroup = createLogGroup(this, name, args);
    const profile = createInstanceProfile(this, name, args, accountId, logGroup);
    const documents = createDocuments(this, name, args, logGroup);
    const association = createAssociation(this, name, args, accountId, documents);

    this.instanceProfileName = profile.name;
    this.documentName = documents.installDocument.name;
    this.associationId = association.associationId;
    this.logGroupName = logGroup.name;
    this.progressCommands = pulumi
      .all([association.associationId, documents.installDocument.name, logGroup.name])
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
