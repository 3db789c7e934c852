/**
 * `npm run synth -- [--stack <name> | --config <file.yaml>] [--json <file>] [--markdown <file>]`
 *
 * Runs the real program under Pulumi's mock runtime, with no credentials and no network, and reports what it
 * declares, its outputs, a diagram, the fixed monthly cost and the verifier's verdicts. Without --json or
 * --markdown the Markdown report goes to stdout. Exit status: 0 when every verdict passes, 1 when one fails (or the
 * run breaks), 2 on invalid config or arguments.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ConfigError, parseSettings, projectConfig, Settings, toPulumiConfig } from "../settings";
import { emptyAccount, FakeAccount } from "./awsMocks";
import { buildReport, reportToMarkdown, SynthReport } from "./report";
import { declaredResources, PROJECT, synthFromPulumiConfig } from "./run";

/** The parsed command line. */
export interface SynthArgs {
  /** The stack whose `Pulumi.<stack>.yaml` to read, or a stack-file-shaped YAML file. */
  readonly source: { readonly stack: string } | { readonly configFile: string };
  readonly jsonFile?: string;
  readonly markdownFile?: string;
}

export const USAGE = "usage: npm run synth -- [--stack <name> | --config <file.yaml>] [--json <file>] [--markdown <file>]";

/** Parse the command line, or throw an Error whose message is the usage problem. */
export function parseArgs(argv: readonly string[]): SynthArgs {
  let stack: string | undefined;
  let configFile: string | undefined;
  let jsonFile: string | undefined;
  let markdownFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!["--stack", "--config", "--json", "--markdown"].includes(flag)) throw new Error(`unknown argument ${flag}`);
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
    i++;
    if (flag === "--stack") stack = value;
    if (flag === "--config") configFile = value;
    if (flag === "--json") jsonFile = value;
    if (flag === "--markdown") markdownFile = value;
  }
  if (stack !== undefined && configFile !== undefined) throw new Error("give --stack or --config, not both");
  if (stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(stack)) throw new Error(`not a stack name: ${stack}`);
  return { source: configFile !== undefined ? { configFile } : { stack: stack ?? "dev" }, jsonFile, markdownFile };
}

/**
 * A stack file's config as Pulumi hands it to the program: full `<project>:<key>` names, strings, objects and
 * arrays as JSON. Keys without a namespace are this project's.
 */
export function stackFileConfig(yamlText: string, file: string): Record<string, string> {
  const parsed = parse(yamlText) as { config?: Record<string, unknown> } | null;
  if (parsed === null || typeof parsed !== "object" || typeof parsed.config !== "object" || parsed.config === null) {
    throw new Error(`${file} has no config: section`);
  }
  return toPulumiConfig(parsed.config, PROJECT);
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

/** Run the synth for a stack file's config and build the report. Throws ConfigError on invalid config. */
export async function synthReport(name: string, pulumiConfig: Record<string, string>): Promise<SynthReport> {
  const settings = parseSettings(projectConfig(pulumiConfig, PROJECT));
  const result = await synthFromPulumiConfig(pulumiConfig, offlineAccount(settings));
  const adopted = settings.sources.flatMap((s) => (s.vpc.kind === "adopt" ? [s.vpc] : []));
  const notes = [
    "Offline run: availability zones are the mock account's (a, b, c of each region); the real account may differ.",
    ...adopted.map((vpc) => `The adopted VPC ${vpc.vpcId} (${vpc.vpcCidr}) is taken as configured; pulumi preview checks it against the account.`),
  ];
  return buildReport({
    stack: name,
    sourceRegion: [...new Set(settings.sources.map((s) => s.region))].join(", "),
    drRegion: settings.drRegion,
    drsDnsMode: settings.drsDnsMode,
    replication: settings.replication !== undefined,
    resources: declaredResources(result.resources),
    outputs: result.outputs,
    context: {
      requireFlowLogs: settings.flowLogs !== undefined,
      externalVpcs: adopted.map((vpc) => ({ id: vpc.vpcId, cidrBlock: vpc.vpcCidr })),
    },
    notes,
  });
}

/** The whole command: returns the exit status, writing to the given streams. */
export async function main(argv: readonly string[], out: (text: string) => void, err: (text: string) => void, root = process.cwd()): Promise<number> {
  let args: SynthArgs;
  let config: Record<string, string>;
  let name: string;
  try {
    args = parseArgs(argv);
    const file = "stack" in args.source ? join(root, `Pulumi.${args.source.stack}.yaml`) : args.source.configFile;
    name = "stack" in args.source ? args.source.stack : args.source.configFile;
    config = stackFileConfig(readFileSync(file, "utf8"), file);
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }

  let report: SynthReport;
  try {
    report = await synthReport(name, config);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`${e.message}\n`);
      return 2;
    }
    err(`synth failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return 1;
  }

  const markdown = reportToMarkdown(report);
  if (args.jsonFile !== undefined) writeFileSync(args.jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  if (args.markdownFile !== undefined) writeFileSync(args.markdownFile, markdown);
  if (args.jsonFile === undefined && args.markdownFile === undefined) out(markdown);

  const failures = failureSummary(report);
  if (failures !== undefined) {
    err(failures);
    return 1;
  }
  if (args.jsonFile !== undefined || args.markdownFile !== undefined) {
    out(`${report.stack}: ${report.resources.length} resources, all ${report.verdicts.length} verdicts passed, fixed cost about $${report.cost.monthlyTotal.toFixed(2)} a month\n`);
  }
  return 0;
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
