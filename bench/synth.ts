/**
 * `npm run bench [-- --help]`: how long the synth takes, measured in one process and printed; nothing is asserted.
 *
 * 1. Preview load: loading the program as Pulumi's runtime does (ts-node registered with the project's tsconfig),
 *    beside loading @pulumi/pulumi and @pulumi/aws alone, each in fresh processes, as a ratio.
 * 2. For the dev stack: the synth's wall time, first and warm.
 * 3. The scale table: 1, 10 and 50 sources into one staging VPC, with synth time, resource count and fixed monthly
 *    cost for each, the time per source, the marginal cost per resource, and peak memory; then, per scale, the AWS
 *    quotas it needs raised (the synth's mock account is given them) and its tightest quotas' headroom.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const SCALES = [1, 10, 50] as const;
/**
 * The quotas each scale needs above AWS's defaults: 50 created sources over five regions put ten VPCs in each, plus
 * the region's default VPC (VPCs per Region, L-F678F1CE, default 5). Every other quota fits its default.
 */
const RAISED: Readonly<Record<number, Readonly<Record<string, number>>>> = { 1: {}, 10: {}, 50: { "L-F678F1CE": 11 } };
const REGIONS = ["eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-southeast-2"] as const;

/** A stack file's config with `n` created sources, each in its own /20 of 10.16.0.0/12, round-robin over regions. */
function scaleConfig(n: number): Record<string, string> {
  const sources = Array.from({ length: n }, (_, i) => ({
    name: `s${i + 1}`,
    region: REGIONS[i % REGIONS.length],
    vpcCidr: `10.${16 + Math.floor(i / 16)}.${(i % 16) * 16}.0/20`,
  }));
  return {
    "drs-secured-network:drRegion": "eu-west-2",
    "drs-secured-network:stagingVpcCidr": "10.0.0.0/16",
    "drs-secured-network:subnetPrefixLength": "24",
    "drs-secured-network:sources": JSON.stringify(sources),
    "drs-secured-network:replication": JSON.stringify({ enabled: true }),
  };
}

/** Median wall time of `runs` loads in fresh plain-node processes, as bench/pulumiRun.js measures them. */
function medianLoad(root: string, what: "program" | "bare", runs: number): number {
  const times = Array.from({ length: runs }, () => {
    const run = spawnSync(process.execPath, [join(__dirname, "pulumiRun.js"), root, what], { cwd: root, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`loading ${what} failed: ${run.stderr}`);
    return Number(run.stdout);
  });
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function main(): Promise<void> {
  const root = join(__dirname, "..");
  const ms = (v: number) => `${v.toFixed(0).padStart(6)} ms`;

  // 1. What pulumi preview pays before the program runs, each in a fresh process.
  const bare = medianLoad(root, "bare", 5);
  const program = medianLoad(root, "program", 5);
  console.log("preview load (fresh process, as @pulumi/pulumi/cmd/run/run.js registers ts-node)");
  console.log(`  @pulumi/pulumi + @pulumi/aws alone             ${ms(bare)}   (median of 5)`);
  console.log(`  the program, transpile-only (tsconfig noCheck) ${ms(program)}   (median of 5)   ratio ${(program / bare).toFixed(2)}`);

  // 2. The synth of the dev stack, in this process.
  const start = performance.now();
  const { loadStack, synthReport } = await import("../synth/cli");
  const { config } = loadStack(root, { stack: "dev" });
  const first = await synthReport("dev", config);
  const firstMs = performance.now() - start;
  const median = async (runs: number, run: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  };
  const warmMs = await median(5, () => synthReport("dev", config));
  console.log("");
  console.log(`dev stack: ${first.resources.length} resources, ${first.verdicts.length} verdicts (${first.passed ? "all passed" : "FAILED"})`);
  console.log(`  synth, first run (incl. loading its modules)   ${ms(firstMs)}`);
  console.log(`  synth, median of 5 warm runs                   ${ms(warmMs)}`);

  // 3. The scale table, and the marginal cost of a resource between 10 and 50 sources.
  console.log("");
  console.log("sources  resources  verdicts  passed  synth (median of 3)  per source  fixed cost/month");
  const rows: { resources: number; time: number }[] = [];
  const headroom: string[] = [];
  for (const n of SCALES) {
    const scaled = scaleConfig(n);
    const report = await synthReport(`${n} sources`, scaled, RAISED[n]);
    const time = await median(3, () => synthReport(`${n} sources`, scaled, RAISED[n]));
    rows.push({ resources: report.resources.length, time });
    const raised = Object.entries(RAISED[n]).map(([code, value]) => `${code} to ${value}`).join(", ") || "none";
    const tightest = [...report.quotas].sort((a, b) => a.headroom - b.headroom).slice(0, 3);
    headroom.push(`${String(n).padStart(7)}  raised: ${raised}; tightest: ${tightest.map((q) => `${q.name} ${q.region} ${q.need}/${q.applied ?? q.defaultValue}`).join(", ")}`);
    console.log(
      `${String(n).padStart(7)}  ${String(report.resources.length).padStart(9)}  ${String(report.verdicts.length).padStart(8)}  ${(report.passed ? "yes" : "NO").padStart(6)}  ${ms(time).padStart(19)}  ${ms(time / n).padStart(10)}  $${report.cost.monthlyTotal.toFixed(2)}`,
    );
  }
  console.log("");
  console.log("sources  AWS quotas (need/value in the mock account)");
  for (const line of headroom) console.log(line);
  const [, ten, fifty] = rows;
  console.log(`marginal cost per resource (10 -> 50 sources): ${((fifty.time - ten.time) / (fifty.resources - ten.resources)).toFixed(2)} ms`);
  console.log(`peak memory (max RSS of this process): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
}

export const USAGE = "usage: npm run bench [-- --help]";

/** What `npm run bench -- --help` prints. */
export const HELP = [
  USAGE,
  "",
  "Measures the synth in this process and prints the figures; nothing is asserted, nothing is deployed:",
  "  1. preview load: the program loaded as Pulumi's runtime loads it, beside @pulumi/pulumi and @pulumi/aws alone",
  "  2. the dev stack's synth, first and warm",
  `  3. ${SCALES.join(", ")} sources into one staging VPC: synth time, resources, fixed cost, quotas, peak memory`,
  "",
  "  --help   print this",
  "",
].join("\n");

/** The command line: `--help` prints `HELP` (status 0), anything else is refused (2); no argument runs the bench. */
export function benchCommand(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): number | undefined {
  if (argv.length === 0) return undefined;
  if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h")) {
    out(HELP);
    return 0;
  }
  err(`unknown argument ${argv.join(" ")}\n${USAGE}\n`);
  return 2;
}

if (require.main === module) {
  const status = benchCommand(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t));
  if (status !== undefined) {
    process.exitCode = status;
  } else {
    main().catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
  }
}
