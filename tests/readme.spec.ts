import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OPTIONAL_STACK_OUTPUT_NAMES, STACK_OUTPUT_NAMES } from "../program";
import { CONFIG_SCHEMA } from "../settings";

const ROOT = join(__dirname, "..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
/** The reference pages the front page links to, where the config, outputs and replication tables live. */
const page = (name: string) => readFileSync(join(ROOT, "docs", name), "utf8");

/** The first cells of the rows of the table that follows `heading` in `text`. */
function tableKeys(text: string, heading: string): string[] {
  const section = text.slice(text.indexOf(heading));
  const table = section.slice(section.indexOf("\n|")).split("\n\n")[0];
  return table
    .split("\n")
    .slice(3)
    .flatMap((row) => (row.split("|")[1] ?? "").split(",").map((cell) => cell.trim().replace(/`/g, "")));
}

describe("README", () => {
  it("documents every config key in the config table, in the schema's order", () => {
    assert.deepEqual(tableKeys(page("config.md"), "# Config\n").filter((k) => k !== ""), Object.keys(CONFIG_SCHEMA));
  });

  it("documents every stack output in the outputs table, in the contract's order", () => {
    assert.deepEqual(tableKeys(page("outputs.md"), "# Outputs\n").filter((k) => k !== ""), [...STACK_OUTPUT_NAMES, ...OPTIONAL_STACK_OUTPUT_NAMES]);
  });

  it("documents every replication field", () => {
    assert.deepEqual(tableKeys(page("replication.md"), "and never deletes it.\n").filter((k) => k !== "").map((k) => k), Object.keys(CONFIG_SCHEMA.replication.unwrap().shape));
  });

  it("starts with the synth, then gives the test command CI runs", () => {
    const firstBlock = readme.slice(readme.indexOf("```bash\n") + 8).split("\n```")[0];
    assert.deepEqual(firstBlock.split("\n"), ["npm ci && npm run synth", "npm test"]);
    const ci = readFileSync(join(ROOT, ".ci", "run"), "utf8");
    assert.match(ci, /^npm ci\b/m);
    assert.match(ci, /^npm test$/m);
  });
});
