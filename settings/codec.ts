/**
 * Pulumi config strings <-> values. Pulumi hands the program every config value as a string (JSON for the structured
 * keys) under `<project>:<key>`; `decode` reads a value back, `projectConfig` and `toPulumiConfig` move between the
 * project's keys and Pulumi's full ones (with the key rule of `pulumi config set`, lib/pulumiProject.ts), and an
 * empty value of a key without a default means the key is not set. Pure.
 */
import { stackKey } from "../lib/pulumiProject";
import type { ConfigKey } from "./schema";

/** A config as given to `parseSettings`: the project's keys, without the `<project>:` prefix, typed or as strings. */
export type RawConfig = Readonly<Record<string, unknown>>;

/** Keys whose values are not strings: Pulumi hands every config value to the program as a string, JSON for these. */
export const STRUCTURED_KEYS: readonly ConfigKey[] = [
  "subnetPrefixLength",
  "availabilityZoneCount",
  "sourceAvailabilityZones",
  "stagingAvailabilityZones",
  "sourceVpc",
  "tags",
  "replication",
  "s3EndpointExtraBuckets",
  "sourceS3GatewayEndpoint",
  "flowLogs",
  "stagingNetworkAcl",
  "agentRollout",
  "recovery",
  "failback",
  "readiness",
  "sourceProvider",
  "drProvider",
  "sources",
  "estimate",
];

/**
 * Keys with no default, for which an empty value (`""`, `[]`, `{}`) means "not set". Pulumi.yaml declares each with
 * that empty default, because the Pulumi CLI refuses to run a stack that lacks a declared key with no default
 * (lib/pulumiProject.ts); a user may also write the empty value to say "none".
 */
export const UNSET_WHEN_EMPTY: readonly ConfigKey[] = [
  "sourceRegion",
  "sourceAvailabilityZones",
  "stagingAvailabilityZones",
  "sourceVpc",
  "sourceProvider",
  "drProvider",
  "sources",
  "estimate",
];

const isEmptyValue = (value: unknown) =>
  value === "" || (Array.isArray(value) && value.length === 0) || (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);

/** The config without the keys whose empty value means "not set" (`UNSET_WHEN_EMPTY`). */
export function withoutUnsetKeys(config: RawConfig): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).filter(([key, value]) => !((UNSET_WHEN_EMPTY as readonly string[]).includes(key) && isEmptyValue(decode(key as ConfigKey, value)))),
  );
}

/** Pulumi config holds strings; structured keys hold JSON. A value that is not JSON is left for the schema to reject. */
export function decode(key: ConfigKey, value: unknown): unknown {
  if (typeof value !== "string" || !STRUCTURED_KEYS.includes(key)) {
    return value;
  }
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * A config object as Pulumi holds it: full `<project>:<key>` names (keys without a namespace are the project's),
 * strings as they are, anything else as JSON. The inverse of `projectConfig`.
 */
export function toPulumiConfig(config: Readonly<Record<string, unknown>>, project: string): Record<string, string> {
  if (config === null || typeof config !== "object" || Array.isArray(config)) throw new Error("config must be an object of keys");
  // The key rule of `pulumi config set` (which the Automation API's setAllConfig runs): lib/pulumiProject.ts stackKey.
  const keys = Object.keys(config).map((key) => ({ key, parsed: stackKey(project, key) }));
  const bad = keys.flatMap(({ parsed }) => ("problem" in parsed ? [parsed.problem] : []));
  if (bad.length > 0) throw new Error(bad.join("; "));
  return Object.fromEntries(keys.map(({ key, parsed }) => [(parsed as { full: string }).full, typeof config[key] === "string" ? (config[key] as string) : JSON.stringify(config[key])]));
}

/** The project's keys of a Pulumi config, without the `<project>:` prefix: what `parseSettings` takes. */
export function projectConfig<T>(config: Readonly<Record<string, T>>, project: string): Record<string, T> {
  const prefix = `${project}:`;
  return Object.fromEntries(Object.entries(config).filter(([key]) => key.startsWith(prefix)).map(([key, value]) => [key.slice(prefix.length), value]));
}
