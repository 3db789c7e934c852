/**
 * Every answer the plan needs from the accounts, read once through the sides' providers and in parallel where one
 * does not wait for another: each side's account (where the sides authenticate differently), then the zones, the
 * adopted VPCs, DRS's service roles, the quotas and the accounts' usage. Lookups only: lib/plan/ judges them.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { accountView, drsAccounts } from "../lib/plan/accounts";
import { failbackSides } from "../lib/plan/failback";
import { quotaSides } from "../lib/plan/quotaSides";
import type { AccountFacts } from "../lib/plan/types";
import type { ProviderSettings, Settings } from "../settings";
import { readAdoptedVpc, readZones } from "./network";
import { readQuotaFacts } from "./quotas";
import { readServiceRoles } from "./roles";

/** The providers the facts are read through: the DR side's, and one per source in config order. */
export interface SideProviders {
  readonly dr: pulumi.ProviderResource;
  readonly sources: readonly pulumi.ProviderResource[];
}

/** Read what the accounts say, for these settings. */
export async function readAccountFacts(settings: Settings, providers: SideProviders): Promise<AccountFacts> {
  const accounts = await readAccounts(settings, providers);
  const view = accountView(settings, accounts);
  const providerOf = (sourceIndex: number | undefined) => (sourceIndex === undefined ? providers.dr : providers.sources[sourceIndex]);

  // The stack's accounts, for the endpoint policies: known where the sides differ, else the one ambient account.
  const stackAccountIds = accounts !== undefined
    ? Promise.resolve([...new Set([accounts.dr, ...accounts.sources])])
    : aws.getCallerIdentity({}, { provider: providers.dr }).then((identity) => [identity.accountId]);
  const sides = quotaSides(settings, view.accountKeyOf);
  const quotas = readQuotaFacts(
    sides.toRead.map((s) => ({ ...s, provider: providerOf(s.sourceIndex) })),
    sides.zoneSide !== undefined ? { side: sides.zoneSide, provider: providers.dr } : undefined,
  );
  const [stagingZones, ...sources] = await Promise.all([
    readZones(providers.dr, settings.drRegion, true),
    ...settings.sources.map(async (source, i) =>
      source.vpc.kind === "create"
        ? { kind: "create" as const, zones: await readZones(providers.sources[i], source.region, false) }
        : { kind: "adopt" as const, ...(await readAdoptedVpc(providers.sources[i], source.vpc, settings.staging.vpcCidr)) },
    ),
  ]);
  // An adopted recovery VPC, as the DR account has it.
  const recoveryVpc = settings.recovery?.vpc.kind === "adopt" ? (await readAdoptedVpc(providers.dr, settings.recovery.vpc, settings.staging.vpcCidr)).vpc : undefined;
  // Failback: each source region's zones and endpoint services, through the region's first source's provider.
  const failbackZones = Object.fromEntries(
    await Promise.all(
      failbackSides(settings).map(({ region, sourceIndex }) => readZones(providers.sources[sourceIndex], region, true).then((zones) => [region, zones] as const)),
    ),
  );
  // DRS's service roles, in each account where DRS is initialized: looked up, so only the missing ones are declared.
  const serviceRoles =
    settings.replication?.initializeService === true
      ? await Promise.all(drsAccounts(settings, view).map((side) => readServiceRoles(providerOf(side.sourceIndex), side, view.accountOfKey(side.accountKey))))
      : [];
  return { ...(accounts !== undefined ? { accounts } : {}), stackAccountIds: await stackAccountIds, stagingZones, sources, ...(settings.failback !== undefined ? { failbackZones } : {}), ...(recoveryVpc !== undefined ? { recoveryVpc } : {}), serviceRoles, quotas: await quotas };
}

/** Each side's account, where a side authenticates on its own: from the config, or looked up through its provider. */
async function readAccounts(settings: Settings, providers: SideProviders): Promise<AccountFacts["accounts"]> {
  const differ = settings.drProvider !== undefined || settings.sources.some((s) => s.provider !== undefined);
  if (!differ) return undefined;
  const accountOf = async (auth: ProviderSettings | undefined, provider: pulumi.ProviderResource) =>
    auth?.accountId ?? (await aws.getCallerIdentity({}, { provider })).accountId;
  const [dr, ...sources] = await Promise.all([accountOf(settings.drProvider, providers.dr), ...settings.sources.map((s, i) => accountOf(s.provider, providers.sources[i]))]);
  return { dr, sources };
}
