/**
 * `npm run bench`: how long the synth of the dev stack takes, beside how long Node takes only to load
 * @pulumi/pulumi and @pulumi/aws, measured in the same process. Prints figures; asserts nothing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

async function main(): Promise<void> {
  const root = join(__dirname, "..");

  let start = performance.now();
  await import("@pulumi/pulumi");
  await import("@pulumi/aws");
  const loadMs = performance.now() - start;

  // The synth's own modules (program, components, verifier, report) load as part of the first run.
  start = performance.now();
  const { stackFileConfig, synthReport } = await import("../synth/cli");
  const config = stackFileConfig(readFileSync(join(root, "Pulumi.dev.yaml"), "utf8"), "Pulumi.dev.yaml");
  const first = await synthReport("dev", config);
  const firstMs = performance.now() - start;

  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    start = performance.now();
    await synthReport("dev", config);
    warm.push(performance.now() - start);
  }
  warm.sort((a, b) => a - b);
  const medianMs = warm[Math.floor(warm.length / 2)];

  const ms = (v: number) => `${v.toFixed(0).padStart(6)} ms`;
  console.log(`dev stack: ${first.resources.length} resources, ${first.verdicts.length} verdicts (${first.passed ? "all passed" : "FAILED"})`);
  console.log(`load @pulumi/pulumi + @pulumi/aws      ${ms(loadMs)}`);
  console.log(`synth, first run (incl. own modules)   ${ms(firstMs)}   ratio to load ${(firstMs / loadMs).toFixed(2)}`);
  console.log(`synth, median of 5 warm runs           ${ms(medianMs)}   ratio to load ${(medianMs / loadMs).toFixed(2)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
