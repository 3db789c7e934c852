/**
 * Running a plan with the Pulumi Automation API: each environment's stack runs the very program `pulumi up` runs,
 * inline, with its config set from the plan. Environments run one after the other; a failure does not stop the
 * others unless asked.
 */
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { drsSecuredNetwork } from "../program";
import { describeFailure, EnvironmentResult, progressLine, PULUMI_CLI_MISSING } from "./output";
import type { Action, EnvironmentPlan, Plan } from "./plan";

/** What the runner needs of a stack: the three actions, each reporting output lines and its changes. */
export interface StackDriver {
  run(action: Action, onOutput: (line: string) => void): Promise<Readonly<Record<string, number>> | undefined>;
}

/** Open an environment's stack with the Automation API: inline program, the plan's config, default providers off. */
export async function openStack(project: string, env: EnvironmentPlan): Promise<StackDriver> {
  const stack = await LocalWorkspace.createOrSelectStack({ projectName: project, stackName: env.stack, program: () => drsSecuredNetwork() });
  await stack.setConfig("pulumi:disable-default-providers[0]", { value: "aws" }, true);
  await stack.setAllConfig(Object.fromEntries(Object.entries(env.config).map(([k, value]) => [k, { value }])));
  return {
    async run(action, onOutput) {
      if (action === "preview") return (await stack.preview({ onOutput })).changeSummary;
      if (action === "up") return (await stack.up({ onOutput })).summary.resourceChanges;
      return (await stack.destroy({ onOutput })).summary.resourceChanges;
    },
  };
}

/**
 * Fail early, before any environment starts, when the Pulumi CLI cannot be run: one clear message instead of the same
 * failure per environment. Throws an Error whose message says how to install it and keeps the underlying error.
 */
export async function requirePulumiCli(): Promise<void> {
  try {
    await PulumiCommand.get();
  } catch (err) {
    const { detail } = describeFailure(err);
    throw new Error(detail[0] === PULUMI_CLI_MISSING ? detail.join("\n") : `the Pulumi CLI could not be run:\n${detail.join("\n")}`, { cause: err });
  }
}

/** Run the plan: every environment in order, with progress lines and a result for each. */
export async function runPlan(
  plan: Plan,
  open: (env: EnvironmentPlan) => Promise<StackDriver>,
  print: (line: string) => void,
  options: { stopOnError?: boolean; now?: () => number } = {},
): Promise<EnvironmentResult[]> {
  const now = options.now ?? Date.now;
  const results: EnvironmentResult[] = [];
  for (const env of plan.environments) {
    if (options.stopOnError === true && results.some((r) => r.status === "failed")) {
      results.push({ stack: env.stack, action: plan.action, status: "skipped", durationMs: 0, reason: "an earlier environment failed" });
      continue;
    }
    const start = now();
    print(progressLine(env.stack, `${plan.action} starting`));
    try {
      const driver = await open(env);
      const changes = await driver.run(plan.action, (line) => {
        for (const part of line.split("\n")) if (part.trim() !== "") print(progressLine(env.stack, part));
      });
      results.push({ stack: env.stack, action: plan.action, status: "succeeded", changes, durationMs: now() - start });
      print(progressLine(env.stack, `${plan.action} succeeded`));
    } catch (err) {
      const { summary, detail } = describeFailure(err);
      results.push({ stack: env.stack, action: plan.action, status: "failed", durationMs: now() - start, reason: summary });
      print(progressLine(env.stack, `${plan.action} failed: ${summary}`));
      for (const line of detail) print(progressLine(env.stack, `  ${line}`));
    }
  }
  return results;
}
