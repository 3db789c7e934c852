/**
 * `npm run automation -- <preview|up|destroy> <environments.yaml> [--stack <name>]... [--parallel N] [--stop-on-error] [--remote] [--help]`
 *
 * Previews, deploys or destroys the environments of one file with the Pulumi Automation API: locally (inline
 * program; needs the Pulumi CLI and AWS credentials here) or with `--remote` on Pulumi Deployments (the program from
 * this repository, credentials from the stacks' Deployments settings). Up to `--parallel` environments run at once,
 * each after its `dependsOn`; each line of progress carries its stack; a summary table ends the run. Ctrl-C cancels the
 * running operations and says how to recover. Exit status: 0 every environment succeeded, 1 one failed or was
 * skipped, 2 the file or the arguments are wrong or the Pulumi CLI cannot be run (nothing ran), 130 interrupted.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readErrorMessage } from "../lib/readError";
import { summaryTable } from "./output";
import { Action, ACTIONS, EnvironmentPlan, Plan, PlanError, planRun } from "./plan";
import { GitInfo, gitInfo, openRemoteStack, RemoteRepository, RemoteWorkspaceApi, resolveRemote } from "./remote";
import { openStack, recoveryAdvice, requirePulumiCli, runPlan, StackDriver } from "./runner";

export const USAGE = "usage: npm run automation -- <preview|up|destroy> <environments.yaml> [--stack <name>]... [--parallel N] [--stop-on-error] [--remote]";

/** The most environments at once: each holds a Pulumi engine (and locally its provider plugins) in memory. */
export const MAX_PARALLEL = 32;

/** The parsed command line. */
export interface AutomationArgs {
  readonly action: Action;
  readonly file: string;
  readonly stacks: readonly string[];
  readonly stopOnError: boolean;
  readonly parallel: number;
  readonly remote: boolean;
}

/** Parse the command line, or throw an Error saying what is wrong with it. */
export function parseArgs(argv: readonly string[]): AutomationArgs {
  const positional: string[] = [];
  const stacks: string[] = [];
  let stopOnError = false;
  let remote = false;
  let parallel = 1;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--stack") {
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) throw new Error("--stack needs a stack name");
      stacks.push(value);
    } else if (argv[i] === "--parallel") {
      const value = argv[++i];
      if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_PARALLEL) throw new Error(`--parallel needs a whole number from 1 to ${MAX_PARALLEL}, not ${JSON.stringify(value ?? "")}`);
      parallel = Number(value);
    } else if (argv[i] === "--stop-on-error") {
      stopOnError = true;
    } else if (argv[i] === "--remote") {
      remote = true;
    } else if (argv[i].startsWith("--")) {
      throw new Error(`unknown option ${argv[i]}`);
    } else {
      positional.push(argv[i]);
    }
  }
  const [action, file, ...extra] = positional;
  if (!ACTIONS.includes(action as Action)) throw new Error(`the first argument must be preview, up or destroy, not ${JSON.stringify(action ?? "")}`);
  if (file === undefined) throw new Error("the environments file is missing");
  if (extra.length > 0) throw new Error(`unexpected arguments: ${extra.join(" ")}`);
  return { action: action as Action, file, stacks, stopOnError, parallel, remote };
}

/** What `--help` prints. */
export const HELP = [
  USAGE,
  "",
  "Previews, deploys or destroys every environment of one file with the Pulumi Automation API, each running this",
  "program: locally (inline; needs the Pulumi CLI and AWS credentials) or with --remote on Pulumi Deployments.",
  "",
  "  <preview|up|destroy>  the operation, for every environment",
  "  <environments.yaml>   project?, remote?, environments: [{ stack, stackFile? | config?, dependsOn? }]",
  "  --stack <name>        only this environment (repeatable); its dependencies left out are taken as done",
  `  --parallel N          up to N environments at once, each after its dependsOn (default 1, at most ${MAX_PARALLEL})`,
  "  --stop-on-error       start nothing new after a failure",
  "  --remote              run on Pulumi Deployments, from this checkout's git origin, branch and folder",
  "  --help                print this",
  "",
  "Exit status: 0 every environment succeeded, 1 one failed or was skipped, 2 the file or the arguments are wrong",
  "or the Pulumi CLI cannot be run (nothing ran), 130 interrupted.",
  "",
].join("\n");

/** This program's checkout: what `--remote` deploys, and where its git defaults come from. */
export const PROJECT_ROOT = join(__dirname, "..");

/** What the command needs from outside, each replaceable in tests. */
export interface AutomationEnvironment {
  /** Aborted on Ctrl-C. */
  readonly signal?: AbortSignal;
  /** The checkout's git facts, for `--remote` (default: read with git in `projectRoot`). */
  readonly gitInfo?: (cwd: string) => GitInfo;
  /** The checkout of this program, whose origin, branch and folder `--remote` takes by default (default: `PROJECT_ROOT`). */
  readonly projectRoot?: string;
  /** The Automation API's RemoteWorkspace (default: the real one). */
  readonly remoteWorkspace?: RemoteWorkspaceApi;
}

/** The whole command. Returns the exit status. */
export async function main(
  argv: readonly string[],
  print: (line: string) => void,
  open: (project: string, env: EnvironmentPlan) => Promise<StackDriver> = openStack,
  checkCli: () => Promise<void> = requirePulumiCli,
  environment: AutomationEnvironment = {},
): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    print(HELP);
    return 0;
  }
  let plan: Plan;
  let args: AutomationArgs;
  let repository: RemoteRepository | undefined;
  try {
    args = parseArgs(argv);
  } catch (err) {
    print(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(args.file, "utf8");
  } catch (err) {
    print(readErrorMessage(args.file, err, "the environments file"));
    return 2;
  }
  try {
    plan = planRun(args.action, text, args.file, (path) => readFileSync(path, "utf8"), args.stacks);
    if (args.remote) {
      // The program deployed is this checkout's, wherever the environments file is.
      const resolved = resolveRemote(plan.remote, (environment.gitInfo ?? gitInfo)(environment.projectRoot ?? PROJECT_ROOT));
      const nested = plan.environments.filter((e) => e.stack.includes("/")).map((e) => `${e.stack}: a remote stack is named <organization>/<project>/<stack>: give the stack's own name`);
      if (resolved.problems.length > 0 || nested.length > 0) throw new PlanError([...resolved.problems, ...nested]);
      repository = resolved.repository;
    }
  } catch (err) {
    print(err instanceof PlanError ? err.message : `${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    await checkCli();
  } catch (err) {
    print((err as Error).message);
    return 2;
  }

  const where = repository !== undefined ? ` on Pulumi Deployments (${repository.url} ${repository.branch}${repository.projectPath !== "" ? ` ${repository.projectPath}` : ""})` : "";
  print(
    `${plan.action} of ${plan.environments.length} environment${plan.environments.length === 1 ? "" : "s"}${where}: ${plan.environments.map((e) => e.stack).join(", ")}` +
      (args.parallel > 1 ? `, up to ${args.parallel} at once` : ""),
  );
  for (const { stack, dependency } of plan.assumedDone) print(`${stack} depends on ${dependency}, which this run leaves out: taken as done`);
  const opener =
    repository !== undefined ? (env: EnvironmentPlan) => openRemoteStack(plan.project, env, repository as RemoteRepository, environment.remoteWorkspace) : (env: EnvironmentPlan) => open(plan.project, env);
  const results = await runPlan(plan, opener, print, { stopOnError: args.stopOnError, parallel: args.parallel, signal: environment.signal });
  print("");
  print(summaryTable(results));
  if (environment.signal?.aborted === true) {
    const advice = recoveryAdvice(results, repository !== undefined ? (s) => `${(repository as RemoteRepository).organization}/${plan.project}/${s}` : undefined);
    for (const line of advice.length > 0 ? ["", ...advice] : []) print(line);
    return 130;
  }
  return results.every((r) => r.status === "succeeded") ? 0 : 1;
}

if (require.main === module) {
  // The first Ctrl-C cancels the running operations and waits for them; a second one leaves at once.
  const controller = new AbortController();
  process.on("SIGINT", () => {
    if (controller.signal.aborted) process.exit(130);
    console.log("Interrupted: cancelling the running operations (Ctrl-C again to leave without waiting)");
    controller.abort();
  });
  main(process.argv.slice(2), (line) => console.log(line), openStack, requirePulumiCli, { signal: controller.signal }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
