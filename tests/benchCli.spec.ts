/** `npm run bench -- --help`: the usage and what the bench measures, without measuring anything. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { benchCommand, HELP } from "../bench/synth";

const ROOT = join(__dirname, "..");

describe("bench/synth: the command line", () => {
  it("--help prints the usage and what is measured, status 0; another argument is refused, status 2; none runs the bench", () => {
    let out = "";
    let err = "";
    assert.equal(benchCommand(["--help"], (t) => (out += t), (t) => (err += t)), 0);
    assert.equal(out, HELP);
    assert.match(HELP, /^usage: npm run bench \[-- --help\]\n/);
    assert.match(HELP, /1, 10, 50 sources into one staging VPC/);
    assert.equal(benchCommand(["--runs", "3"], (t) => (out += t), (t) => (err += t)), 2);
    assert.equal(err, "unknown argument --runs 3\nusage: npm run bench [-- --help]\n");
    assert.equal(benchCommand([], () => assert.fail(), () => assert.fail()), undefined);
  });

  it("runs as npm run bench -- --help does, in its own process, and measures nothing", function () {
    this.timeout(60000);
    const run = spawnSync(process.execPath, [join(ROOT, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", "bench/synth.ts", "--help"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, HELP);
  });
});
