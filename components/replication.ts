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
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ReplicationSettings } from "../settings";
import { DRS_SERVICE_ROLE_PATH, DrsServiceRole, roleShortName, trustPolicy } from "../lib/drsServiceRoles";
import { inlineRule, noReferences, Peer, replicationGroupRules, sourceServerGroupRules } from "../lib/securityGroups";
import { failbackInitializations } from "../lib/accountNames";
import { DrsInitialization } from "./drsInitialization";

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
  /** Provider of the DR region. */
  readonly drProvider: pulumi.ProviderResource;
}

/** The point-in-time policy DRS requires: every 10 minutes for an hour, hourly for a day, daily for `days`. */
export function pitPolicies(days: number): aws.types.input.drs.ReplicationConfigurationTemplatePitPolicy[] {
  return [
    { ruleId: 1, enabled: true, units: "MINUTE", interval: 10, retentionDuration: 60 },
    { ruleId: 2, enabled: true, units: "HOUR", interval: 1, retentionDuration: 24 },
    { ruleId: 3, enabled: true, units: "DAY", interval: 1, retentionDuration: days },
  ];
}

/**
 * The template's resource options: after DRS is initialized; and, for an existing template, imported by id (Pulumi
 * then updates it to these settings) and retained if this program ever stops managing it, since DRS keeps one per
 * account and region.
 */
export function templateOptions(templateId: string | undefined, initialized: readonly pulumi.Resource[]): pulumi.CustomResourceOptions {
  return { dependsOn: [...initialized], ...(templateId !== undefined ? { import: templateId, retainOnDelete: true } : {}) };
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
    const settings = args.settings;
    const onDr: pulumi.CustomResourceOptions = { parent: this, provider: args.drProvider };
    const nameTag = (suffix: string) => ({ Name: `${name}-${suffix}` });

    const sourceBlocks = args.sources.map((source) => ({ key: source.key, cidrBlock: source.cidrBlock }));
    const replicationRules = replicationGroupRules(sourceBlocks);
    const stagingReferences = (peer: Exclude<Peer, { cidrs: readonly string[] }>) =>
      "group" in peer && peer.group === "endpoints"
        ? { securityGroups: [args.endpointSecurityGroupId] }
        : "prefixList" in peer && peer.prefixList === "staging-s3"
          ? { prefixListIds: [args.s3PrefixListId] }
          : noReferences(peer);
    const replicationGroup = new aws.ec2.SecurityGroup(
      `${name}-replication-sg`,
      {
        vpcId: args.staging.vpcId,
        description: replicationRules.description,
        ingress: replicationRules.ingress.map((rule) => inlineRule(rule, noReferences)),
        egress: replicationRules.egress.map((rule) => inlineRule(rule, stagingReferences)),
        tags: nameTag("replication-sg"),
      },
      onDr,
    );

    this.sourceServerSecurityGroupIds = {};
    for (const source of args.sources) {
      const groupName = source.key === "" ? `${name}-source-server-sg` : `${name}-${source.key}-source-server-sg`;
      const ssm = source.systemsManagerEgress;
      const rules = sourceServerGroupRules({
        stagingSubnetCidrs: args.staging.subnetCidrBlocks,
        packageRepositories: source.s3PrefixListId !== undefined,
        systemsManager: ssm === undefined ? undefined : "securityGroupId" in ssm ? "rollout-endpoints" : { cidrBlock: ssm.cidrBlock },
      });
      const sourceReferences = (peer: Exclude<Peer, { cidrs: readonly string[] }>) =>
        "prefixList" in peer && peer.prefixList === "source-s3" && source.s3PrefixListId !== undefined
          ? { prefixListIds: [source.s3PrefixListId] }
          : "group" in peer && peer.group === "rollout-endpoints" && ssm !== undefined && "securityGroupId" in ssm
            ? { securityGroups: [ssm.securityGroupId] }
            : noReferences(peer);
      const group = new aws.ec2.SecurityGroup(
        groupName,
        {
          vpcId: source.vpcId,
          description: rules.description,
          ingress: [],
          egress: rules.egress.map((rule) => inlineRule(rule, sourceReferences)),
          tags: { Name: groupName },
        },
        { parent: this, provider: source.provider },
      );
      this.sourceServerSecurityGroupIds[source.key] = group.id;
    }

    const initialized = settings.initializeService ? this.initializeDrs(name, args) : [];

    const template = new aws.drs.ReplicationConfigurationTemplate(
      `${name}-template`,
      {
        stagingAreaSubnetId: args.staging.subnetIds[0],
        dataPlaneRouting: "PRIVATE_IP",
        createPublicIp: false,
        associateDefaultSecurityGroup: false,
        replicationServersSecurityGroupsIds: [replicationGroup.id],
        replicationServerInstanceType: settings.instanceType,
        useDedicatedReplicationServer: settings.useDedicatedReplicationServer,
        defaultLargeStagingDiskType: settings.stagingDiskType,
        ebsEncryption: settings.ebsKmsKeyArn !== undefined ? "CUSTOM" : "DEFAULT",
        ebsEncryptionKeyArn: settings.ebsKmsKeyArn,
        bandwidthThrottling: settings.bandwidthThrottlingMbps,
        pitPolicies: pitPolicies(settings.pitRetentionDays),
        // As an Output: Pulumi's runtime prints each plain input with `${value}` (runtime/rpc.ts safeToString), which
        // throws for a map holding a `toString` key; AWS takes `toString` as a tag key.
        stagingAreaTags: pulumi.output({ ...settings.stagingAreaTags }),
        tags: nameTag("template"),
      },
      { ...onDr, ...templateOptions(settings.templateId, initialized) },
    );

    this.replicationSecurityGroupId = replicationGroup.id;
    this.templateId = template.id;
    this.registerOutputs({
      replicationSecurityGroupId: this.replicationSecurityGroupId,
      sourceServerSecurityGroupIds: this.sourceServerSecurityGroupIds,
      templateId: this.templateId,
    });
  }

  /**
   * DRS's missing service roles in each account, then InitializeService in the DR region and, with failback, in each
   * source region of each account, with that side's credentials, after the roles of its account. The roles are kept on
   * delete: they are account-wide, and DRS in other regions or stacks may use them.
   */
  private initializeDrs(name: string, args: ReplicationArgs): pulumi.Resource[] {
    const rolesOf = new Map<string, pulumi.Resource[]>();
    for (const plan of args.serviceRoles) {
      const prefix = plan.accountKey === "" ? name : `${name}-${plan.accountKey}`;
      const keep: pulumi.CustomResourceOptions = { parent: this, provider: plan.provider, retainOnDelete: true };
      const made: pulumi.Resource[] = [];
      for (const spec of plan.roles) {
        const roleName = `${prefix}-${roleShortName(spec.name)}`;
        const role = new aws.iam.Role(
          roleName,
          {
            name: spec.name,
            path: DRS_SERVICE_ROLE_PATH,
            assumeRolePolicy: plan.secretAccount === true ? pulumi.secret(trustPolicy(spec, plan.accountId)) : trustPolicy(spec, plan.accountId),
            description: `DRS service role (drs-secured-network)`,
          },
          keep,
        );
        made.push(role);
        spec.managedPolicies.forEach((policy, i) => {
          made.push(new aws.iam.RolePolicyAttachment(`${roleName}-policy${i === 0 ? "" : `-${i + 1}`}`, { role: role.name, policyArn: plan.policyArns[policy] }, keep));
        });
      }
      rolesOf.set(plan.accountKey, made);
    }
    const after = (accountKey: string) => rolesOf.get(accountKey) ?? [];
    const auth = (a: SideAuth) => ({ ...(a.profile !== undefined ? { profile: a.profile } : {}), ...(a.assumeRoleArn !== undefined ? { assumeRoleArn: a.assumeRoleArn } : {}) });

    const initialized: pulumi.Resource[] = [new DrsInitialization(`${name}-drs-init-dr`, { region: args.drRegion, ...auth(args.drAuth) }, { parent: this, dependsOn: after("") })];
    if (args.settings.failback) {
      for (const { name: initName, source } of failbackInitializations(name, args.sources, args.drRegion, args.drAccountId)) {
        initialized.push(new DrsInitialization(initName, { region: source.region, ...auth(source.auth) }, { parent: this, dependsOn: after(source.accountKey) }));
      }
    }
    return initialized;
  }
}
