/**
 * The network's quotas judged against the accounts' (lib/quotas.ts), and the increase requests of
 * `quotaIncreases: request`: each quota too low that AWS raises that far, by a logical name. Pure.
 */
import type { AccountName } from "../accountNames";
import { judgeQuotas, QuotaJudgment, QUOTAS, QuotaShortfall, quotaNeeds } from "../quotas";
import { quotaInput } from "../quotaInput";
import type { Settings } from "../../settings";
import type { QuotaSides } from "./quotaSides";
import type { AccountFacts, QuotaRequestPlan, SubnetPlan } from "./types";

/** The network's quota needs, judged against what the accounts allow. */
export function judgeNetworkQuotas(settings: Settings, sides: QuotaSides, stagingSubnets: readonly SubnetPlan[], facts: AccountFacts): QuotaJudgment {
  const input = quotaInput(settings, {
    dr: sides.dr,
    sourceSides: sides.sourceSides,
    stagingSubnetCidrs: stagingSubnets.map((s) => s.cidrBlock),
    adoptedRoutes: Object.assign({}, ...facts.sources.map((s) => (s.kind === "adopt" ? s.routes : {}))),
    existingVpcs: facts.quotas.existingVpcs,
    madePeerings: facts.quotas.madePeerings,
    adoptedPeerings: facts.quotas.adoptedPeerings,
  });
  return judgeQuotas(quotaNeeds(input), facts.quotas.applied, settings.sources[0]?.name === "" ? "sourceRegion" : "sources");
}

/** A quota increase request's logical name: the quota, the region and (another account's) the account id. */
export function quotaRequestName(shortfall: QuotaShortfall): string {
  const account = shortfall.side.key.slice(0, shortfall.side.key.lastIndexOf("/"));
  return `quota-${QUOTAS[shortfall.quota].code}-${shortfall.side.region}${account !== "" ? `-${account}` : ""}`;
}

/** The quota requests' names that carry an account id. */
export function quotaRequestNames(shortfalls: readonly QuotaShortfall[]): AccountName[] {
  return shortfalls.flatMap((shortfall) => {
    const account = shortfall.side.key.slice(0, shortfall.side.key.lastIndexOf("/"));
    return account !== "" ? [{ name: quotaRequestName(shortfall), account, remedy: 'raise the quotas yourself (quotaIncreases "refuse" names the commands)' }] : [];
  });
}

/** The requests, each through the provider of its side. */
export function quotaRequestPlans(shortfalls: readonly QuotaShortfall[], sides: QuotaSides): QuotaRequestPlan[] {
  return shortfalls.map((shortfall) => {
    const sourceIndex = sides.sourceIndexOf(shortfall.side.key);
    return { name: quotaRequestName(shortfall), shortfall, ...(sourceIndex !== undefined ? { sourceIndex } : {}) };
  });
}
