/**
 * Planning a run over many environments: read the environments file, resolve each environment's config, and
 * validate every one with the program's own settings before anything runs, so a bad file fails with every problem
 * of every environment at once. Pure apart from reading the stack files it names.
 */
import { dirname, resolve } from "node:path";
import { parseDocument } from "yaml";
import { programConfig, PulumiProjectError, readStackFile } from "../lib/pulumiProject";
import { readErrorMessage } from "../lib/readError";
import { ConfigError, parseSettings, projectConfig, SECRET_PLACEHOLDER, toPulumiConfig } from "../settings";

/** What a run does to each environment. */
export type Action = "preview" | "up" | "destroy";
export const ACTIONS: readonly Action[] = ["preview", "up", "destroy"];

/** One environment: a stack and its config as Pulumi holds it (full `<project>:<key>` names, strings). */
export interface EnvironmentPlan {
  readonly stack: string;
  readonly config: Readonly<Record<string, string>>;
  /** The environments that must succeed before this one starts (for destroy, the order is reversed). */
  readonly dependsOn: readonly string[];
}

/** Where remote runs take the program from (`remote:` in the environments file). */
export interface RemoteSource {
  /** The Pulumi Cloud organization of the stacks: remote stack names are `<organization>/<project>/<stack>`. */
  readonly organization?: string;
  /** The git repository, branch and project path; each defaults to this checkout's. */
  readonly url?: string;
  readonly branch?: string;
  readonly projectPath?: string;
}

/** A whole run. */
export interface Plan {
  readonly action: Action;
  readonly project: string;
  readonly environments: readonly EnvironmentPlan[];
  /** Dependencies of the selected environments that this run leaves out (`--stack`): taken as done. */
  readonly assumedDone: readonly { readonly stack: string; readonly dependency: string }[];
  /** The file's `remote:` settings, for `--remote`. */
  readonly remote?: RemoteSource;
}

/** Every problem found while planning, one line each. */
export class PlanError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`The environments file has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PlanError";
  }
}

/**
 * Plan `action` over the environments of `fileText` (YAML: `project?`, `remote?`, `environments: [{ stack, stackFile?,
 * config?, dependsOn? }]`), keeping only `stacks` when given. `readFile` reads a stack file relative to the
 * environments file. `dependsOn` names must be environments of the file, and no chain of them may loop. Every problem
 * of every environment is found at once: its config, its stack file, its `dependsOn`, whichever fail.
 */
export function planRun(
  action: Action,
  fileText: string,
  file: string,
  readFile: (path: string) => string,
  stacks: readonly string[] = [],
): Plan {
  const doc = readEnvironmentsFile(fileText, file);
  const project = typeof doc?.project === "string" ? doc.project : "drs-secured-network";
  if (!Array.isArray(doc?.environments) || doc.environments.length === 0) {
    throw new PlanError([`${file}: needs an environments list, e.g. environments: [{ stack: dev, stackFile: Pulumi.dev.yaml }]`]);
  }
  const problems: string[] = [];
  const entries = namedEntries(doc.environments as unknown[], problems);
  const environments: EnvironmentPlan[] = [];
  const declared: { stack: string; dependsOn: readonly string[] }[] = [];
  for (const { stack, env } of entries) {
    const config = environmentConfig(stack, env, file, project, readFile, problems);
    const dependsOn = env.dependsOn ?? [];
    if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== "string")) {
      problems.push(`${stack}: dependsOn must be a list of stack names`);
      continue;
    }
    declared.push({ stack, dependsOn: [...new Set(dependsOn as string[])] });
    if (config !== undefined) environments.push({ stack, config, dependsOn: declared[declared.length - 1].dependsOn });
  }
  problems.push(...dependencyProblems(declared, (doc.environments as Record<string, unknown>[]).map((e) => e?.stack), file));
  const remote = remoteSource(doc as Record<string, unknown>, problems, file);
  for (const stack of stacks) {
    if (!entries.some((e) => e.stack === stack)) problems.push(`${stack}: is not an environment of ${file}`);
  }
  if (problems.length > 0) throw new PlanError(problems);
  const selected = stacks.length > 0 ? environments.filter((e) => stacks.includes(e.stack)) : environments;
  const assumedDone = selected.flatMap((e) => e.dependsOn.filter((d) => !selected.some((s) => s.stack === d)).map((dependency) => ({ stack: e.stack, dependency })));
  return {
    action,
    project,
    environments: selected.map((e) => ({ ...e, dependsOn: e.dependsOn.filter((d) => selected.some((s) => s.stack === d)) })),
    assumedDone,
    ...(remote !== undefined ? { remote } : {}),
  };
}

/** The environments file's content; a YAML error names the file, line and column, and an anchor inside itself is one. */
function readEnvironmentsFile(fileText: string, file: string): { project?: unknown; environments?: unknown } | null {
  const doc = parseDocument(fileText);
  const error = doc.errors[0];
  if (error !== undefined) {
    const at = error.linePos !== undefined ? `:${error.linePos[0].line}:${error.linePos[0].col}` : "";
    throw new PlanError([`${file}${at}: not valid YAML: ${error.message.split("\n")[0].replace(/ at line \d+, column \d+:?\s*$/, "")}`]);
  }
  const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (holdsItself(value)) throw new PlanError([`${file}: not valid YAML: an anchor's value holds an alias of itself`]);
  return value as { project?: unknown; environments?: unknown } | null;
}

/** Whether a value holds itself (a YAML anchor aliased inside its own value). */
function holdsItself(value: unknown, ancestors: readonly unknown[] = []): boolean {
  if (value === null || typeof value !== "object") return false;
  if (ancestors.includes(value)) return true;
  return Object.values(value).some((v) => holdsItself(v, [...ancestors, value]));
}

/** The file's environments with a stack name, each once; a missing, odd or repeated name is a problem. */
function namedEntries(list: readonly unknown[], problems: string[]): { stack: string; env: Record<string, unknown> }[] {
  const seen = new Set<string>();
  return list.flatMap((item, i) => {
    const env = (item !== null && typeof item === "object" ? item : {}) as Record<string, unknown>;
    const where = typeof env.stack === "string" ? env.stack : `environments[${i}]`;
    if (typeof env.stack !== "string" || !/^[A-Za-z0-9_.\-/]+$/.test(env.stack)) {
      problems.push(`${where}: needs a stack name`);
      return [];
    }
    if (seen.has(env.stack)) {
      problems.push(`${where}: is listed twice`);
      return [];
    }
    seen.add(env.stack);
    return [{ stack: env.stack, env }];
  });
}

/**
 * An environment's config as Pulumi holds it, validated with the program's settings, or `undefined` with its problems
 * added: a stack file read as the Pulumi CLI reads it (lib/pulumiProject.ts), or the keys inline.
 */
function environmentConfig(
  stack: string,
  env: Record<string, unknown>,
  file: string,
  project: string,
  readFile: (path: string) => string,
  problems: string[],
): Record<string, string> | undefined {
  if ((env.stackFile === undefined) === (env.config === undefined)) {
    problems.push(`${stack}: needs exactly one of stackFile (a Pulumi.<stack>.yaml to read) or config (the keys inline)`);
    return undefined;
  }
  let config: Record<string, string>;
  try {
    if (env.stackFile !== undefined) {
      const path = resolve(dirname(file), String(env.stackFile));
      let text: string;
      try {
        text = readFile(path);
      } catch (err) {
        problems.push(`${stack}: ${readErrorMessage(path, err, "the stack file")}`);
        return undefined;
      }
      const { values, secretKeys } = programConfig(readStackFile(text, String(env.stackFile), project));
      if (secretKeys.length > 0) {
        // An encrypted value belongs to its stack's secrets provider: this tool cannot decrypt it, and never shows it.
        problems.push(...secretKeys.map((k) => `${stack}: ${k}: ${SECRET_PLACEHOLDER} is encrypted in ${String(env.stackFile)}; give this environment its config inline, with secrets from your secret store`));
        return undefined;
      }
      config = values;
    } else {
      config = toPulumiConfig(env.config as Record<string, unknown>, project);
    }
  } catch (err) {
    if (err instanceof PulumiProjectError) problems.push(...err.problems.map((p) => `${stack}: ${p}`));
    else problems.push(`${stack}: ${(err as Error).message}`);
    return undefined;
  }
  try {
    parseSettings(projectConfig(config, project));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems.map((p) => `${stack}: ${p.key}: ${p.message}`));
    return undefined;
  }
  return config;
}

/** `dependsOn` names that are no environment of the file, or the environment itself, and the first loop. */
function dependencyProblems(declared: readonly { stack: string; dependsOn: readonly string[] }[], stacks: readonly unknown[], file: string): string[] {
  const names = new Set(stacks.filter((s): s is string => typeof s === "string"));
  const problems: string[] = [];
  for (const env of declared) {
    for (const dependency of env.dependsOn) {
      if (dependency === env.stack) problems.push(`${env.stack}: dependsOn names the environment itself`);
      else if (!names.has(dependency)) problems.push(`${env.stack}: dependsOn names ${dependency}, which is not an environment of ${file}`);
    }
  }
  const cycle = findCycle(declared);
  if (cycle !== undefined) problems.push(`${cycle[0]}: dependsOn loops: ${cycle.join(" -> ")}`);
  return problems;
}

/** A loop of dependsOn, as the stacks along it with the first repeated at the end, or `undefined`. */
export function findCycle(environments: readonly { readonly stack: string; readonly dependsOn: readonly string[] }[]): string[] | undefined {
  const byName = new Map(environments.map((e) => [e.stack, e]));
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (stack: string): string[] | undefined => {
    if (state.get(stack) === "done") return undefined;
    if (state.get(stack) === "visiting") return [...path.slice(path.indexOf(stack)), stack];
    state.set(stack, "visiting");
    path.push(stack);
    for (const dependency of byName.get(stack)?.dependsOn ?? []) {
      const found = byName.has(dependency) ? visit(dependency) : undefined;
      if (found !== undefined) return found;
    }
    path.pop();
    state.set(stack, "done");
    return undefined;
  };
  for (const env of environments) {
    const found = visit(env.stack);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The file's `remote:` block, checked: strings only, and no credentials in the repository URL. */
function remoteSource(doc: Record<string, unknown>, problems: string[], file: string): RemoteSource | undefined {
  if (doc.remote === undefined) return undefined;
  const remote = doc.remote as Record<string, unknown>;
  if (typeof remote !== "object" || remote === null || Array.isArray(remote)) {
    problems.push(`${file}: remote must be an object: { organization, url?, branch?, projectPath? }`);
    return undefined;
  }
  const fields = ["organization", "url", "branch", "projectPath"] as const;
  for (const key of Object.keys(remote)) if (!(fields as readonly string[]).includes(key)) problems.push(`remote.${key}: is not a field of remote (${fields.join(", ")})`);
  for (const key of fields) if (remote[key] !== undefined && (typeof remote[key] !== "string" || remote[key] === "")) problems.push(`remote.${key}: must be a non-empty string`);
  if (typeof remote.organization === "string" && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(remote.organization)) problems.push(`remote.organization: ${JSON.stringify(remote.organization)} is not an organization name`);
  if (typeof remote.url === "string" && /^https?:\/\/[^/@]+@/i.test(remote.url)) {
    problems.push("remote.url: holds credentials; give the repository URL alone, and the access in the stack's Deployments settings");
  }
  return Object.fromEntries(fields.filter((k) => typeof remote[k] === "string").map((k) => [k, remote[k]])) as RemoteSource;
}
