/**
 * `npm run bench`: how long the synth takes, measured in one process and printed; nothing is asserted.
 *
 * 1. For the dev stack: the synth's wall time beside the time Node takes only to load @pulumi/pulumi and
 *    @pulumi/aws, as a ratio.
 * 2. The scale table: 1, 10 and 50 sources into one staging VPC, with synth time, resource count and fixed monthly
 *    cost for each, and the time per source, which stays flat when the growth is linear.
 */
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const SCALES = [1, 10, 50] as const;
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

async function main(): Promise<void> {
  const root = join(__dirname, "..");

  let start = performance.now();
  await import("@pulumi/pulumi");
  await import("@pulumi/aws");
  const loadMs = performance.now() - start;

  // The synth's own modules (program, components, verifier, report) load as part of the first run.
  start = performance.now();
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

  const ms = (v: number) => `${v.toFixed(0).padStart(6)} ms`;
  console.log(`dev stack: ${first.resources.length} resources, ${first.verdicts.length} verdicts (${first.passed ? "all passed" : "FAILED"})`);
  console.log(`load @pulumi/pulumi + @pulumi/aws      ${ms(loadMs)}`);
  console.log(`synth, first run (incl. own modules)   ${ms(firstMs)}   ratio to load ${(firstMs / loadMs).toFixed(2)}`);
  console.log(`synth, median of 5 warm runs           ${ms(warmMs)}   ratio to load ${(warmMs / loadMs).toFixed(2)}`);

  console.log("");
  console.log("sources  resources  verdicts  passed  synth (median of 3)  per source   fixed cost/month");
  for (const n of SCALES) {
    const scaled = scaleConfig(n);
    const report = await synthReport(`${n} sources`, scaled);
    const time = await median(3, () => synthReport(`${n} sources`, scaled));
    console.log(
      `${String(n).padStart(7)}  ${String(report.resources.length).padStart(9)}  ${String(report.verdicts.length).padStart(8)}  ${(report.passed ? "yes" : "NO").padStart(6)}  ${ms(time).padStart(19)}  ${ms(time / n).padStart(10)}   $${report.cost.monthlyTotal.toFixed(2)}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
