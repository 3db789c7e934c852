/**
 * The program, in four steps: config -> settings (settings/), the providers and what the accounts say (account/),
 * the plan (lib/plan/: every decision, every problem, pure), then the resources (declare/: only `new`).
 *
 * `drsSecuredNetwork` is what `pulumi up` runs (through index.ts) and what an Automation API inline program calls;
 * `createNetwork` is the same from typed settings. Both declare nothing but the providers until the config and the
 * account lookups have passed.
 */
import * as pulumi from "@pulumi/pulumi";
import { readAccountFacts } from "./account";
import { declareNetwork, declareProviders, requestQuotaIncreases } from "./declare";
import { OPTIONAL_STACK_OUTPUT_NAMES, PendingQuotaOutputs, STACK_OUTPUT_NAMES, StackOutputs } from "./lib/outputNames";
import { planNetwork } from "./lib/plan";
import { readinessStackProblem } from "./lib/readiness";
import type { QuotaJudgment } from "./lib/quotas";
import { ConfigError, parseSettings, projectConfig, Settings } from "./settings";

export type { PendingQuotaOutputs, QuotaIncreaseRequest, SourceNetwork, StackOutputs } from "./lib/outputNames";
export { OPTIONAL_STACK_OUTPUT_NAMES, STACK_OUTPUT_NAMES } from "./lib/outputNames";

// Every name is an output, and every output has a name: a compile error here means the contract and the type differ.
type Names = (typeof STACK_OUTPUT_NAMES)[number] | (typeof OPTIONAL_STACK_OUTPUT_NAMES)[number];
const _everyNameIsAnOutput: readonly (keyof StackOutputs)[] = [...STACK_OUTPUT_NAMES, ...OPTIONAL_STACK_OUTPUT_NAMES];
const _everyOutputHasAName: readonly Names[] = [] as (keyof StackOutputs)[];
void _everyNameIsAnOutput;
void _everyOutputHasAName;

/**
 * The whole program. With no argument it reads this project's Pulumi config (stack file, or the Automation API's
 * `setAllConfig`); a raw config object (keys without the project prefix) may be passed instead.
 */
export async function drsSecuredNetwork(rawConfig?: Readonly<Record<string, unknown>>, options: ProgramOptions = {}): Promise<StackOutputs | PendingQuotaOutputs> {
  if (rawConfig !== undefined) return createNetwork(parseSettings(rawConfig), options);
  const { values, secretKeys } = readProjectConfig();
  return createNetwork(parseSettings(values, { secretKeys }), options);
}

/** What a caller of the program (the synth, an Automation API tool) may ask to see of the preflight. */
export interface ProgramOptions {
  /** Called once with the quota judgment: every quota's need, applied value and headroom, before anything is declared. */
  readonly onQuotas?: (judgment: QuotaJudgment) => void;
}

/**
 * This project's config keys and values, without the `<project>:` prefix, and which of them are secrets. Pulumi hands
 * a secret's value to the program decrypted; `isConfigSecret` (the engine's PULUMI_CONFIG_SECRET_KEYS, as
 * `Config.getSecret` reads it) says which keys were encrypted, so their values are never shown and are kept secret.
 */
export function readProjectConfig(): { values: Record<string, string>; secretKeys: string[] } {
  const project = pulumi.getProject();
  const all = pulumi.runtime.allConfig();
  // `isConfigSecret` is the runtime's own check (runtime/config.js, the one `Config.get` uses to warn about secrets);
  // its declaration is marked internal, so it is reached through a narrow cast and treated as absent if ever removed.
  const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret ?? (() => false);
  const secretKeys = Object.keys(all)
    .filter((key) => key.startsWith(`${project}:`) && isSecret(key))
    .map((key) => key.slice(project.length + 1));
  return { values: projectConfig(all, project), secretKeys };
}

/** Config keys whose secret values the program keeps secret: they reach only provider settings and tags. */
const SECRET_CAPABLE_KEYS: readonly string[] = ["tags", "sourceProvider", "drProvider", "sources"];

/**
 * Declare the network for validated settings and return the stack outputs; or, with `quotaIncreases: request` and
 * quotas too low, only the increase requests.
 */
export async function createNetwork(settings: Settings, options: ProgramOptions = {}): Promise<StackOutputs | PendingQuotaOutputs> {
  for (const key of settings.secretKeys.filter((k) => !SECRET_CAPABLE_KEYS.includes(k))) {
    pulumi.log.warn(
      `config key ${key} is a secret, but its value shapes the network (block sizes, regions, ids) and is stored in plain ` +
        "text in the resources' properties; only tags and provider settings (profile, assumeRoleArn) are kept secret",
    );
  }
  // The stack's name is part of the readiness resources' names: refused here, before any resource, if AWS would refuse them.
  const readinessProblem = settings.readiness !== undefined ? readinessStackProblem(pulumi.getStack()) : undefined;
  if (readinessProblem !== undefined) throw new ConfigError([{ key: "readiness", message: readinessProblem }]);
  const providers = declareProviders(settings);
  const facts = await readAccountFacts(settings, providers);
  const { outcome, quotas, warnings } = planNetwork(settings, facts);
  for (const warning of warnings) void pulumi.log.warn(warning);
  if (quotas !== undefined) options.onQuotas?.(quotas);
  switch (outcome.kind) {
    case "refused":
      throw new ConfigError(outcome.problems);
    case "quota-requests":
      return requestQuotaIncreases(settings, outcome.requests, providers);
    case "network":
      return declareNetwork(outcome.plan, providers);
  }
}
