/**
 * Stable identities: every resource's URN (type, parent type and logical name) for the dev, dev-drs, estate and rollout
 * stacks, against tests/snapshots/urns.json. A URN that disappears is a resource Pulumi would delete or replace in
 * every deployed stack, so a refactor that changes one must add an alias. Updating the snapshot is a deliberate,
 * reviewed act: `UPDATE_URN_SNAPSHOT=1 npm run test:unit`, then read the diff (see docs/stable-identities.md).
 */
import * as assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseSettings, projectConfig } from "../settings";
import { loadStack, offlineAccount } from "../synth/cli";
import { PROJECT, synthFromPulumiConfig } from "../synth/run";

const ROOT = join(__dirname, "..");
const SNAPSHOT = join(__dirname, "snapshots", "urns.json");
const STACKS = ["dev", "dev-drs", "estate", "failback", "onprem", "rollout"] as const;

async function urnsOf(stack: string): Promise<string[]> {
  const { config } = loadStack(ROOT, { stack });
  // The estate adopts a VPC: the offline account confirms it as configured, as the synth does.
  const settings = parseSettings(projectConfig(config, PROJECT));
  const result = await synthFromPulumiConfig(config, offlineAccount(settings));
  return result.resources.map((r) => r.urn).sort();
}

describe("stable identities (URN snapshot)", () => {
  it("keeps every resource's URN of every stack file", async () => {
    const current: Record<string, string[]> = {};
    for (const stack of STACKS) current[stack] = await urnsOf(stack);
    if (process.env.UPDATE_URN_SNAPSHOT === "1") {
      writeFileSync(SNAPSHOT, `${JSON.stringify(current, null, 2)}\n`);
      return;
    }
    const snapshot = JSON.parse(readFileSync(SNAPSHOT, "utf8")) as Record<string, string[]>;
    for (const stack of STACKS) {
      const removed = snapshot[stack].filter((u) => !current[stack].includes(u));
      const added = current[stack].filter((u) => !snapshot[stack].includes(u));
      assert.deepEqual(
        { removed, added },
        { removed: [], added: [] },
        `${stack}: URNs changed. A removed URN replaces or deletes live infrastructure unless the resource gets an alias; ` +
          "if the change is intended and reviewed, run UPDATE_URN_SNAPSHOT=1 npm run test:unit and commit tests/snapshots/urns.json.",
      );
    }
  });

  it("gives every URN one resource (mocks do not detect duplicates)", async () => {
    for (const stack of STACKS) {
      const urns = await urnsOf(stack);
      assert.equal(new Set(urns).size, urns.length, stack);
      assert.ok(urns.every((u) => u !== ""), stack);
    }
  });
});
