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
