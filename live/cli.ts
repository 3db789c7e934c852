/**
 * `npm run verify-live -- --stack <name> [--outputs <file>] [--capture <file> | --snapshot <file>] [--json <file>]`
 *
 * Proves a deployed network from AWS's own APIs: reads it read-only in every source region and the DR region, with
 * each side's credentials as the stack's config gives them (profile, role to assume), builds the verifier's model from
 * what AWS reports, and prints the same verdicts as the synth, with the live id of each blocking component, and the
 * drift from the stack (its outputs, and its declared network from the offline synth of the same config).
 *
 * `--capture` writes everything read; `--snapshot` judges such a file with no credentials. The outputs come from the
 * Automation API (`pulumi stack output`), or from `--outputs`, a `pulumi stack output --json` file. The verdicts are
 * those the stack's config declares (live/expected.ts): one the account does not give fails. With readiness (on by
 * default with `replication.enabled`; `--readiness`, `--no-readiness`), one verdict per DRS source server too, and per
 * instance the agent rollout targets that DRS lacks (live/readiness.ts). Exit status (`--help`):
 * 0 all verdicts pass and no drift, 1 a verdict fails or there is drift, 2 bad arguments, stack, config or outputs, no
 * credentials, or an AWS call refused (naming the IAM action), 3 the capture or report cannot be written, or an
 * unexpected error.
 */
import { existsSync, readFileSync } from "node:fs";
import { judge, verdictMarkdown } from "../lib/verifier";
import { LiveCapture, LiveScope, modelFromAws } from "../lib/verifier/aws";
import type { NetworkModel } from "../lib/verifier/model";
import { ConfigError, parseSettings, projectConfig, Settings } from "../settings";
import { loadStack, offlineAccount, StackLoadError } from "../synth/cli";
import { declaredResources, PROJECT, synthFromPulumiConfig } from "../synth/run";
import { PulumiProjectError } from "../lib/pulumiProject";
import { writeFiles } from "../lib/writeFiles";
import { DeclaredSide, declaredSideOf, DriftItem, findDrift } from "./drift";
import { withDeclared } from "./expected";
import { launchVerdicts } from "./launch";
import { liveReadinessVerdicts } from "./readiness";
import { LiveAccessError, LiveClients, readLive, sdkClients } from "./read";
import { analyze, LegResult, legsOf, reachabilityMarkdown, ReplicationServerEni } from "./reachability";
import { livePlan, OutputsError, OutputsJson, SideAuth } from "./scope";
import type { Verdict } from "../lib/verifier";

export const USAGE =
  "usage: npm run verify-live -- --stack <name> [--config <file.yaml>] [--outputs <file>] [--capture <file> | --snapshot <file>] [--json <file>] [--reachability-analyzer] [--readiness | --no-readiness] [--help]";

/** `--help`: the usage, every flag, and the exit statuses. */
export const HELP = `${USAGE}

Reads the deployed network from AWS (read-only), judges it as the synth judges the stack's config, and prints the
verdicts and the drift from the stack.

  --stack <name>           the stack: its config from Pulumi.<name>.yaml, its outputs from the Pulumi CLI
                           (Automation API) unless --outputs is given
  --config <file.yaml>     a stack-file-shaped config instead of --stack (a plain copy of one with secure: values);
                           needs --outputs
  --outputs <file>         the stack's outputs as \`pulumi stack output --json > <file>\` writes them
  --capture <file>         also write everything read from AWS to <file>
  --snapshot <file>        judge a capture written by --capture instead of reading AWS: no credentials; needs --outputs
  --json <file>            also write the report as JSON to <file>
  --reachability-analyzer  run AWS Reachability Analyzer on the legs it can analyze too (creates and deletes its own
                           paths in the DR region; not with --snapshot)
  --readiness              judge each DRS source server's readiness too (on by default with replication.enabled):
                           replicating continuously, lag within the RPO, a successful drill recently; with
                           agentRollout, every instance it targets is a source server (readiness.rpoMinutes and
                           readiness.drillMaxAgeDays, else 15 minutes and 90 days)
  --no-readiness           leave readiness out (nor read the source servers for it)
  --help, -h               print this and exit

Try it without AWS, with the sample capture of the dev stack:
  npm run verify-live -- --stack dev --outputs examples/verify-live/dev-outputs.json --snapshot examples/verify-live/dev-capture.json

Exit status:
  0  every verdict passes and there is no drift
  1  a verdict fails, there is drift, or the analyzer is in error on or disagrees with a leg
  2  bad arguments, stack, config, outputs or capture file; no usable AWS credentials; AWS unreachable; an AWS
     call refused
  3  the capture or the report cannot be written, or an unexpected error
`;

/** The parsed command line. */
export interface VerifyLiveArgs {
  /** The stack whose config (`Pulumi.<stack>.yaml`) and outputs to use, or a stack-file-shaped config file. */
  readonly source: { readonly stack: string } | { readonly configFile: string };
  readonly outputsFile?: string;
  readonly captureFile?: string;
  readonly snapshotFile?: string;
  readonly jsonFile?: string;
  /** Run AWS Reachability Analyzer on the intra-region legs too (it creates and deletes its own paths). */
  readonly reachabilityAnalyzer: boolean;
  /** `--readiness` (true) or `--no-readiness` (false); neither: on with `replication.enabled` (live/scope.ts). */
  readonly readiness?: boolean;
}

/** Whether the command line asks for `--help`. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

/** Parse the command line, or throw an Error whose message is the usage problem. */
export function parseArgs(argv: readonly string[]): VerifyLiveArgs {
  const values: Record<string, string> = {};
  const flags = ["--stack", "--config", "--outputs", "--capture", "--snapshot", "--json"];
  let reachabilityAnalyzer = false;
  let readiness: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--reachability-analyzer") {
      reachabilityAnalyzer = true;
      continue;
    }
    if (flag === "--readiness" || flag === "--no-readiness") {
      const wanted = flag === "--readiness";
      if (readiness !== undefined && readiness !== wanted) throw new Error("give --readiness or --no-readiness, not both");
      readiness = wanted;
      continue;
    }
    const value = argv[i + 1];
    if (!flags.includes(flag)) throw new Error(`unknown argument ${flag}`);
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
    if (values[flag] !== undefined) throw new Error(`${flag} is given twice`);
    values[flag] = value;
    i++;
  }
  const stack = values["--stack"];
  const configFile = values["--config"];
  if (stack === undefined && configFile === undefined) throw new Error("give --stack <name> (or --config <file> with --outputs <file>)");
  if (stack !== undefined && configFile !== undefined) throw new Error("give --stack or --config, not both");
  if (stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(stack)) throw new Error(`not a stack name: ${stack}`);
  if (configFile !== undefined && values["--outputs"] === undefined) throw new Error("--config needs --outputs <file>: without a stack there are no outputs to ask Pulumi for");
  if (values["--capture"] !== undefined && values["--snapshot"] !== undefined) throw new Error("give --capture (read AWS and save) or --snapshot (judge a saved capture), not both");
  if (reachabilityAnalyzer && values["--snapshot"] !== undefined) throw new Error("--reachability-analyzer asks AWS, so it cannot judge a --snapshot");
  if (values["--snapshot"] !== undefined && values["--outputs"] === undefined) {
    throw new Error("--snapshot judges a capture offline, so it needs the stack's outputs as a file too: --outputs <file> (pulumi stack output --json > <file>)");
  }
  return {
    source: configFile !== undefined ? { configFile } : { stack: stack as string },
    outputsFile: values["--outputs"],
    captureFile: values["--capture"],
    snapshotFile: values["--snapshot"],
    jsonFile: values["--json"],
    reachabilityAnalyzer,
    ...(readiness !== undefined ? { readiness } : {}),
  };
}

/** What to do when a side has no credentials, or AWS did not accept them. */
export const CREDENTIALS_HINT =
  "Give that side credentials: its provider's profile or role to assume in the stack's config (drProvider, sourceProvider or sources[].provider), " +
  "or ambient ones (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or aws sso login); to judge a capture without AWS, use --snapshot <file> with --outputs <file>.";

/** What to do after each kind of failed read. */
export const ACCESS_HINTS: Readonly<Record<LiveAccessError["kind"], string>> = {
  refused: "verify-live needs read access to the network: docs/verify-live.md lists the IAM policy (Describe*, List*, Get* only).",
  credentials: CREDENTIALS_HINT,
  unreachable: "Run verify-live where the EC2, Route 53, Route 53 Resolver and DRS endpoints of that region answer (AWS_ENDPOINT_URL, when set, overrides them); to judge a capture without AWS, use --snapshot <file> with --outputs <file>.",
};

/** What the command needs from outside, so tests can stand in for Pulumi and AWS. */
export interface VerifyLiveEnvironment {
  /** The stack's outputs from the Automation API (`pulumi stack output --json`). */
  readonly stackOutputs: (stack: string, root: string) => Promise<OutputsJson>;
  /** SDK clients for a region and a side's credentials. */
  readonly clients: (region: string, auth: SideAuth) => LiveClients;
  readonly now: () => Date;
}

/**
 * The stack's outputs through the Automation API. Its failures are one line each, the way out named (a missing CLI,
 * or a stack the CLI does not know), never the Automation API's dump of the command it ran.
 */
export async function outputsFromPulumi(stack: string, root: string): Promise<OutputsJson> {
  const { LocalWorkspace, PulumiCommand } = await import("@pulumi/pulumi/automation");
  const { describeFailure, PULUMI_CLI_MISSING } = await import("../automation/output");
  const instead = `or give the stack's outputs as a file: --outputs <file>, written where the CLI runs by pulumi stack output --json --stack ${stack} > <file>`;
  try {
    await PulumiCommand.get();
    const selected = await LocalWorkspace.selectStack({ stackName: stack, workDir: root });
    return Object.fromEntries(Object.entries(await selected.outputs()).map(([k, v]) => [k, v.value as unknown]));
  } catch (err) {
    const { summary, detail } = describeFailure(err);
    throw new OutputsError(detail[0] === PULUMI_CLI_MISSING ? `${PULUMI_CLI_MISSING}; ${instead}` : `the Pulumi CLI could not give the outputs of ${stack}: ${summary}; ${instead}`, { cause: err });
  }
}

/** The Pulumi CLI through the Automation API, and real SDK clients. */
export const DEFAULT_ENVIRONMENT: VerifyLiveEnvironment = {
  stackOutputs: outputsFromPulumi,
  clients: sdkClients,
  now: () => new Date(),
};

/** The report: `JSON.stringify` of this is the `--json` file. */
export interface LiveReport {
  readonly stack: string;
  readonly capturedAt: string;
  /** Where the network was read: each region, or the snapshot file. */
  readonly readFrom: string;
  readonly verdicts: readonly Verdict[];
  readonly drift: readonly DriftItem[];
  /** With `--reachability-analyzer`: AWS's own result on each leg it can analyze, beside the verifier's. */
  readonly reachability?: readonly LegResult[];
  /** Every verdict passed, there is no drift, and AWS's analyzer (when run) agrees and answered every leg. */
  readonly passed: boolean;
}

/** A capture file as `--snapshot` accepts it: the shape `--capture` writes. */
export function parseCapture(text: string, file: string): LiveCapture {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const capture = value as { capturedAt?: unknown; regions?: unknown };
  if (typeof capture !== "object" || capture === null || typeof capture.capturedAt !== "string" || typeof capture.regions !== "object" || capture.regions === null || Array.isArray(capture.regions)) {
    throw new Error(`${file} is not a verify-live capture: it needs "capturedAt" (an ISO time) and "regions" (operation outputs by region)`);
  }
  return value as LiveCapture;
}

/** The report as Markdown. */
export function liveReportMarkdown(report: LiveReport): string {
  const failed = report.verdicts.filter((v) => !v.passed);
  const lines = [
    `# drs-secured-network verify-live: ${report.stack}`,
    "",
    `Read ${report.capturedAt} from ${report.readFrom}: ${report.verdicts.length} verdicts, ${failed.length === 0 ? "**all passed**" : `**${failed.length} failed**`}; ` +
      `${report.drift.length === 0 ? "**no drift**" : `**${report.drift.length} drift item${report.drift.length === 1 ? "" : "s"}**`}.`,
    "",
    "## Verdicts",
    "",
    ...report.verdicts.flatMap(verdictMarkdown),
    "",
    "## Drift from the stack",
    "",
    ...(report.drift.length === 0 ? ["None: every id in the outputs exists, and the rules, routes, ACLs and endpoints are as the stack declares them."] : report.drift.map((d) => `- ${d.kind.toUpperCase()} **${d.component}**${d.id !== undefined && d.id !== d.component ? ` (${d.id})` : ""}: ${d.detail}`)),
    "",
    ...(report.reachability !== undefined ? reachabilityMarkdown(report.reachability) : []),
  ];
  return `${lines.join("\n")}\n`;
}

/** A stack as the live commands load it: its file's config, its settings and its outputs. */
export interface LiveStack {
  readonly name: string;
  readonly config: Record<string, string>;
  readonly settings: Settings;
  readonly outputs: OutputsJson;
}

/**
 * Load the stack file and its settings, let `refuse` stop on the settings (its message), then read the outputs (the
 * file's, or the Automation API's). What stands in the way comes back as the message to print; the commands exit 2.
 */
export async function loadLiveStack(
  root: string,
  source: VerifyLiveArgs["source"],
  outputsFile: string | undefined,
  env: Pick<VerifyLiveEnvironment, "stackOutputs">,
  refuse: (settings: Settings) => string | undefined = () => undefined,
): Promise<LiveStack | { readonly problem: string }> {
  try {
    const { name, config } = loadStack(root, source);
    const settings = parseSettings(projectConfig(config, PROJECT));
    const refused = refuse(settings);
    if (refused !== undefined) return { problem: refused };
    const outputs = outputsFile !== undefined ? readOutputs(outputsFile) : await env.stackOutputs((source as { stack: string }).stack, root);
    return { name, config, settings, outputs };
  } catch (e) {
    if (e instanceof StackLoadError || e instanceof PulumiProjectError || e instanceof ConfigError || e instanceof OutputsError) return { problem: e.message };
    return { problem: `could not get the stack's config or outputs: ${(e as Error).message}` };
  }
}

/** The whole command: returns the exit status. */
export async function main(
  argv: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
  root = process.cwd(),
  env: VerifyLiveEnvironment = DEFAULT_ENVIRONMENT,
): Promise<number> {
  if (wantsHelp(argv)) {
    out(HELP);
    return 0;
  }
  let args: VerifyLiveArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }

  const loaded = await loadLiveStack(root, args.source, args.outputsFile, env);
  if ("problem" in loaded) {
    err(`${loaded.problem}\n`);
    return 2;
  }
  const { name: stackName, config, settings, outputs } = loaded;

  try {
    const { report, capture } = await judgeStack(args, env, { stack: stackName, config, settings, outputs });
    const writes = [
      [args.captureFile, `${JSON.stringify(capture, null, 2)}\n`],
      [args.jsonFile, `${JSON.stringify(report, null, 2)}\n`],
    ] as const;
    if (!writeFiles(writes, err)) return 3;
    out(liveReportMarkdown(report));
    if (!report.passed) {
      const { verdicts, drift, reachability } = report;
      const failed = verdicts.filter((v) => !v.passed);
      const aws = (reachability ?? []).filter((r) => r.aws === "error" || r.disagrees).length;
      err(`${failed.length} of ${verdicts.length} verdicts failed, ${drift.length} drift item${drift.length === 1 ? "" : "s"}${reachability !== undefined ? `, ${aws} analyzer leg${aws === 1 ? "" : "s"} in error or in disagreement` : ""}\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof LiveAccessError) {
      err(`${e.message}\n${ACCESS_HINTS[e.kind]}\n`);
      return 2;
    }
    if (e instanceof OutputsError || (e instanceof Error && /is not (JSON|a verify-live capture)/.test(e.message))) {
      err(`${e.message}\n`);
      return 2;
    }
    err(`verify-live failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 3;
  }
}

/**
 * Read the network (or the snapshot), judge it against the stack's config, measure the drift, and with
 * `--reachability-analyzer` ask AWS's analyzer too: the report, and what was read.
 */
async function judgeStack(
  args: VerifyLiveArgs,
  env: VerifyLiveEnvironment,
  stack: { readonly stack: string; readonly config: Record<string, string>; readonly settings: Settings; readonly outputs: OutputsJson },
): Promise<{ report: LiveReport; capture: LiveCapture }> {
  const { settings, outputs } = stack;
  const plan = livePlan(outputs, settings, args.readiness !== undefined ? { readiness: args.readiness } : {});
  let capture: LiveCapture;
  let readFrom: string;
  if (args.snapshotFile !== undefined) {
    if (!existsSync(args.snapshotFile)) throw new OutputsError(`there is no file ${args.snapshotFile}`);
    capture = parseCapture(readFileSync(args.snapshotFile, "utf8"), args.snapshotFile);
    readFrom = `the snapshot ${args.snapshotFile} (regions ${Object.keys(capture.regions).join(", ")})`;
  } else {
    capture = await readLive(plan, env.clients, env.now);
    readFrom = plan.reads.map((r) => `${r.region} (${r.as})`).join(", ");
  }
  const live = modelFromAws(capture, plan.scope);
  const declared = await declaredSide(stack.config, settings);
  // Judged against the config: whatever it declares and the account lacks fails, and the list never shrinks.
  const verdicts = [
    ...withDeclared(judge(live, { requireFlowLogs: settings.flowLogs !== undefined, agentRollout: settings.agentRollout !== undefined }), declared.verdicts, live, declared.liveNamed),
    // With recovery enabled: where each registered source server would launch (live/launch.ts).
    ...launchVerdicts(plan, capture, "stack" in args.source ? args.source.stack : undefined),
    // With readiness (on by default with replication): whether each source server is ready to recover (live/readiness.ts).
    ...liveReadinessVerdicts(plan, capture),
  ];
  const drift = findDrift({ outputs, scope: plan.scope, capture, live, declared });
  let reachability: LegResult[] | undefined;
  if (args.reachabilityAnalyzer) {
    const dr = plan.reads.find((r) => r.drSide);
    reachability = await analyze(env.clients(settings.drRegion, dr?.auth ?? {}).ec2, legsOf(live, plan.scope, verdicts, replicationServers(capture, live, plan.scope)), verdicts);
  }
  const passed = verdicts.every((v) => v.passed) && drift.length === 0 && (reachability ?? []).every((r) => r.aws !== "error" && !r.disagrees);
  return { capture, report: { stack: stack.stack, capturedAt: capture.capturedAt, readFrom, verdicts, drift, ...(reachability !== undefined ? { reachability } : {}), passed } };
}

/** The running replication servers: interfaces in the staging VPC that wear a replication template's group. */
export function replicationServers(capture: LiveCapture, live: NetworkModel, scope: LiveScope): ReplicationServerEni[] {
  const groupIds = new Set(live.templates.flatMap((t) => t.securityGroups.flatMap((g) => (g.id !== undefined ? [g.id] : []))));
  return (capture.regions[scope.drRegion]?.DescribeNetworkInterfaces?.NetworkInterfaces ?? [])
    .filter((n) => n.VpcId === scope.stagingVpcId && n.NetworkInterfaceId !== undefined && (n.Groups ?? []).some((g) => g.GroupId !== undefined && groupIds.has(g.GroupId)))
    .map((n) => ({ id: n.NetworkInterfaceId as string, subnetName: live.subnets.find((s) => s.id === n.SubnetId)?.name ?? String(n.SubnetId) }));
}

/** A `pulumi stack output --json` file. */
export function readOutputs(file: string): OutputsJson {
  if (!existsSync(file)) throw new OutputsError(`there is no file ${file}`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new OutputsError(`${file} is not JSON (expected the output of pulumi stack output --json): ${(e as Error).message}`, { cause: e });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new OutputsError(`${file} is not an object of stack outputs (expected the output of pulumi stack output --json)`);
  return value as OutputsJson;
}

/** The declared network of the same config, from the offline synth: what drift is measured against. */
async function declaredSide(config: Record<string, string>, settings: Settings): Promise<DeclaredSide> {
  const result = await synthFromPulumiConfig(config, offlineAccount(settings));
  return declaredSideOf(declaredResources(result.resources), result.outputs as unknown as OutputsJson, settings);
}

if (require.main === module) {
  main(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`verify-live failed: ${String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
