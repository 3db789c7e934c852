/**
 * `npm run drill -- --stack <name> [--servers s-...,s-... | --tag key=value] [--point-in-time latest|<ISO time>]
 * [--keep] [--report out.md] [--json out.json] [--timeout-minutes N]`
 *
 * A DRS recovery drill with evidence: the DR region and its credentials from the stack's config file, as verify-live
 * reads them (synth/cli.ts `loadStack`, the settings' `drRegion` and `drProvider`), no Pulumi CLI. Launches drill
 * instances (drill/run.ts), checks them, terminates them (drill/cleanup.ts) and prints the report (lib/drillReport.ts).
 * The exit statuses are in `DRILL_HELP` (lib/drillArgs.ts) and docs/drill.md.
 */
import { parsePointInTime, PointInTime, readinessThresholds } from "../lib/drill";
import { DRILL_HELP, DRILL_USAGE, DrillArgs, parseDrillArgs, wantsHelp } from "../lib/drillArgs";
import { drillJson, drillMarkdown, DrillReport } from "../lib/drillReport";
import { PulumiProjectError } from "../lib/pulumiProject";
import { writeFiles } from "../lib/writeFiles";
import { CREDENTIALS_HINT } from "../live/cli";
import { LiveAccessError } from "../live/read";
import { authOf, SideAuth } from "../live/scope";
import { ConfigError, parseSettings, projectConfig } from "../settings";
import { loadStack, StackLoadError } from "../synth/cli";
import { PROJECT } from "../synth/run";
import { DrillCannotRun, DrillClients, sdkDrillClients } from "./aws";
import { DrillClock, runDrill } from "./run";

/** What to do after each kind of refused call. */
export const DRILL_ACCESS_HINTS: Readonly<Record<LiveAccessError["kind"], string>> = {
  refused: "The drill's identity needs the IAM policy in docs/drill.md (the DRS actions, what StartRecovery does on the caller's behalf, ec2:DescribeInstanceStatus).",
  credentials: CREDENTIALS_HINT.replace(/; to judge a capture.*$/, "."),
  unreachable: "Run the drill where the DR region's DRS, EC2, Systems Manager and STS endpoints answer (AWS_ENDPOINT_URL, when set, overrides them).",
};

/** What the command needs from outside, so tests can stand in for AWS, time and Ctrl-C. */
export interface DrillEnvironment {
  readonly clients: (region: string, auth: SideAuth) => DrillClients;
  readonly clock: DrillClock;
  /** Call `handler` on each Ctrl-C until the returned function is called. */
  readonly interrupts: (handler: () => void) => () => void;
}

/** Ctrl-C as a process delivers it (SIGINT). */
export function processInterrupts(proc: Pick<NodeJS.EventEmitter, "on" | "off"> = process): DrillEnvironment["interrupts"] {
  return (handler) => {
    proc.on("SIGINT", handler);
    return () => {
      proc.off("SIGINT", handler);
    };
  };
}

/** Real time: `sleep` ends early on Ctrl-C. */
export const REAL_CLOCK: DrillClock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done);
    }),
};

export const DEFAULT_ENVIRONMENT: DrillEnvironment = { clients: sdkDrillClients, clock: REAL_CLOCK, interrupts: processInterrupts() };

interface Stack {
  /** The stack's name, or the config file given. */
  readonly name: string;
  readonly region: string;
  readonly auth: SideAuth;
  readonly config: Record<string, string>;
}

/** The DR region and its credentials from the stack file, as verify-live reads them. */
function stackOf(root: string, source: DrillArgs["source"]): Stack {
  const { name, config } = loadStack(root, source);
  const settings = parseSettings(projectConfig(config, PROJECT));
  return { name, region: settings.drRegion, auth: authOf(settings.drProvider), config };
}

function prepare(argv: readonly string[], root: string, now: Date): { args: DrillArgs; pit: PointInTime; stack: Stack } | { problem: string } {
  let args: DrillArgs;
  let pit: PointInTime;
  try {
    args = parseDrillArgs(argv);
    pit = parsePointInTime(args.pointInTime, now);
  } catch (e) {
    return { problem: `${(e as Error).message}\n${DRILL_USAGE}` };
  }
  try {
    return { args, pit, stack: stackOf(root, args.source) };
  } catch (e) {
    if (e instanceof StackLoadError || e instanceof PulumiProjectError || e instanceof ConfigError) return { problem: e.message };
    return { problem: `could not read the stack's config: ${(e as Error).message}` };
  }
}

function writeReports(args: DrillArgs, report: DrillReport, err: (text: string) => void): boolean {
  return writeFiles(
    [
      [args.reportFile, drillMarkdown(report)],
      [args.jsonFile, drillJson(report)],
    ],
    err,
  );
}

/** The whole command: returns the exit status. */
export async function main(argv: readonly string[], out: (text: string) => void, err: (text: string) => void, root = process.cwd(), env: DrillEnvironment = DEFAULT_ENVIRONMENT): Promise<number> {
  if (wantsHelp(argv)) {
    out(DRILL_HELP);
    return 0;
  }
  const prepared = prepare(argv, root, env.clock.now());
  if ("problem" in prepared) {
    err(`${prepared.problem}\n`);
    return 2;
  }
  const { args, pit, stack } = prepared;
  const controller = new AbortController();
  const stop = env.interrupts(() => {
    if (controller.signal.aborted) err("drill: still cleaning up what it launched; the report follows when DRS confirms\n");
    else err(args.keep ? "drill: interrupted; --keep leaves what it launched running\n" : "drill: interrupted; terminating what it launched, then exiting (this waits for DRS)\n");
    controller.abort();
  });
  let report: DrillReport;
  try {
    report = await runDrill(env.clients(stack.region, stack.auth), env.clock, {
      stack: stack.name,
      region: stack.region,
      selection: args.selection,
      pointInTime: pit,
      keep: args.keep,
      timeoutMinutes: args.timeoutMinutes,
      thresholds: readinessThresholds(stack.config, PROJECT),
      signal: controller.signal,
      progress: (line) => err(`drill: ${line}\n`),
    });
  } catch (e) {
    if (e instanceof LiveAccessError) err(`${e.message}\n${DRILL_ACCESS_HINTS[e.kind]}\n`);
    else if (e instanceof DrillCannotRun) err(`${e.message}\n`);
    else err(`drill failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return e instanceof LiveAccessError || e instanceof DrillCannotRun ? 2 : 3;
  } finally {
    stop();
  }
  out(drillMarkdown(report));
  if (report.ended === "refused") err(`${report.error}\n${DRILL_ACCESS_HINTS.refused}\n`);
  if (!writeReports(args, report, err)) return 3;
  if (report.exitCode !== 0) err(`drill: exit ${report.exitCode}: ${report.servers.filter((s) => s.failures.length > 0).length} of ${report.servers.length} servers failed; cleanup ${report.cleanup.status}\n`);
  return report.exitCode;
}

if (require.main === module) {
  main(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`drill failed: ${String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
