/**
 * Running a plan with the Pulumi Automation API: each environment's stack runs the very program `pulumi up` runs,
 * inline and local, or remotely on Pulumi Deployments from this repository (automation/remote.ts). Up to `parallel`
 * environments run at once, each after the environments it depends on have succeeded (for destroy, after those that
 * depend on it are gone). A failure does not stop the others unless asked; an interruption cancels what runs.
 */
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { drsSecuredNetwork } from "../program";
import { describeFailure, EnvironmentResult, progressLine, PULUMI_CLI_MISSING } from "./output";
import type { Action, EnvironmentPlan, Plan } from "./plan";

/** What the runner needs of a stack: the three actions, each reporting output lines and its changes, and cancel. */
export interface StackDriver {
  run(action: Action, onOutput: (line: string) => void): Promise<Readonly<Record<string, number>> | undefined>;
  /** Cancel the operation in progress (the Automation API's `stack.cancel()`, `pulumi cancel`). */
  cancel?(): Promise<void>;
}

/** Run one action on an Automation API stack (local or remote): the same three calls and the same summaries. */
export function driverOf(stack: {
  preview(opts: { onOutput: (out: string) => void }): Promise<{ changeSummary: Record<string, number> }>;
  up(opts: { onOutput: (out: string) => void }): Promise<{ summary: { resourceChanges?: Record<string, number> } }>;
  destroy(opts: { onOutput: (out: string) => void }): Promise<{ summary: { resourceChanges?: Record<string, number> } }>;
  cancel(): Promise<void>;
}): StackDriver {
  return {
    async run(action, onOutput) {
      if (action === "preview") return (await stack.preview({ onOutput })).changeSummary;
      if (action === "up") return (await stack.up({ onOutput })).summary.resourceChanges;
      return (await stack.destroy({ onOutput })).summary.resourceChanges;
    },
    cancel: () => stack.cancel(),
  };
}

/** Open an environment's stack with the Automation API: inline program, the plan's config, default providers off. */
export async function openStack(project: string, env: EnvironmentPlan): Promise<StackDriver> {
  const stack = await LocalWorkspace.createOrSelectStack({ projectName: project, stackName: env.stack, program: () => drsSecuredNetwork() });
  await stack.setConfig("pulumi:disable-default-providers[0]", { value: "aws" }, true);
  await stack.setConfig("pulumi:disable-default-providers[1]", { value: "aws-native" }, true);
  await stack.setAllConfig(Object.fromEntries(Object.entries(env.config).map(([k, value]) => [k, { value }])));
  return driverOf(stack);
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
    // A missing CLI is said in one line; the Automation API's own dump (code, stdout, stderr) stays on `cause`.
    throw new Error(detail[0] === PULUMI_CLI_MISSING ? PULUMI_CLI_MISSING : `the Pulumi CLI could not be run:\n${detail.join("\n")}`, { cause: err });
  }
}

/** How a run is scheduled. */
export interface RunOptions {
  /** Environments at once (default 1). */
  readonly parallel?: number;
  /** After a failure, start nothing more (running environments finish). */
  readonly stopOnError?: boolean;
  /** Aborted on Ctrl-C: nothing more starts, and running operations are cancelled. */
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

/** The environments each one waits for: its dependencies, or for destroy the environments that depend on it. */
export function prerequisites(plan: Plan): Map<string, string[]> {
  const waits = new Map(plan.environments.map((e) => [e.stack, [] as string[]]));
  for (const env of plan.environments) {
    for (const dependency of env.dependsOn) {
      if (plan.action === "destroy") waits.get(dependency)?.push(env.stack);
      else waits.get(env.stack)?.push(dependency);
    }
  }
  return waits;
}

/** An environment that runs: its operation, and its stack once opened (to cancel). */
interface Running {
  promise: Promise<void>;
  driver?: StackDriver;
}

/** A run in progress: the plan, what each environment waits for, and what is pending, running and finished. */
interface Schedule {
  readonly plan: Plan;
  readonly waits: Map<string, string[]>;
  readonly results: Map<string, EnvironmentResult>;
  readonly running: Map<string, Running>;
  /** In file order; an environment leaves it when it starts or is skipped. */
  readonly pending: EnvironmentPlan[];
  readonly open: (env: EnvironmentPlan) => Promise<StackDriver>;
  readonly print: (line: string) => void;
  readonly now: () => number;
  readonly interrupted: () => boolean;
}

/** Run the plan: up to `parallel` environments at a time, in file order as their prerequisites allow. */
export async function runPlan(plan: Plan, open: (env: EnvironmentPlan) => Promise<StackDriver>, print: (line: string) => void, options: RunOptions = {}): Promise<EnvironmentResult[]> {
  const parallel = Math.max(1, options.parallel ?? 1);
  const s: Schedule = {
    plan,
    waits: prerequisites(plan),
    results: new Map(),
    running: new Map(),
    pending: [...plan.environments],
    open,
    print,
    now: options.now ?? Date.now,
    interrupted: () => options.signal?.aborted === true,
  };
  // Ctrl-C: cancel every running operation through the Automation API; what is pending will not start.
  const cancelAll = () => cancelRunning(s);
  options.signal?.addEventListener("abort", cancelAll, { once: true });

  try {
    for (;;) {
      skipBlocked(s);
      const halted = s.interrupted() || (options.stopOnError === true && [...s.results.values()].some((r) => r.status === "failed"));
      if (!halted) startReady(s, parallel);
      if (s.running.size === 0) break;
      await Promise.race([...s.running.values()].map((r) => r.promise));
    }
  } finally {
    options.signal?.removeEventListener("abort", cancelAll);
  }
  const why = s.interrupted() ? "interrupted" : "an earlier environment failed";
  for (const env of s.pending) finish(s, { stack: env.stack, action: plan.action, status: "skipped", durationMs: 0, reason: why });
  return plan.environments.map((e) => s.results.get(e.stack) as EnvironmentResult);
}

function finish(s: Schedule, result: EnvironmentResult): void {
  s.results.set(result.stack, result);
}

/** Skip what can never run: a prerequisite failed, was skipped or cancelled. */
function skipBlocked(s: Schedule): void {
  for (const env of [...s.pending]) {
    const blocker = (s.waits.get(env.stack) ?? []).find((w) => s.results.has(w) && s.results.get(w)?.status !== "succeeded");
    if (blocker === undefined) continue;
    s.pending.splice(s.pending.indexOf(env), 1);
    const how = s.results.get(blocker)?.status === "failed" ? "failed" : s.results.get(blocker)?.status === "cancelled" ? "was cancelled" : "was skipped";
    finish(s, { stack: env.stack, action: s.plan.action, status: "skipped", durationMs: 0, reason: `${blocker} ${how}` });
  }
}

/** Start, in file order, each pending environment whose prerequisites have all succeeded, while there is room. */
function startReady(s: Schedule, parallel: number): void {
  for (const env of [...s.pending]) {
    if (s.running.size >= parallel) break;
    if ((s.waits.get(env.stack) ?? []).every((w) => s.results.get(w)?.status === "succeeded")) {
      s.pending.splice(s.pending.indexOf(env), 1);
      start(s, env);
    }
  }
}

/** Start one environment's operation; it leaves `running` when it settles. */
function start(s: Schedule, env: EnvironmentPlan): void {
  const entry: Running = { promise: Promise.resolve() };
  entry.promise = runEnvironment(s, env, entry);
  s.running.set(env.stack, entry);
  void entry.promise.finally(() => s.running.delete(env.stack));
}

/** Open the stack and run the plan's action on it, printing its output; the result says how it ended. */
async function runEnvironment(s: Schedule, env: EnvironmentPlan, entry: Running): Promise<void> {
  const { action } = s.plan;
  const began = s.now();
  s.print(progressLine(env.stack, `${action} starting`));
  try {
    entry.driver = await s.open(env);
    if (s.interrupted()) {
      finish(s, { stack: env.stack, action, status: "cancelled", durationMs: s.now() - began, reason: "interrupted before it started" });
      return;
    }
    const changes = await entry.driver.run(action, (line) => {
      for (const part of line.split("\n")) if (part.trim() !== "") s.print(progressLine(env.stack, part));
    });
    finish(s, { stack: env.stack, action, status: "succeeded", changes, durationMs: s.now() - began });
    s.print(progressLine(env.stack, `${action} succeeded`));
  } catch (err) {
    const { summary, detail } = describeFailure(err);
    if (s.interrupted()) {
      finish(s, { stack: env.stack, action, status: "cancelled", durationMs: s.now() - began, reason: "interrupted mid-operation" });
      s.print(progressLine(env.stack, `${action} cancelled: ${summary}`));
      return;
    }
    finish(s, { stack: env.stack, action, status: "failed", durationMs: s.now() - began, reason: summary });
    s.print(progressLine(env.stack, `${action} failed: ${summary}`));
    for (const line of detail) s.print(progressLine(env.stack, `  ${line}`));
  }
}

/** Cancel every running operation (the Automation API's cancel); a failed cancel is said, not thrown. */
function cancelRunning(s: Schedule): void {
  for (const [stack, { driver }] of s.running) {
    s.print(progressLine(stack, `${s.plan.action} interrupted: cancelling`));
    driver?.cancel?.().catch((err: unknown) => s.print(progressLine(stack, `cancel failed: ${describeFailure(err).summary}`)));
  }
}

/** After an interruption: which stacks were left mid-operation, and how to bring each back (`stackRef` names them as the CLI does). */
export function recoveryAdvice(results: readonly EnvironmentResult[], stackRef: (stack: string) => string = (s) => s): string[] {
  const left = results.filter((r) => r.status === "cancelled" && r.reason === "interrupted mid-operation");
  if (left.length === 0) return [];
  return [
    `Left mid-operation: ${left.map((r) => r.stack).join(", ")}. For each, once nothing runs on it:`,
    ...left.flatMap((r) => [
      `  pulumi cancel --stack ${stackRef(r.stack)} --yes     # if the stack is still locked by the cancelled ${r.action}`,
      `  pulumi refresh --stack ${stackRef(r.stack)} --yes    # read back what AWS holds, so the next ${r.action} starts from the truth`,
    ]),
  ];
}
