/**
 * npm 11 runs no dependency install script that package.json's `allowScripts` does not allow, and warns of every
 * one it has no decision for (`npm help install-scripts`). Every package of the lockfile with an install script has
 * its decision here, made on purpose (docs/architecture.md, Dependencies and why), so `npm ci` neither warns nor runs one unseen.
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

describe("install scripts (npm allowScripts)", () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { allowScripts?: Record<string, boolean> };
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { hasInstallScript?: boolean }> };
  const withScripts = [...new Set(Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript === true).map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length)))].sort();

  it("decides for every dependency that has an install script, and for nothing else", () => {
    assert.deepEqual(Object.keys(manifest.allowScripts ?? {}).sort(), withScripts);
  });

  it("runs none of them: each is unneeded here (see docs/architecture.md)", () => {
    assert.deepEqual(Object.entries(manifest.allowScripts ?? {}).filter(([, allowed]) => allowed), []);
  });
});
