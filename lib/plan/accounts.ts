/**
 * The accounts of the plan: which account each source is in (as a key: `""` for the DR account, else its id), which
 * ids are part of a secret config value, where DRS is initialized, and every logical name that would carry an account
 * id (which a secret one must never be in: lib/accountNames.ts). Pure.
 */
import { AccountName, failbackInitializations, flowLogKeyNames } from "../accountNames";
import { failbackSides } from "./failback";
import { roleShortName } from "../drsServiceRoles";
import { SECRET_PLACEHOLDER } from "../secretText";
import type { ProviderSettings, Settings } from "../../settings";

/** The accounts as the plan reads them. */
export interface AccountView {
  /** Whether a side authenticates on its own (then each side's account is known). */
  readonly differ: boolean;
  readonly dr?: string;
  readonly sources: readonly (string | undefined)[];
  /** The DR account, for a source in another account; `undefined` within one account. */
  otherAccount(i: number): string | undefined;
  /** A source's account key: `""` in the DR account, else its id. */
  accountKeyOf(i: number): string;
  /** A side's own account id, from its key (`""`: the DR account). */
  accountOfKey(accountKey: string): string | undefined;
  /** The account ids read from a secret key, each with the config key it is reported under. */
  readonly secretKeys: ReadonlyMap<string, string>;
  isSecret(account: string | undefined): boolean;
  /** An account id as a message shows it: `[secret]` where it is part of a secret value. */
  shown(account: string): string;
}

/** The accounts of these settings, given each side's account where they were read (`undefined`: one account). */
export function accountView(settings: Settings, accounts: { readonly dr: string; readonly sources: readonly string[] } | undefined): AccountView {
  const differ = accounts !== undefined;
  const sources = accounts?.sources ?? [];
  const secretKeys = secretAccounts(settings);
  const isSecret = (account: string | undefined) => account !== undefined && secretKeys.has(account);
  const otherAccount = (i: number) => (differ && sources[i] !== accounts?.dr ? accounts?.dr : undefined);
  return {
    differ,
    dr: accounts?.dr,
    sources,
    otherAccount,
    accountKeyOf: (i) => (otherAccount(i) !== undefined ? sources[i] : ""),
    accountOfKey: (accountKey) => (accountKey !== "" ? accountKey : accounts?.dr),
    secretKeys,
    isSecret,
    shown: (account) => (isSecret(account) ? SECRET_PLACEHOLDER : account),
  };
}

/** The account ids read from a secret key, each with the config key it is reported under. */
export function secretAccounts(settings: Settings): Map<string, string> {
  const found = new Map<string, string>();
  const add = (auth: ProviderSettings | undefined, secretKey: string, reportKey: string) => {
    if (auth?.accountId !== undefined && settings.secretKeys.includes(secretKey as Settings["secretKeys"][number]) && !found.has(auth.accountId)) found.set(auth.accountId, reportKey);
  };
  add(settings.drProvider, "drProvider", "drProvider");
  settings.sources.forEach((s) => add(s.provider, s.name === "" ? "sourceProvider" : "sources", s.name === "" ? "sourceProvider" : `sources[${s.configIndex}].provider`));
  return found;
}

/**
 * The accounts where DRS is initialized: the DR side's, and with failback each source account that differs from it,
 * looked up through the first source of that account.
 */
export function drsAccounts(settings: Settings, view: AccountView): { accountKey: string; sourceIndex?: number; where: string }[] {
  const sides: { accountKey: string; sourceIndex?: number; where: string }[] = [{ accountKey: "", where: "the DR account (drProvider)" }];
  if (settings.replication?.failback === true) {
    settings.sources.forEach((source, i) => {
      const accountKey = view.accountKeyOf(i);
      if (accountKey !== "" && !sides.some((s) => s.accountKey === accountKey)) {
        sides.push({ accountKey, sourceIndex: i, where: `account ${view.shown(accountKey)} (${source.name === "" ? "sourceProvider" : `sources[${source.configIndex}].provider`})` });
      }
    });
  }
  return sides;
}

/** The VPCs whose flow-log groups get a created key, in the order they are declared: each created source's, then staging. */
export function flowLogKeyVpcs(settings: Settings, accountKeyOf: (i: number) => string): { region: string; accountKey: string; sourceIndex?: number }[] {
  if (settings.flowLogs?.createKeys !== true) return [];
  return [
    ...settings.sources.flatMap((s, i) => (s.vpc.kind === "create" ? [{ region: s.region, accountKey: accountKeyOf(i), sourceIndex: i }] : [])),
    { region: settings.drRegion, accountKey: "" },
    // Failback's staging VPC of each source region, made through the region's first source's provider.
    ...failbackSides(settings).map(({ region, sourceIndex }) => ({ region, accountKey: accountKeyOf(sourceIndex), sourceIndex })),
  ];
}

/** The created flow-log keys' names, by `<region>/<account key>`. */
export function flowLogKeys(settings: Settings, view: AccountView): Map<string, string> {
  return flowLogKeyNames(flowLogKeyVpcs(settings, view.accountKeyOf), view.dr);
}

/**
 * Every logical name the network will declare with an account id in it: DRS's service roles in a source account,
 * failback's initialization of a region's second account, a region's second flow-log key.
 */
export function accountNames(
  settings: Settings,
  sources: readonly { key: string; region: string; accountKey: string }[],
  roleAccounts: readonly { accountKey: string; roles: readonly { name: string }[] }[],
  keyNames: ReadonlyMap<string, string>,
  drAccount: string | undefined,
): AccountName[] {
  const roles = roleAccounts.flatMap((plan) =>
    plan.accountKey !== ""
      ? plan.roles.map((r) => ({
          name: `replication-${plan.accountKey}-${roleShortName(r.name)}`,
          account: plan.accountKey,
          remedy: "create DRS's service roles in that account first (the program then only looks them up), or set replication.failback to false",
        }))
      : [],
  );
  const initializations =
    settings.replication?.initializeService === true && settings.replication.failback
      ? failbackInitializations("replication", sources, settings.drRegion, drAccount).flatMap(({ name, source }) => {
          const account = source.accountKey !== "" ? source.accountKey : (drAccount ?? "");
          return account !== "" && name.endsWith(`-${account}`) ? [{ name, account, remedy: "give that account's sources a region of their own, or set replication.failback to false" }] : [];
        })
      : [];
  const keys = [...keyNames.entries()].flatMap(([id, name]) => {
    const accountKey = id.slice(id.indexOf("/") + 1);
    const account = accountKey !== "" ? accountKey : (drAccount ?? "");
    return account !== "" && name.endsWith(`-${account}`) ? [{ name, account, remedy: "give the flow-log keys yourself (sources[].flowLogsKmsKeyArn, flowLogs.stagingKmsKeyArn) instead of flowLogs.kms: create" }] : [];
  });
  return [...roles, ...initializations, ...keys];
}

