/**
 * The plan: settings plus what the accounts said (`AccountFacts`) in, `NetworkPlan` out, or every problem at once.
 * It decides the zones and subnets, judges the adopted VPCs, DRS's service roles and AWS's quotas, refuses a secret
 * account in a logical name, and says what the agent rollout needs the accounts to do. Pure: no Pulumi import, no
 * lookup; account/ reads the facts and declare/ turns the plan into resources.
 */
import { crossAccountTrustWarning, SERVICE_LINKED_ROLE_WARNING } from "../agentRollout";
import { secretAccountNameProblems } from "../accountNames";
import type { ConfigProblem, Settings } from "../../settings";
import { accountNames, accountView, AccountView, flowLogKeys, flowLogKeyVpcs } from "./accounts";
import { externalPlan } from "./external";
import { flowLogPlan, networkChecks, sourcePlans, stagingPlan, subnetPlans } from "./network";
import { failbackPlan } from "./failback";
import { recoveryPlan } from "./recovery";
import { judgeNetworkQuotas, quotaRequestNames, quotaRequestPlans } from "./quotas";
import { quotaSides } from "./quotaSides";
import { serviceRolePlans } from "./replication";
import type { AccountFacts, FlowLogKeyPlan, NetworkPlan, PlanResult, SourcePlan } from "./types";

export type * from "./types";
export { sourceKeys, subnetPlans } from "./network";
export type { ExternalPlan, ExternalRoutePlan, VpnConnectionPlan } from "./external";
export type { RecoveryPlan } from "./recovery";
export type { FailbackPlan, FailbackRegionPlan } from "./failback";

/** Plan the network for these settings and facts. */
export function planNetwork(settings: Settings, facts: AccountFacts): PlanResult {
  const view = accountView(settings, facts.accounts);
  const checks = networkChecks(settings, facts);
  const roles = serviceRolePlans(facts.serviceRoles, view);
  const keyNames = flowLogKeys(settings, view);
  const sources = settings.sources.map((s, i) => ({ key: s.name, region: s.region, accountKey: view.accountKeyOf(i) }));
  const problems: ConfigProblem[] = [
    ...checks.sources.flatMap((c) => c.problems),
    ...checks.staging.problems,
    ...checks.recovery.problems,
    ...checks.failback.flatMap((c) => c.problems),
    ...roles.problems,
    ...secretAccountNameProblems(accountNames(settings, sources, roles.creations, keyNames, view.dr), view.secretKeys),
  ];
  const sides = quotaSides(settings, view.accountKeyOf);
  const quotas =
    checks.staging.problems.length === 0
      ? judgeNetworkQuotas(settings, sides, subnetPlans(settings.staging.vpcCidr, settings.staging.subnetPrefixLength, checks.staging.zones), facts)
      : undefined;
  const warnings = [...facts.quotas.warnings, ...(quotas?.warnings ?? [])].map((w) => `quotas: ${w}`);
  problems.push(...(quotas?.problems ?? []));
  if (problems.length > 0) {
    // Only quotas AWS raises stand in the way: with quotaIncreases "request", ask for them and declare nothing else.
    const raisable = quotas !== undefined && quotas.problems.length === problems.length && quotas.shortfalls.length === problems.length;
    const requestNames = secretAccountNameProblems(quotaRequestNames(quotas?.shortfalls ?? []), view.secretKeys);
    if (settings.quotaIncreases === "request" && raisable && requestNames.length === 0) {
      return { outcome: { kind: "quota-requests", requests: quotaRequestPlans(quotas.shortfalls, sides) }, quotas, warnings };
    }
    if (settings.quotaIncreases === "request") problems.push(...requestNames);
    return { outcome: { kind: "refused", problems }, quotas, warnings };
  }
  const plannedSources = sourcePlans(settings, view, checks.sources.map((c) => c.zones));
  const staging = stagingPlan(settings, view, checks.staging.zones);
  const external = externalPlan(settings, staging.subnets);
  const failbackBlocks = Object.values(settings.failback?.stagingVpcCidrs ?? {});
  const recovery =
    settings.recovery !== undefined
      ? recoveryPlan(settings.recovery, (cidr, length) => subnetPlans(cidr, length, checks.recovery.zones), flowLogPlan(settings, settings.drRegion, "", settings.flowLogs?.stagingKmsKeyArn, view.isSecret(view.dr)), failbackBlocks)
      : undefined;
  const failback =
    recovery !== undefined
      ? failbackPlan(settings, {
          sources: plannedSources,
          recoveryCidrBlock: recovery.vpc.cidrBlock,
          zones: (region) => checks.failback.find((c) => c.region === region)?.zones ?? [],
          subnets: subnetPlans,
          flowLogs: (region, accountKey) => flowLogPlan(settings, region, accountKey, undefined, view.isSecret(view.accountOfKey(accountKey))),
        })
      : undefined;
  const plan: NetworkPlan = {
    settings,
    drRegion: settings.drRegion,
    ...(view.dr !== undefined ? { drAccount: view.dr } : {}),
    sources: plannedSources,
    staging,
    ...(external !== undefined ? { external } : {}),
    ...(recovery !== undefined ? { recovery } : {}),
    ...(failback !== undefined ? { failback } : {}),
    flowLogKeys: flowLogKeyPlans(settings, view, keyNames),
    stackAccountIds: facts.stackAccountIds,
    secretAccountIds: view.secretKeys.size > 0,
    ...(settings.replication !== undefined ? { replication: { settings: settings.replication, serviceRoles: roles.creations } } : {}),
    declareWarnings: rolloutWarnings(settings, view, plannedSources),
  };
  return { outcome: { kind: "network", plan }, quotas, warnings };
}

/** The created flow-log keys, each made through the provider of the first VPC that takes it. */
function flowLogKeyPlans(settings: Settings, view: AccountView, names: ReadonlyMap<string, string>): FlowLogKeyPlan[] {
  const vpcs = flowLogKeyVpcs(settings, view.accountKeyOf);
  return [...names.entries()].map(([id, name]) => {
    const first = vpcs.find((v) => `${v.region}/${v.accountKey}` === id);
    const accountKey = id.slice(id.indexOf("/") + 1);
    return {
      id,
      name,
      region: id.slice(0, id.indexOf("/")),
      ...(first?.sourceIndex !== undefined ? { sourceIndex: first.sourceIndex } : {}),
      secretAccount: view.isSecret(view.accountOfKey(accountKey)),
    };
  });
}

/** What the accounts and AWS must provide for the agent rollout, which no API this program may read confirms: said, not assumed. */
function rolloutWarnings(settings: Settings, view: AccountView, sources: readonly SourcePlan[]): string[] {
  if (settings.agentRollout === undefined) return [];
  return [
    SERVICE_LINKED_ROLE_WARNING,
    ...sources.flatMap((source, i) => {
      const dr = source.otherAccount;
      if (dr === undefined) return [];
      const label = source.key === "" ? "the source" : `source ${source.key}`;
      return [crossAccountTrustWarning({ source: label, sourceAccount: view.shown(view.sources[i] as string), drAccount: view.shown(dr), drRegion: settings.drRegion, stsEndpoint: source.rolloutEndpoints !== undefined })];
    }),
  ];
}
