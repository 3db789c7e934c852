/**
 * Declare the plan: the VPCs, then the link between them (peerings, routes, endpoints, the DRS zone), the external
 * sources' connections (components/external/), the agent
 * rollout per source and DRS's replication, each component given its slice of the plan and the ids it connects to;
 * then the stack outputs (declare/outputs.ts). Only `new`: every decision is the plan's.
 */
import * as pulumi from "@pulumi/pulumi";
import { AgentRollout } from "../components/agentRollout";
import { ExternalLink } from "../components/external";
import { Link } from "../components/link";
import { FailbackRegion } from "../components/failback";
import { Readiness } from "../components/readiness";
import { Recovery } from "../components/recovery";
import { Replication } from "../components/replication";
import { endpointProbes, InstallTarget } from "../lib/installer";
import { readinessPrefix } from "../lib/readiness";
import type { StackOutputs } from "../lib/outputNames";
import type { NetworkPlan } from "../lib/plan";
import { stackOutputs } from "./outputs";
import type { Providers } from "./providers";
import { DeclaredVpcs, declareVpcs } from "./vpcs";

export { declareProviders } from "./providers";
export type { Providers } from "./providers";
export { requestQuotaIncreases } from "./quotaRequests";

/** What the components expose that the outputs and the later components read. */
export interface DeclaredNetwork {
  readonly vpcs: DeclaredVpcs;
  readonly link: Link;
  readonly rollouts?: readonly AgentRollout[];
  readonly replication?: Replication;
  /** The external sources' connections and resolver. */
  readonly external?: ExternalLink;
  /** The recovery network and the region's launch defaults. */
  readonly recovery?: Recovery;
  /** The readiness alarms, DRS's event rules and their topic. */
  readonly readiness?: Readiness;
  /** Failback's side in each source region, by region. */
  readonly failback?: Readonly<Record<string, FailbackRegion>>;
  /** Each source's install target, and the endpoints its servers probe. */
  targetOf(i: number): pulumi.Output<InstallTarget>;
  readonly endpointTarget: pulumi.Output<InstallTarget>;
  probes(): pulumi.Output<ReturnType<typeof endpointProbes>>;
  /** An external source's install target (by its index in `plan.external.sources`): the endpoints' names, or AWS's own names in resolver mode. */
  externalTargetOf(i: number): pulumi.Output<InstallTarget>;
}

/** Declare the network of the plan and return the stack outputs. */
export function declareNetwork(plan: NetworkPlan, providers: Providers): StackOutputs {
  const vpcs = declareVpcs(plan, providers);
  const link = declareLink(plan, providers, vpcs);
  const external = plan.external !== undefined ? new ExternalLink("external", { plan: plan.external, staging: vpcs.staging, drProvider: providers.dr }) : undefined;
  // The install target of each source's servers: --account-id only where they are in another account than DRS, and
  // then secret if that account is (the commands, and what is made from them, become secret outputs).
  const endpointTarget: pulumi.Output<InstallTarget> = pulumi
    .all([link.endpointDnsNames.drs, link.endpointDnsNames.s3])
    .apply(([drsEndpointDnsName, s3EndpointDnsName]) => ({ drRegion: plan.drRegion, drsEndpointDnsName, s3EndpointDnsName, drsDnsMode: plan.settings.drsDnsMode }));
  const targetOf = (i: number): pulumi.Output<InstallTarget> => {
    const { otherAccount, secretAccount } = plan.sources[i];
    if (otherAccount === undefined) return endpointTarget;
    const withAccount = endpointTarget.apply((t) => ({ ...t, accountId: otherAccount }));
    return secretAccount ? pulumi.secret(withAccount) : withAccount;
  };
  const externalTargetOf = (i: number): pulumi.Output<InstallTarget> =>
    endpointTarget.apply((t) => ({ ...t, drsDnsMode: "endpoint-flag" as const, ...(plan.external?.sources[i].dns === "resolver" ? { regionalNames: true } : {}) }));
  const probes = () => pulumi.all([endpointTarget, link.endpointDnsNames.ec2]).apply(([t, ec2EndpointDnsName]) => endpointProbes({ ...t, ec2EndpointDnsName }));
  for (const warning of plan.declareWarnings) void pulumi.log.warn(warning);
  const rollouts = declareRollouts(plan, providers, vpcs, targetOf, probes);
  const replication = declareReplication(plan, providers, vpcs, link, rollouts);
  const recovery = declareRecovery(plan, providers, vpcs, replication);
  const failback = declareFailback(plan, providers, vpcs, replication, recovery);
  const readiness = declareReadiness(plan, providers);
  return stackOutputs(plan, { vpcs, link, rollouts, replication, external, recovery, failback, readiness, targetOf, endpointTarget, probes, externalTargetOf });
}

/** Each source's side of the link: its VPC, provider and, in another account, the DR account as peer owner. */
function linkSources(plan: NetworkPlan, providers: Providers, vpcs: DeclaredVpcs) {
  return plan.sources.map((source, i) => ({
    key: source.key,
    region: source.region,
    provider: providers.sources[i],
    peerOwnerId: source.otherAccount === undefined ? undefined : source.secretAccount ? pulumi.secret(source.otherAccount) : source.otherAccount,
    vpcId: vpcs.sources[i].vpcId,
    cidrBlock: vpcs.sources[i].cidrBlock,
    routeTables: vpcs.sources[i].routeTables,
  }));
}

function declareLink(plan: NetworkPlan, providers: Providers, vpcs: DeclaredVpcs): Link {
  return new Link("link", {
    accountIds: plan.stackAccountIds,
    secretAccountIds: plan.secretAccountIds,
    sources: linkSources(plan, providers, vpcs),
    staging: vpcs.staging,
    drRegion: plan.drRegion,
    drsDnsMode: plan.settings.drsDnsMode,
    s3EndpointBuckets: plan.settings.s3EndpointBuckets,
    drProvider: providers.dr,
    ...externalSide(plan),
  });
}

/** What the link and the replication group admit from the external sources, and the S3 endpoint's DNS for the resolver. */
function externalSide(plan: NetworkPlan) {
  const external = plan.external;
  if (external === undefined) return {};
  return {
    externalBlocks: external.sources.flatMap((s) => s.cidrBlocks.map((cidrBlock) => ({ key: s.name, cidrBlock }))),
    s3PrivateDnsForInboundResolver: external.resolver !== undefined,
  };
}

/** agentRollout: per source, in its region and account, the same install command as its outputs, rolled out by tag. */
function declareRollouts(plan: NetworkPlan, providers: Providers, vpcs: DeclaredVpcs, targetOf: (i: number) => pulumi.Output<InstallTarget>, probes: DeclaredNetwork["probes"]) {
  const rollout = plan.settings.agentRollout;
  if (rollout === undefined) return undefined;
  return plan.sources.map((source, i) => {
    const endpoints = source.rolloutEndpoints;
    // The flow-log key of this source's region and account, where flowLogs.kms: create made one.
    const logKmsKeyArn = vpcs.flowLogKeys.get(`${source.region}/${source.accountKey}`);
    return new AgentRollout(source.key === "" ? "rollout" : `rollout-${source.key}`, {
      settings: rollout,
      region: source.region,
      drRegion: plan.drRegion,
      documentPrefix: `drs-${pulumi.getStack()}${source.key === "" ? "" : `-${source.key}`}`,
      vpcId: vpcs.sources[i].vpcId,
      ...(endpoints !== undefined
        ? { endpoints: { cidrBlock: endpoints.cidrBlock, subnetIds: endpoints.subnets === "created" ? vpcs.sources[i].subnetIds : [...endpoints.subnets], services: endpoints.services } }
        : {}),
      ...(logKmsKeyArn !== undefined ? { logKmsKeyArn } : {}),
      accountIds: plan.stackAccountIds,
      secretAccountIds: plan.secretAccountIds,
      target: targetOf(i),
      probes: probes(),
      provider: providers.sources[i],
      secretAccount: source.secretSourceAccount,
    });
  });
}

/** DRS's replication: the groups, the service roles and initialization, the template. */
function declareReplication(plan: NetworkPlan, providers: Providers, vpcs: DeclaredVpcs, link: Link, rollouts: readonly AgentRollout[] | undefined) {
  const replication = plan.replication;
  if (replication === undefined) return undefined;
  const external = externalSide(plan);
  return new Replication("replication", {
    settings: replication.settings,
    drRegion: plan.drRegion,
    drAuth: providers.sideAuth(plan.settings.drProvider, "drProvider"),
    drAccountId: plan.drAccount,
    sources: linkSources(plan, providers, vpcs).map((s, i) => ({
      ...s,
      s3PrefixListId: vpcs.sources[i].s3PrefixListId,
      ...(rollouts !== undefined
        ? {
            systemsManagerEgress:
              rollouts[i].endpointSecurityGroupId !== undefined ? { securityGroupId: rollouts[i].endpointSecurityGroupId as pulumi.Output<string> } : { cidrBlock: s.cidrBlock },
          }
        : {}),
      auth: providers.sideAuth(plan.sources[i].settings.provider, plan.sources[i].authKey),
      accountKey: plan.sources[i].accountKey,
    })),
    serviceRoles: replication.serviceRoles.map((r) => ({ ...r, provider: r.sourceIndex === undefined ? providers.dr : providers.sources[r.sourceIndex] })),
    staging: vpcs.staging,
    ...(external.externalBlocks !== undefined ? { externalBlocks: external.externalBlocks } : {}),
    endpointSecurityGroupId: link.endpointSecurityGroupId,
    s3PrefixListId: link.s3PrefixListId,
    drProvider: providers.dr,
  });
}

/** The recovery side, in the DR region: after DRS's replication (and its initialization), where the stack makes it. */
function declareRecovery(plan: NetworkPlan, providers: Providers, vpcs: DeclaredVpcs, replication: Replication | undefined): Recovery | undefined {
  const recovery = plan.recovery;
  if (recovery === undefined) return undefined;
  if (providers.drNative === undefined) throw new Error("the recovery side needs the DR region's Cloud Control provider");
  return new Recovery(
    "recovery",
    {
      plan: recovery,
      region: plan.drRegion,
      accountIds: plan.stackAccountIds,
      secretAccountIds: plan.secretAccountIds,
      flowLogs: recovery.vpc.kind === "create" ? vpcs.flowLogOptions(recovery.vpc.flowLogs) : undefined,
      drProvider: providers.dr,
      nativeProvider: providers.drNative,
      ...(replication !== undefined ? { drsReady: [replication] } : {}),
      tags: plan.settings.tags,
    },
    { provider: providers.dr },
  );
}

/** Failback: in each source region, the reverse path from the recovery VPC, through the region's first source's provider. */
function declareFailback(plan: NetworkPlan, providers: Providers, vpcs: DeclaredVpcs, replication: Replication | undefined, recovery: Recovery | undefined) {
  const failback = plan.failback;
  if (failback === undefined) return undefined;
  if (recovery === undefined || replication === undefined || plan.recovery === undefined || plan.replication === undefined) throw new Error("failback needs the recovery side and replication");
  const recoverySide = { vpcId: recovery.vpcId, cidrBlock: failback.recoveryCidrBlock, routeTables: recovery.routeTables, region: plan.drRegion };
  return Object.fromEntries(
    failback.regions.map((region) => {
      const source = plan.sources[region.sourceIndex];
      const side = new FailbackRegion(
        `failback-${region.region}`,
        {
          plan: region,
          recovery: recoverySide,
          drProvider: providers.dr,
          provider: providers.sources[region.sourceIndex],
          nativeProvider: providers.failbackNative[region.region],
          auth: providers.sideAuth(source.settings.provider, source.authKey),
          replication: plan.replication!.settings,
          launch: plan.recovery!.settings.launch,
          launchSubnetId: vpcs.sources[region.sourceIndex].subnetIds[0],
          sourceServerSecurityGroupId: replication.sourceServerSecurityGroupIds[region.launchSourceKey],
          drsReady: [replication],
          flowLogs: vpcs.flowLogOptions(region.flowLogs),
          accountIds: plan.stackAccountIds,
          secretAccountIds: plan.secretAccountIds,
          tags: plan.settings.tags,
        },
        { provider: providers.sources[region.sourceIndex] },
      );
      return [region.region, side] as const;
    }),
  );
}

/** Readiness monitoring in the DR region: alarms across every source server, DRS's events, the topic they notify. */
function declareReadiness(plan: NetworkPlan, providers: Providers): Readiness | undefined {
  const readiness = plan.settings.readiness;
  if (readiness === undefined) return undefined;
  return new Readiness(
    "readiness",
    { settings: readiness, region: plan.drRegion, namePrefix: readinessPrefix(pulumi.getStack()), provider: providers.dr, secretAccount: plan.secretAccountIds },
    { provider: providers.dr },
  );
}
