/**
 * Writes the sample capture of the dev stack that `verify-live --snapshot` can judge without AWS
 * (`examples/verify-live/`): what AWS would report of the dev stack's synth, every id changed from the mock runtime's
 * (tests/support/liveFixture.ts), and the stack outputs with the same ids. Run after a change to the dev stack's
 * network: `npx ts-node --transpile-only tests/support/writeLiveSample.ts`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deployedStack } from "./liveFixture";

/** Where the sample lives, and its two files. */
export const SAMPLE_DIR = join(__dirname, "..", "..", "examples", "verify-live");
export const SAMPLE_CAPTURE = join(SAMPLE_DIR, "dev-capture.json");
export const SAMPLE_OUTPUTS = join(SAMPLE_DIR, "dev-outputs.json");

/** The two files' text, as written. */
export async function sampleTexts(): Promise<{ capture: string; outputs: string }> {
  const dev = await deployedStack("dev");
  return { capture: `${JSON.stringify(dev.capture, null, 2)}\n`, outputs: `${JSON.stringify(dev.outputs, null, 2)}\n` };
}

if (require.main === module) {
  sampleTexts().then(({ capture, outputs }) => {
    mkdirSync(SAMPLE_DIR, { recursive: true });
    writeFileSync(SAMPLE_CAPTURE, capture);
    writeFileSync(SAMPLE_OUTPUTS, outputs);
  });
}
