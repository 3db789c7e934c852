/**
 * `npm run synth -- [--stack <name> | --config <file.yaml>] [--json <file>] [--markdown <file>] [--quota <code>=<value>]... [--help]`
 *
 * Runs the real program under Pulumi's mock runtime, with no credentials and no network, and reports what it
 * declares, its outputs, a diagram, the fixed monthly cost and the verifier's verdicts. Without --json or
 * --markdown the Markdown report goes to stdout. The stack's config goes through the Pulumi CLI's own merge and type
 * rules first (lib/pulumiProject.ts), so a stack the CLI would refuse is refused here too. Exit status: 0 when every
 * verdict passes, 1 when one fails, 2 on bad arguments, stack or config, 3 when the synth cannot run or write. The
 * mock account has AWS's default quotas; `--quota L-F678F1CE=20` gives it a raised value (every account and region).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "yaml";
import { mergeStackConfig, programConfig, projectDeclarations, PulumiProjectError, readStackFile, undeclaredKeys } from "../lib/pulumiProject";
import { readErrorMessage } from "../lib/readError";
import { recoveryFacts } from "../lib/recovery";
import { writeFiles } from "../lib/writeFiles";
import { ConfigError, parseSettings, projectConfig, SECRET_PLACEHOLDER, Settings } from "../settings";
import type { QuotaJudgment } from "../lib/quotas";
import { DEFAULT_QUOTAS, emptyAccount, FakeAccount } from "./awsMocks";
import { buildReport, reportToMarkdown, SynthReport } from "./report";
import { declaredResources, PROJECT, synthFromPulumiConfig } from "./run";

/** The parsed command line. */
export interface SynthArgs {
  /** The stack whose `Pulumi.<stack>.yaml` to read, or a stack-file-shaped YAML file. */
  readonly source: { readonly stack: string } | { readonly configFile: string };
  readonly jsonFile?: string;
  readonly markdownFile?: string;
  /** Raised quota values for the mock account, by quota code. */
  readonly quotas: Readonly<Record<string, number>>;
  /** `--help`: print `HELP` and do nothing else. */
  readonly help?: boolean;
}

export const USAGE = "usage: npm run synth -- [--stack <name> | --config <file.yaml>] [--json <file>] [--markdown <file>] [--quota <code>=<value>]...";

/** What `--help` prints. */
export const HELP = [
  USAGE,
  "",
  "Runs the program offline under Pulumi's mock runtime (no credentials, no network) and reports what it declares,",
  "its outputs, a diagram, the fixed monthly cost, AWS quotas and the network verifier's verdicts.",
  "",
  "  --stack <name>        read Pulumi.<name>.yaml (default: dev)",
  "  --config <file.yaml>  read a stack-file-shaped file (config: with drs-secured-network:<key> entries)",
  "  --json <file>         write the report as JSON",
  "  --markdown <file>     write the report as Markdown (without --json or --markdown it goes to stdout)",
  "  --quota <code>=<n>    give the mock account a raised quota, e.g. L-F678F1CE=20 (repeatable)",
  "  --help                print this",
  "",
  "Exit status: 0 every verdict passed, 1 a verdict failed, 2 bad arguments, stack or config, 3 the synth could not",
  "run or write its report.",
  "",
].join("\n");

/** Parse the command line, or throw an Error whose message is the usage problem. */
export function parseArgs(argv: readonly string[]): SynthArgs {
  let stack: string | undefined;
  let configFile: string | undefined;
  let jsonFile: string | undefined;
  let markdownFile: string | undefined;
  const quotas: Record<string, number> = {};
  if (argv.includes("--help") || argv.includes("-h")) return { source: { stack: "dev" }, quotas: {}, help: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!["--stack", "--config", "--json", "--markdown", "--quota"].includes(flag)) throw new Error(`unknown argument ${flag}`);
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
    i++;
    if (flag === "--stack") stack = value;
    if (flag === "--config") configFile = value;
    if (flag === "--json") jsonFile = value;
    if (flag === "--markdown") markdownFile = value;
    if (flag === "--quota") {
      const quota = /^(L-[0-9A-F]{8})=([1-9]\d{0,5})$/.exec(value);
      if (quota === null) throw new Error(`--quota takes <code>=<value>, a Service Quotas code and a whole number, e.g. L-F678F1CE=20; not ${value}`);
      if (!(quota[1] in DEFAULT_QUOTAS)) throw new Error(`--quota ${quota[1]} is not a quota the program reads (${Object.keys(DEFAULT_QUOTAS).join(", ")})`);
      quotas[quota[1]] = Number(quota[2]);
    }
  }
  if (stack !== undefined && configFile !== undefined) throw new Error("give --stack or --config, not both");
  if (stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(stack)) throw new Error(`not a stack name: ${stack}`);
  return { source: configFile !== undefined ? { configFile } : { stack: stack ?? "dev" }, jsonFile, markdownFile, quotas };
}

/** Where a run's config comes from: a stack of the project folder, or a stack-file-shaped file. */
export interface LoadedStack {
  /** The stack name (or the config file given). */
  readonly name: string;
  /** The config as the program is handed it after the CLI's merge: full `<project>:<key>` names, strings. */
  readonly config: Record<string, string>;
}

/** A problem with the stack to synth, reported with exit status 2 like invalid config. */
export class StackLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackLoadError";
  }
}

/** A file's text, or a `StackLoadError` that says in words why it cannot be read. */
function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new StackLoadError(readErrorMessage(path, err, what));
  }
}

/**
 * Read `Pulumi.yaml` and the stack file, and apply what `pulumi preview` applies before the program runs: the stack
 * file read as the CLI reads it, the project's config declarations and defaults, the required keys and the type of
 * every value (lib/pulumiProject.ts), and the program's own rule that every key of the project be declared. Every
 * problem is reported at once. Encrypted (`secure:`) values cannot be decrypted offline: they are named, never shown.
 */
export function loadStack(root: string, source: SynthArgs["source"]): LoadedStack {
  const project = projectDeclarations(parse(readText(join(root, "Pulumi.yaml"), "the project file")));
  const file = "stack" in source ? join(root, `Pulumi.${source.stack}.yaml`) : source.configFile;
  if ("stack" in source && !existsSync(file)) {
    const stacks = readdirSync(root)
      .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
      .filter((s): s is string => s !== undefined)
      .sort();
    throw new StackLoadError(`there is no stack ${JSON.stringify(source.stack)} here (no ${basename(file)}); the stacks are: ${stacks.join(", ") || "none"}`);
  }
  const name = "stack" in source ? source.stack : source.configFile;
  const stackName = "stack" in source ? source.stack : basename(file).replace(/^Pulumi\.|\.ya?ml$/g, "");
  const values = readStackFile(readText(file, "the stack file"), file, project.name);
  const problems: string[] = [];
  let merged: ReturnType<typeof mergeStackConfig> = {};
  try {
    merged = mergeStackConfig(stackName, project, values);
  } catch (err) {
    if (!(err instanceof PulumiProjectError)) throw err;
    problems.push(...err.problems);
    // An empty stack file is read as no config at all: the CLI then names only the missing keys.
    if (Object.keys(values).length === 0) problems.push(`${file} sets no config value: it is empty, or has no config: section`);
  }
  problems.push(...undeclaredKeys(project, values));
  if (problems.length > 0) throw new PulumiProjectError(problems);
  const { values: config, secretKeys } = programConfig(merged);
  if (secretKeys.length > 0) {
    throw new StackLoadError(
      `${file} holds encrypted values the offline synth cannot decrypt:\n` +
        secretKeys.map((k) => `  - ${k}: ${SECRET_PLACEHOLDER} is a secret (secure:); synth a copy of the stack file with a plain-text stand-in (--config <file>)`).join("\n"),
    );
  }
  return { name, config };
}

/** The fake account for an offline run: it confirms an adopted VPC exactly as configured. */
export function offlineAccount(settings: Settings): FakeAccount {
  const account = emptyAccount();
  for (const source of settings.sources) {
    if (source.vpc.kind !== "adopt") continue;
    const { vpcId, vpcCidr, routeTableIds, subnetIds } = source.vpc;
    account.vpcs[vpcId] = { region: source.region, cidrBlocks: [vpcCidr] };
    for (const id of routeTableIds) account.routeTables[id] = { region: source.region, vpcId };
    for (const id of subnetIds) account.subnets[id] = { region: source.region, vpcId };
  }
  return account;
}

/**
 * Run the synth for a stack file's config and build the report. Throws ConfigError on invalid config. `quotas` gives
 * the mock account raised quota values, by code (AWS's defaults otherwise).
 */
export async function synthReport(name: string, pulumiConfig: Record<string, string>, quotas: Readonly<Record<string, number>> = {}): Promise<SynthReport> {
  const settings = parseSettings(projectConfig(pulumiConfig, PROJECT));
  let result: Awaited<ReturnType<typeof synthFromPulumiConfig>>;
  let judgment: QuotaJudgment | undefined;
  try {
    result = await synthFromPulumiConfig(pulumiConfig, { ...offlineAccount(settings), quotas: { ...quotas } }, { onQuotas: (j) => (judgment = j) });
  } catch (e) {
    // The settings passed, so a ConfigError here comes from the account checks.
    throw e instanceof ConfigError ? new OfflineAccountError(e) : e;
  }
  const adopted = settings.sources.flatMap((s) => (s.vpc.kind === "adopt" ? [{ ...s.vpc, label: s.name === "" ? "source" : s.name }] : []));
  const notes = [
    "Offline run: availability zones are the mock account's (a, b, c of each region); the real account may differ.",
    ...adopted.map((vpc) => `The adopted VPC ${vpc.vpcId} (${vpc.vpcCidr}) is taken as configured; pulumi preview checks it against the account.`),
  ];
  return buildReport({
    stack: name,
    sourceRegion: [...new Set([...settings.sources.map((s) => s.region), ...(settings.externalSources.length > 0 ? [`${settings.drRegion} (outside AWS)`] : [])])].join(", "),
    drRegion: settings.drRegion,
    drsDnsMode: settings.drsDnsMode,
    replication: settings.replication !== undefined,
    resources: declaredResources(result.resources),
    outputs: result.outputs,
    context: {
      requireFlowLogs: settings.flowLogs !== undefined,
      agentRollout: settings.agentRollout !== undefined,
      externalVpcs: adopted.map((vpc) => ({ id: vpc.vpcId, cidrBlock: vpc.vpcCidr, label: vpc.label })),
      externalSources: settings.externalSources,
      ...(settings.recovery !== undefined ? { recovery: recoveryFacts(settings.recovery) } : {}),
      ...(settings.failback !== undefined ? { failback: settings.failback } : {}),
    },
    quotas: judgment?.rows ?? [],
    notes,
    settings,
    ...(settings.estimate === undefined ? {} : { estimate: settings.estimate }),
  });
}

/** The account checks (zones, endpoint services, an adopted VPC) failed against the offline account. */
export class OfflineAccountError extends Error {
  constructor(public readonly configError: ConfigError) {
    super(
      `${configError.message}\n` +
        "These account checks ran against the offline synth's mock account, not yours: it offers zones a, b and c in every " +
        "region and every endpoint service there, a default VPC in each region, and AWS's default quotas (give raised ones " +
        "with --quota <code>=<value>). A real account may differ; pulumi preview checks against it.",
    );
    this.name = "OfflineAccountError";
  }
}

/**
 * The whole command: returns the exit status, writing to the given streams. Exit status: 0 every verdict passed,
 * 1 a verdict failed, 2 bad arguments, stack or config, 3 the synth could not run or write its report.
 */
export async function main(argv: readonly string[], out: (text: string) => void, err: (text: string) => void, root = process.cwd()): Promise<number> {
  let args: SynthArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help === true) {
    out(HELP);
    return 0;
  }
  let stack: LoadedStack;
  try {
    stack = loadStack(root, args.source);
  } catch (e) {
    if (e instanceof StackLoadError || e instanceof PulumiProjectError) {
      err(`${e.message}\n`);
      return 2;
    }
    err(`could not read the stack: ${(e as Error).message}\n`);
    return 2;
  }

  let report: SynthReport;
  try {
    report = await synthReport(stack.name, stack.config, args.quotas);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof OfflineAccountError) {
      err(`${e.message}\n`);
      return 2;
    }
    err(`synth failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 3;
  }

  const markdown = reportToMarkdown(report);
  const writes = [
    [args.jsonFile, `${JSON.stringify(report, null, 2)}\n`],
    [args.markdownFile, markdown],
  ] as const;
  if (!writeFiles(writes, err, "the report to ")) return 3;
  if (args.jsonFile === undefined && args.markdownFile === undefined) out(markdown);

  const failures = failureSummary(report);
  if (failures !== undefined) {
    err(failures);
    return 1;
  }
  if (args.jsonFile !== undefined || args.markdownFile !== undefined) out(summaryLine(report));
  return 0;
}

/** The one line printed after writing the files: the total as the report gives it, a lower bound when lines are unpriced. */
export function summaryLine(report: SynthReport): string {
  const { monthlyTotal, complete, unpriced } = report.cost;
  const cost = complete
    ? `fixed cost about $${monthlyTotal.toFixed(2)} a month`
    : `fixed cost at least $${monthlyTotal.toFixed(2)} a month, ${unpriced.length} line${unpriced.length === 1 ? "" : "s"} unpriced (see the report's cost table)`;
  const dr = report.drCost;
  const withEstimate =
    dr?.estimate === undefined
      ? ""
      : `; with the estimate's ${dr.estimate.servers} servers, DR ${dr.monthly.complete ? "about" : "at least"} $${dr.monthly.total.toFixed(2)} a month and ` +
        `${dr.oneTime.complete ? "about" : "at least"} $${dr.oneTime.total.toFixed(2)} once (see What DR will cost)`;
  return `${report.stack}: ${report.resources.length} resources, all ${report.verdicts.length} verdicts passed, ${cost}${withEstimate}\n`;
}

/** The reason the synth fails, one line per failed verdict with its blocking component, or `undefined` if none. */
export function failureSummary(report: SynthReport): string | undefined {
  const failed = report.verdicts.filter((v) => !v.passed);
  if (failed.length === 0) return undefined;
  const findings = (v: (typeof failed)[number]) =>
    (v.blockedBy !== undefined ? [v.blockedBy] : (v.offenders ?? [])).map((f) => `${f.component} ${f.reason}`).join("; ");
  return `${failed.length} of ${report.verdicts.length} verdicts failed:\n${failed.map((v) => `  - ${v.description}: ${findings(v)}\n`).join("")}`;
}

if (require.main === module) {
  main(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`synth failed: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
