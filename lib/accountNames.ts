/**
 * Logical names that carry an AWS account id, and the check that none carries a secret one. Pulumi cannot keep a
 * resource's name secret: it is the URN, shown by every preview and stored in plain text in the state. So an account
 * id that is part of a secret config value (a secret `assumeRoleArn` holds its account) must never be part of a name;
 * the program refuses such a config before anything is made, naming the names with `[secret]`. Pure.
 */
import { SECRET_PLACEHOLDER } from "./secretText";

/** One logical name the program will declare, with the account id it carries and why it carries one. */
export interface AccountName {
  /** The logical name, account id included. */
  readonly name: string;
  /** The account id in it. */
  readonly account: string;
  /** How the user avoids the name. */
  readonly remedy: string;
}

/**
 * The flow-log keys of `flowLogs.kms: create`, in the order the VPCs are declared (`<region>/<account key>`, `""` for
 * the DR account): a region's first key is `flow-logs-key-<region>`, a later account's adds its id.
 */
export function flowLogKeyNames(vpcs: readonly { readonly region: string; readonly accountKey: string }[], drAccount: string | undefined): Map<string, string> {
  const names = new Map<string, string>();
  for (const { region, accountKey } of vpcs) {
    const id = `${region}/${accountKey}`;
    if (names.has(id)) continue;
    const second = [...names.keys()].some((k) => k.startsWith(`${region}/`));
    names.set(id, second ? `flow-logs-key-${region}-${accountKey || drAccount}` : `flow-logs-key-${region}`);
  }
  return names;
}

/**
 * One problem per secret account that would be in a name: under the config key that holds it, the names shown with
 * `[secret]`, and what to change.
 */
export function secretAccountNameProblems(names: readonly AccountName[], secretAccountKeys: ReadonlyMap<string, string>): { key: string; message: string }[] {
  const byAccount = new Map<string, AccountName[]>();
  for (const n of names.filter((x) => secretAccountKeys.has(x.account))) byAccount.set(n.account, [...(byAccount.get(n.account) ?? []), n]);
  return [...byAccount.entries()].map(([account, list]) => ({
    key: secretAccountKeys.get(account) as string,
    message:
      `its account id is part of a secret value, but the program would name resources by it (${list.map((n) => n.name.split(account).join(SECRET_PLACEHOLDER)).join(", ")}), ` +
      `and Pulumi cannot keep a resource's name secret (it is the URN): ${[...new Set(list.map((n) => n.remedy))].join("; or ")}`,
  }));
}

/**
 * The initializations failback adds, with their logical names: once per source region and account, but not the DR
 * account's DR region (the shorthand's single source keeps `<name>-drs-init-source`; a region's first account keeps
 * the region's name, a later one adds its account id, `drAccountId` for the DR account's).
 */
export function failbackInitializations<S extends { readonly region: string; readonly accountKey: string; readonly key: string }>(
  name: string,
  sources: readonly S[],
  drRegion: string,
  drAccountId: string | undefined,
): { name: string; source: S }[] {
  const single = sources.length === 1 && sources[0].key === "";
  const seen = new Set<string>();
  const regionsNamed = new Set<string>();
  const made: { name: string; source: S }[] = [];
  for (const source of sources) {
    const pair = `${source.region}/${source.accountKey}`;
    if (seen.has(pair) || (source.region === drRegion && source.accountKey === "")) continue;
    seen.add(pair);
    const initName = single
      ? `${name}-drs-init-source`
      : regionsNamed.has(source.region)
        ? `${name}-drs-init-${source.region}-${source.accountKey !== "" ? source.accountKey : drAccountId}`
        : `${name}-drs-init-${source.region}`;
    regionsNamed.add(source.region);
    made.push({ name: initName, source });
  }
  return made;
}
