/**
 * How Pulumi's Node.js runtime loads this program (`@pulumi/pulumi/cmd/run/run.js`, emulated by bench/pulumiRun.js
 * with Pulumi's own `tsutils`): transpile-only because tsconfig.json sets `noCheck`, through swc per its "ts-node"
 * section, while `npm test` still type-checks everything with `tsc --noCheck false`.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pulumiTypeScriptOptions } from "../bench/pulumiRun";

const ROOT = join(__dirname, "..");

describe("bench/pulumiRun: the program as Pulumi's runtime loads it", () => {
  it("is transpile-only, because tsconfig.json sets noCheck (run.js reads it unless PULUMI_NODEJS_TRANSPILE_ONLY is set)", () => {
    const { options } = pulumiTypeScriptOptions(ROOT, {});
    assert.equal(options.transpileOnly, true);
    assert.equal(options.project, join(ROOT, "tsconfig.json"));
    // run.js's own defaults sit under the tsconfig's options: the tsconfig's module wins.
    assert.equal(options.compilerOptions.module, "commonjs");
    assert.equal(pulumiTypeScriptOptions(ROOT, { PULUMI_NODEJS_TRANSPILE_ONLY: "false" }).options.transpileOnly, false);
  });

  it("transpiles with swc (tsconfig's ts-node section), which ts-node loads from node_modules", () => {
    const tsconfig = JSON.parse(readFileSync(join(ROOT, "tsconfig.json"), "utf8")) as { "ts-node"?: { swc?: boolean } };
    assert.equal(tsconfig["ts-node"]?.swc, true);
    assert.doesNotThrow(() => require.resolve("@swc/core", { paths: [ROOT] }));
  });

  it("loads in a fresh process exactly as run.js registers ts-node", function () {
    this.timeout(60_000);
    const run = spawnSync(process.execPath, [join(ROOT, "bench", "pulumiRun.js"), ROOT, "program"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\d+$/);
  });

  it("npm test still type-checks: the build script overrides noCheck, and without the override an error would pass", function () {
    this.timeout(60_000);
    const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    assert.equal(scripts.build, "tsc --noEmit --noCheck false");
    assert.match(scripts.test, /^npm run build && /);
    const dir = mkdtempSync(join(ROOT, ".tmp-typecheck-"));
    try {
      writeFileSync(join(dir, "bad.ts"), 'export const n: number = "not a number";\n');
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: "../tsconfig.json", include: [], files: ["bad.ts"] }));
      const tsc = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", dir, "--noEmit", ...args], { encoding: "utf8" });
      assert.equal(tsc().status, 0, "noCheck skips type errors");
      const checked = tsc("--noCheck", "false");
      assert.notEqual(checked.status, 0);
      assert.match(checked.stdout, /error TS2322: Type 'string' is not assignable to type 'number'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
