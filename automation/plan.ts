/**
 * Planning a run over many environments: read the environments file, resolve each environment's config, and
 * validate every one with the program's own settings before anything runs, so a bad file fails with every problem
 * of every environment at once. Pure apart from reading the stack files it names.
 */
import { dirname, resolve } from "node:path";
import { parse } from "yaml";
import { programConfig, readStackFile } from "../lib/pulumiProject";
import { ConfigError, parseSettings, projectConfig, SECRET_PLACEHOLDER, toPulumiConfig } from "../settings";

/** What a run does to each environment. */
export type Action = "preview" | "up" | "destroy";
export const ACTIONS: readonly Action[] = ["preview", "up", "destroy"];

/** One environment: a stack and its config as Pulumi holds it (full `<project>:<key>` names, strings). */
export interface EnvironmentPlan {
  readonly stack: string;
  readonly config: Readonly<Record<string, string>>;
}

/** A whole run. */
export interface Plan {
  readonly action: Action;
  readonly project: string;
  readonly environments: readonly EnvironmentPlan[];
}

/** Every problem found while planning, one line each. */
export class PlanError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`The environments file has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PlanError";
  }
}

/**
 * Plan `action` over the environments of `fileText` (YAML: `project?`, `environments: [{ stack, stackFile? ,
 * config? }]`), keeping only `stacks` when given. `readFile` reads a stack file relative to the environments file.
 */
export function planRun(
  action: Action,
  fileText: string,
  file: string,
  readFile: (path: string) => string,
  stacks: readonly string[] = [],
): Plan {
  const problems: string[] = [];
  const doc = parse(fileText) as { project?: unknown; environments?: unknown } | null;
  const project = typeof doc?.project === "string" ? doc.project : "drs-secured-network";
  if (!Array.isArray(doc?.environments) || doc.environments.length === 0) {
    throw new PlanError([`${file}: needs an environments list, e.g. environments: [{ stack: dev, stackFile: Pulumi.dev.yaml }]`]);
  }
  const environments: EnvironmentPlan[] = [];
  const seen = new Set<string>();
  (doc.environments as Record<string, unknown>[]).forEach((env, i) => {
    const where = typeof env?.stack === "string" ? env.stack : `environments[${i}]`;
    if (typeof env?.stack !== "string" || !/^[A-Za-z0-9_.\-/]+$/.test(env.stack)) {
      problems.push(`${where}: needs a stack name`);
      return;
    }
    if (seen.has(env.stack)) {
      problems.push(`${where}: is listed twice`);
      return;
    }
    seen.add(env.stack);
    if ((env.stackFile === undefined) === (env.config === undefined)) {
      problems.push(`${where}: needs exactly one of stackFile (a Pulumi.<stack>.yaml to read) or config (the keys inline)`);
      return;
    }
    let config: Record<string, string>;
    try {
      if (env.stackFile !== undefined) {
        const path = resolve(dirname(file), String(env.stackFile));
        const { values, secretKeys } = programConfig(readStackFile(readFile(path), String(env.stackFile), project));
        if (secretKeys.length > 0) {
          // An encrypted value belongs to its stack's secrets provider: this tool cannot decrypt it, and never shows it.
          problems.push(...secretKeys.map((k) => `${where}: ${k}: ${SECRET_PLACEHOLDER} is encrypted in ${String(env.stackFile)}; give this environment its config inline, with secrets from your secret store`));
          return;
        }
        config = values;
      } else {
        config = toPulumiConfig(env.config as Record<string, unknown>, project);
      }
    } catch (err) {
      problems.push(`${where}: ${(err as Error).message}`);
      return;
    }
    try {
      parseSettings(projectConfig(config, project));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems.map((p) => `${where}: ${p.key}: ${p.message}`));
      return;
    }
    environments.push({ stack: env.stack, config });
  });
  for (const stack of stacks) {
    if (!environments.some((e) => e.stack === stack) && !problems.some((p) => p.startsWith(`${stack}:`))) {
      problems.push(`${stack}: is not an environment of ${file}`);
    }
  }
  if (problems.length > 0) throw new PlanError(problems);
  return { action, project, environments: stacks.length > 0 ? environments.filter((e) => stacks.includes(e.stack)) : environments };
}
