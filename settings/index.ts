/**
 * The program's configuration: every key, its default, and its validation (README.md here names the passes and where
 * each lives).
 *
 * `parseSettings` turns raw config (what `pulumi config` or the Automation API's `setAllConfig` holds) into a typed
 * `Settings` object, or throws one `ConfigError` that lists every problem, each naming its key and the bad value.
 * Everything downstream trusts `Settings` and never reads Pulumi config again. Pure: no Pulumi resources.
 */
import { maskWholeValues, SECRET_PLACEHOLDER } from "../lib/secretText";
import { RawConfig, withoutUnsetKeys } from "./codec";
import { parseEachKey } from "./perKey";
import { ConfigError, quoteFor, stringsIn } from "./problems";
import { crossFieldProblems } from "./rules";
import { CONFIG_SCHEMA, ConfigKey, Fields } from "./schema";
import { toSettings } from "./toSettings";
import type { Settings } from "./types";

export { DEFAULTS, DRS_DNS_MODES, LOG_RETENTION_DAYS, MAX_AVAILABILITY_ZONES, MIN_AVAILABILITY_ZONES, QUOTA_INCREASE_MODES } from "./defaults";
export type {
  AdoptedSourceVpc,
  AgentRolloutSettings,
  AvailabilityZoneChoice,
  CreatedSourceVpc,
  ExternalConnection,
  ExternalSourceSettings,
  FailbackSettings,
  FlowLogSettings,
  ProviderSettings,
  RecoveryLaunchSettings,
  RecoverySettings,
  ReplicationSettings,
  Settings,
  SourceSettings,
} from "./types";
export { ConfigError } from "./problems";
export type { ConfigProblem } from "./problems";
export { CONFIG_SCHEMA } from "./schema";
export type { ConfigKey } from "./schema";
export { projectConfig, STRUCTURED_KEYS, toPulumiConfig, UNSET_WHEN_EMPTY } from "./codec";

/** How `parseSettings` treats the values it is given. */
export interface ParseOptions {
  /**
   * Keys (without the project prefix) whose values are secrets (`pulumi config set --secret`): a problem with one of
   * them names the key and shows `[secret]`, never the value.
   */
  readonly secretKeys?: readonly string[];
}

/** What a problem shows in place of a secret key's value. */
export { SECRET_PLACEHOLDER };

/**
 * Validate a whole raw config (keys without the project prefix) and return the settings, or throw a `ConfigError`
 * that lists every problem. Values may be typed (from code) or strings as Pulumi config holds them (JSON for the
 * structured keys).
 */
export function parseSettings(config: RawConfig, options: ParseOptions = {}): Settings {
  const secretKeys = (options.secretKeys ?? []).filter((k) => Object.hasOwn(config, k));
  const raw = withoutUnsetKeys(config);
  const { fields, problems } = parseEachKey(raw, secretKeys);

  // A cross-field problem quotes a secret key's value as [secret]; every whole value of a secret key is hidden too.
  const secretValues = secretKeys.flatMap((k) => stringsIn(fields[k as ConfigKey]));
  problems.push(...crossFieldProblems(fields, raw, quoteFor(secretKeys)).map((p) => ({ key: p.key, message: maskWholeValues(p.message, secretValues) })));
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return { ...toSettings(fields as Fields), secretKeys: secretKeys.filter((k): k is ConfigKey => Object.hasOwn(CONFIG_SCHEMA, k)) };
}
