/**
 * DRS itself as code: the replication path over the peering and the DRS settings that use it.
 *
 * - A replication-server security group in the staging VPC: in, TCP 1500 from the source VPC block only; out,
 *   TCP 443 to the interface endpoints' security group and to the S3 gateway endpoint's prefix list only.
 * - A source-server security group in the source VPC, for users to attach to the servers they protect: out, TCP 443
 *   and TCP 1500 to the staging subnets (where the endpoints and the replication servers are), and TCP 443 to the
 *   source VPC's S3 gateway endpoint (package repositories) when there is one; nothing in.
 * - DRS's service roles where the account lacks them, then DRS initialization in the DR region (and the source
 *   regions, for failback) with each side's own credentials, then the replication configuration template: private IP replication over the peering, no public IP, no DRS default security group, encrypted
 *   staging disks, the fixed three-rule point-in-time policy.
 *
 * Sources: https://docs.aws.amazon.com/drs/latest/userguide/Network-Requirements.html (TCP 443 and 1500);
 * https://docs.aws.amazon.com/drs/latest/userguide/data-routing.html (private IP replication) and
 * https://docs.aws.amazon.com/drs/latest/userguide/individual-replication-settings.html (the other settings).
 *
 * One file per group: securityGroups.ts, initialization.ts, template.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import type { DrsServiceRole } from "../../lib/drsServiceRoles";
import type { ReplicationSettings } from "../../settings";
import { initializeDrs } from "./initialization";
import { createReplicationGroup, createSourceServerGroups } from "./securityGroups";
import { createTemplate } from "./template";

export { pitPolicies, templateOptions } from "./template";

/** The credentials of a side, as its provider has them (no secret: a profile name and a role ARN). */
export interface SideAuth {
  readonly profile?: pulumi.Input<string>;
  readonly assumeRoleArn?: pulumi.Input<string>;
}

/** DRS's service roles an account lacks, to create before DRS is initialized there. */
export interface ServiceRolePlan {
  /** `""` for the DR account, else the account id (part of the roles' logical names). */
  readonly accountKey: string;
  /** The account id, for the DRS-trusted roles' `aws:SourceAccount` condition. */
  readonly accountId: string;
  /** A provider of that account. */
  readonly provider: pulumi.ProviderResource;
  /** The roles to create: the ones the account lacks. */
  readonly roles: readonly DrsServiceRole[];
  /** The managed policies' ARNs, by name, as the account reported them. */
  readonly policyArns: Readonly<Record<string, string>>;
  /** The account id is part of a secret config value: the trust policies that name it are kept secret. */
  readonly secretAccount?: boolean;
}

/** Arguments of `Replication`. */
export interface ReplicationArgs {
  /** The replication settings. */
  readonly settings: ReplicationSettings;
  /** The DR region. */
  readonly drRegion: string;
  /** The DR side's credentials, for DRS initialization there. */
  readonly drAuth: SideAuth;
  /** The DR account's id, where the sides are in several accounts (it names a region's second initialization). */
  readonly drAccountId?: string;
  /**
   * The sources: VPC, block, region (initialized too when `settings.failback`), provider and credentials, the prefix
   * list of their package-repository endpoint if any, and `accountKey`: `""` in the DR account, else the source's
   * account id. `key` is `""` for the shorthand's single source, else its name.
   */
  readonly sources: readonly {
    readonly key: string;
    readonly region: string;
    readonly vpcId: pulumi.Input<string>;
    readonly cidrBlock: string;
    readonly s3PrefixListId?: pulumi.Input<string>;
    /**
     * With the agent rollout: where the servers reach Systems Manager on HTTPS, the rollout's endpoint group in the
     * source VPC, or the VPC's block where the owner's endpoints are (an adopted VPC).
     */
    readonly systemsManagerEgress?: { readonly securityGroupId: pulumi.Input<string> } | { readonly cidrBlock: string };
    readonly provider: pulumi.ProviderResource;
    readonly auth: SideAuth;
    readonly accountKey: string;
  }[];
  /** The external sources' blocks: TCP 1500 is admitted from each too (their servers wear no group of this stack). */
  readonly externalBlocks?: readonly { readonly key: string; readonly cidrBlock: string }[];
  /** The service roles to create in each account where DRS is initialized (none where every role exists). */
  readonly serviceRoles: readonly ServiceRolePlan[];
  /** The staging VPC, its subnets (the first is the staging area) and their blocks. */
  readonly staging: {
    readonly vpcId: pulumi.Input<string>;
    readonly subnetIds: readonly pulumi.Input<string>[];
    readonly subnetCidrBlocks: readonly string[];
  };
  /** The interface endpoints' security group. */
  readonly endpointSecurityGroupId: pulumi.Input<string>;
  /** The staging S3 gateway endpoint's prefix list. */
  readonly s3PrefixListId: pulumi.Input<string>;
  /** What the template waits for besides this component's own initialization (failback: the forward side's, which initializes the source regions). */
  readonly drsReady?: readonly pulumi.Resource[];
  /** Provider of the DR region. */
  readonly drProvider: pulumi.ProviderResource;
}

/** The replication path and DRS's settings. */
export class Replication extends pulumi.ComponentResource {
  /** The replication servers' security group. */
  public readonly replicationSecurityGroupId: pulumi.Output<string>;
  /** The security group to attach to each source's servers, by source key. */
  public readonly sourceServerSecurityGroupIds: Record<string, pulumi.Output<string>>;
  /** The replication configuration template, created or imported. */
  public readonly templateId: pulumi.Output<string>;

  constructor(name: string, args: ReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("drs-secured-network:replication:Replication", name, {}, opts);
    this.replicationSecurityGroupId = createReplicationGroup(this, name, args);
    this.sourceServerSecurityGroupIds = createSourceServerGroups(this, name, args);
    const initialized = args.settings.initializeService ? initializeDrs(this, name, args) : [];
    this.templateId = createTemplate(this, name, args, this.replicationSecurityGroupId, [...initialized, ...(args.drsReady ?? [])]);
    this.registerOutputs({
      replicationSecurityGroupId: this.replicationSecurityGroupId,
      sourceServerSecurityGroupIds: this.sourceServerSecurityGroupIds,
      templateId: this.templateId,
    });
  }
}
