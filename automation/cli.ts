/**
 * `npm run automation -- <preview|up|destroy> <environments.yaml> [--stack <name>]... [--stop-on-error]`
 *
 * Previews, deploys or destroys every environment of one file with the Pulumi Automation API, printing each
 * environment's progress and a summary table at the end. Needs the Pulumi CLI and AWS credentials. Exit status: 0
 * when every environment succeeded, 1 when one failed, 2 when the file or the arguments are wrong or the Pulumi CLI
 * cannot be run (nothing ran).
 */
import { readFileSync } from "node:fs";
import { summaryTable } from "./output";
import { Action, ACTIONS, Plan, PlanError, planRun } from "./plan";
import { openStack, requirePulumiCli, runPlan, StackDriver } from "./runner";
import type { EnvironmentPlan } from "./plan";

export const USAGE = "usage: npm run automation -- <preview|up|destroy> <environments.yaml> [--stack <name>]... [--stop-on-error]";

/** The parsed command line. */
export interface AutomationArgs {
  readonly action: Action;
  readonly file: string;
  readonly stacks: readonly string[];
  readonly stopOnError: boolean;
}

/** Parse the command line, or throw an Error saying what is wrong with it. */
export function parseArgs(argv: readonly string[]): AutomationArgs {
  const positional: string[] = [];
  const stacks: string[] = [];
  let stopOnError = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--stack") {
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) throw new Error("--stack needs a stack name");
      stacks.push(value);
    } else if (argv[i] === "--stop-on-error") {
      stopOnError = true;
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
  return { action: action as Action, file, stacks, stopOnError };
}

/** The whole command, with the stack opener injectable for tests. Returns the exit status. */
export async function main(
  argv: readonly string[],
  print: (line: string) => void,
  open: (project: string, env: EnvironmentPlan) => Promise<StackDriver> = openStack,
  checkCli: () => Promise<void> = requirePulumiCli,
): Promise<number> {
  let plan: Plan;
  let args: AutomationArgs;
  try {
    args = parseArgs(argv);
    plan = planRun(args.action, readFileSync(args.file, "utf8"), args.file, (path) => readFileSync(path, "utf8"), args.stacks);
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
  print(`${plan.action} of ${plan.environments.length} environment${plan.environments.length === 1 ? "" : "s"}: ${plan.environments.map((e) => e.stack).join(", ")}`);
  const results = await runPlan(plan, (env) => open(plan.project, env), print, { stopOnError: args.stopOnError });
  print("");
  print(summaryTable(results));
  return results.every((r) => r.status === "succeeded") ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2), (line) => console.log(line)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
