import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HELP, main, parseArgs } from "../automation/cli";
import { describeChanges, describeFailure, progressLine, PULUMI_CLI_MISSING, summaryTable } from "../automation/output";
import { PlanError, planRun } from "../automation/plan";
import { toPulumiConfig } from "../settings";
import { requirePulumiCli, runPlan, StackDriver } from "../automation/runner";

const FILE = `
environments:
  - stack: dev
    stackFile: Pulumi.dev.yaml
  - stack: prod
    config:
      sourceRegion: eu-central-1
      drRegion: eu-west-3
      tags: { Environment: prod }
`;
const DEV_STACK = "config:\n  drs-secured-network:sourceRegion: eu-west-1\n  drs-secured-network:drRegion: eu-west-2\n";
const read = (path: string) => {
  if (path.endsWith("Pulumi.dev.yaml")) return DEV_STACK;
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" });
};

describe("automation", () => {
  describe("plan", () => {
    it("reads stack files and inline config into Pulumi config, in file order", () => {
      const plan = planRun("preview", FILE, "/estate/environments.yaml", read);
      assert.equal(plan.project, "drs-secured-network");
      assert.deepEqual(plan.environments, [
        { stack: "dev", config: { "drs-secured-network:sourceRegion": "eu-west-1", "drs-secured-network:drRegion": "eu-west-2" }, dependsOn: [] },
        {
          stack: "prod",
          config: { "drs-secured-network:sourceRegion": "eu-central-1", "drs-secured-network:drRegion": "eu-west-3", "drs-secured-network:tags": '{"Environment":"prod"}' },
          dependsOn: [],
        },
      ]);
      assert.deepEqual(plan.assumedDone, []);
    });

    it("keeps only the stacks asked for, and refuses one the file does not have", () => {
      assert.deepEqual(planRun("up", FILE, "envs.yaml", read, ["prod"]).environments.map((e) => e.stack), ["prod"]);
      assert.throws(() => planRun("up", FILE, "envs.yaml", read, ["qa"]), (err: PlanError) => err.problems[0] === "qa: is not an environment of envs.yaml");
    });

    it("validates every environment with the program's settings, listing every problem before anything runs", () => {
      const bad = `
environments:
  - stack: a
    config: { sourceRegion: eu-west-1, drRegion: eu-west-9 }
  - stack: b
    config: { drRegion: eu-west-2 }
  - stack: a
    config: {}
  - stack: c
    stackFile: missing.yaml
  - config: {}
  - stack: d
`;
      assert.throws(
        () => planRun("up", bad, "envs.yaml", read),
        (err: PlanError) => {
          assert.deepEqual(err.problems, [
            "a: is listed twice",
            "environments[4]: needs a stack name",
            'a: drRegion: "eu-west-9" is not a region where AWS Elastic Disaster Recovery is offered (no DRS agent installer is published there)',
            "b: sourceRegion: is required: the region of the servers to protect, e.g. eu-west-1 (or list sources)",
            `c: the stack file ${join(process.cwd(), "missing.yaml")} does not exist`,
            "d: needs exactly one of stackFile (a Pulumi.<stack>.yaml to read) or config (the keys inline)",
          ]);
          assert.match(err.message, /^The environments file has 6 problems:\n {2}- a: is listed twice/);
          return true;
        },
      );
      assert.throws(() => planRun("up", "project: x\n", "envs.yaml", read), /needs an environments list/);
    });

    it("refuses a stack file's encrypted value without showing it", () => {
      const secretStack = "config:\n  drs-secured-network:sourceRegion: eu-west-1\n  drs-secured-network:drRegion: eu-west-2\n  drs-secured-network:drProvider:\n    assumeRoleArn:\n      secure: v1:Y2lwaGVydGV4dA==\n";
      assert.throws(
        () => planRun("up", "environments:\n  - stack: s\n    stackFile: Pulumi.s.yaml\n", "envs.yaml", () => secretStack),
        (err: PlanError) => {
          assert.deepEqual(err.problems, [
            "s: drs-secured-network:drProvider: [secret] is encrypted in Pulumi.s.yaml; give this environment its config inline, with secrets from your secret store",
          ]);
          assert.doesNotMatch(err.message, /Y2lwaGVy/);
          return true;
        },
      );
    });

    it("writes config as Pulumi holds it", () => {
      assert.deepEqual(toPulumiConfig({ a: "x", b: 2, c: [1], "aws:region": "eu-west-1" }, "p"), { "p:a": "x", "p:b": "2", "p:c": "[1]", "aws:region": "eu-west-1" });
    });
  });

  describe("output", () => {
    it("prefixes each progress line with its stack", () => {
      assert.equal(progressLine("prod", "  + aws:ec2/vpc:Vpc staging-vpc created  \n"), "[prod]   + aws:ec2/vpc:Vpc staging-vpc created");
    });

    it("describes changes in a fixed order, without the unchanged", () => {
      assert.equal(describeChanges({ same: 30, update: 1, create: 12, delete: 2 }), "create 12, update 1, delete 2");
      assert.equal(describeChanges({ same: 30 }), "no changes");
      assert.equal(describeChanges(undefined), "-");
    });

    it("prints the summary table with a count of outcomes", () => {
      assert.equal(
        summaryTable([
          { stack: "dev", action: "up", status: "succeeded", changes: { create: 38 }, durationMs: 61234 },
          { stack: "prod", action: "up", status: "failed", durationMs: 1500, reason: "no credentials" },
          { stack: "qa", action: "up", status: "skipped", durationMs: 0, reason: "an earlier environment failed" },
        ]),
        [
          "Stack  Action  Result     Changes                        Time",
          "-----  ------  ---------  -----------------------------  ------",
          "dev    up      succeeded  create 38                      61.2 s",
          "prod   up      failed     no credentials                 1.5 s",
          "qa     up      skipped    an earlier environment failed  0.0 s",
          "",
          "1 succeeded, 1 failed, 1 skipped",
        ].join("\n"),
      );
    });
  });

  describe("runner", () => {
    const plan = planRun("up", FILE, "envs.yaml", read);
    const fake = (fail: string[] = []) => {
      const opened: string[] = [];
      const open = async (env: { stack: string }): Promise<StackDriver> => {
        opened.push(env.stack);
        return {
          async run(action, onOutput) {
            onOutput(`Updating (${env.stack}):\n    + created\n`);
            if (fail.includes(env.stack)) throw new Error(`${action} of ${env.stack} failed\nstack trace`);
            return { create: 3, same: 1 };
          },
        };
      };
      return { open, opened };
    };

    it("runs every environment in order, with prefixed progress and a result each", async () => {
      const lines: string[] = [];
      const { open, opened } = fake();
      let clock = 0;
      const results = await runPlan(plan, open, (l) => lines.push(l), { now: () => (clock += 1000) });
      assert.deepEqual(opened, ["dev", "prod"]);
      assert.deepEqual(lines, ["[dev] up starting", "[dev] Updating (dev):", "[dev]     + created", "[dev] up succeeded", "[prod] up starting", "[prod] Updating (prod):", "[prod]     + created", "[prod] up succeeded"]);
      assert.deepEqual(results.map((r) => [r.stack, r.status, r.changes, r.durationMs]), [["dev", "succeeded", { create: 3, same: 1 }, 1000], ["prod", "succeeded", { create: 3, same: 1 }, 1000]]);
    });

    it("goes on after a failure, or stops when asked", async () => {
      const goOn = await runPlan(plan, fake(["dev"]).open, () => undefined);
      assert.deepEqual(goOn.map((r) => [r.stack, r.status, r.reason]), [["dev", "failed", "up of dev failed"], ["prod", "succeeded", undefined]]);
      const { open, opened } = fake(["dev"]);
      const stop = await runPlan(plan, open, () => undefined, { stopOnError: true });
      assert.deepEqual(stop.map((r) => [r.stack, r.status]), [["dev", "failed"], ["prod", "skipped"]]);
      assert.deepEqual(opened, ["dev"]);
    });

    it("prints every line of a failure, and the engine's own error line in the table", async () => {
      // The Automation API's CommandError: the message holds the exit code, stdout and stderr.
      const commandError = Object.assign(new Error("code: 255\n stdout: \n stderr: error: no credentials found for eu-west-1\n  hint: set AWS_PROFILE\n"), {
        commandResult: { stdout: "", stderr: "error: no credentials found for eu-west-1\n  hint: set AWS_PROFILE\n", code: 255 },
      });
      const lines: string[] = [];
      const results = await runPlan(plan, async () => ({ run: async () => Promise.reject(commandError) }), (l) => lines.push(l), { stopOnError: true });
      assert.equal(results[0].reason, "error: no credentials found for eu-west-1");
      assert.deepEqual(lines.slice(1, 6), [
        "[dev] up failed: error: no credentials found for eu-west-1",
        "[dev]   code: 255",
        "[dev]    stdout:",
        "[dev]    stderr: error: no credentials found for eu-west-1",
        "[dev]     hint: set AWS_PROFILE",
      ]);
    });
  });

  describe("without the Pulumi CLI", () => {
    it("names the missing pulumi binary, says how to install it, and keeps the underlying error", () => {
      const spawnError = Object.assign(new Error("code: -2\n stdout: \n stderr: Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT\n err?: Error: spawn pulumi ENOENT\n"), {
        commandResult: { stdout: "", stderr: "Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT", code: -2 },
      });
      const { summary, detail } = describeFailure(spawnError);
      assert.equal(summary, "Pulumi CLI not found on PATH");
      assert.equal(detail[0], PULUMI_CLI_MISSING);
      assert.match(detail[0], /https:\/\/www\.pulumi\.com\/docs\/iac\/download-install\//);
      assert.deepEqual(detail.slice(1), ["code: -2", " stdout:", " stderr: Command failed with ENOENT: pulumi version", "spawn pulumi ENOENT", " err?: Error: spawn pulumi ENOENT"]);
    });

    it("requirePulumiCli fails with that message when pulumi is not on PATH (the real Automation API call)", async () => {
      const path = process.env.PATH;
      const empty = mkdtempSync(join(tmpdir(), "drs-no-pulumi-"));
      process.env.PATH = empty;
      try {
        // The one clear line, without the Automation API's dump after it; the dump stays on the error's cause.
        await assert.rejects(requirePulumiCli(), (err: Error) => err.message === PULUMI_CLI_MISSING && /ENOENT/.test(String((err.cause as Error | undefined)?.message)));
      } finally {
        process.env.PATH = path;
        rmSync(empty, { recursive: true, force: true });
      }
    });

    it("the command exits 2 before any environment runs", async () => {
      const dir = mkdtempSync(join(tmpdir(), "drs-automation-"));
      try {
        writeFileSync(join(dir, "Pulumi.dev.yaml"), DEV_STACK);
        writeFileSync(join(dir, "envs.yaml"), FILE);
        const lines: string[] = [];
        const opened: string[] = [];
        const code = await main(
          ["up", join(dir, "envs.yaml")],
          (l) => lines.push(l),
          async (_p, env) => {
            opened.push(env.stack);
            return { run: async () => undefined };
          },
          async () => {
            throw new Error(PULUMI_CLI_MISSING);
          },
        );
        assert.equal(code, 2);
        assert.deepEqual(lines, [PULUMI_CLI_MISSING]);
        assert.deepEqual(opened, []);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("command line", () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "drs-automation-"))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("parses the action, the file, the stacks and --stop-on-error", () => {
      assert.deepEqual(parseArgs(["up", "envs.yaml", "--stack", "dev", "--stack", "prod", "--stop-on-error"]), { action: "up", file: "envs.yaml", stacks: ["dev", "prod"], stopOnError: true, parallel: 1, remote: false });
      assert.deepEqual(parseArgs(["destroy", "envs.yaml", "--parallel", "4", "--remote"]), { action: "destroy", file: "envs.yaml", stacks: [], stopOnError: false, parallel: 4, remote: true });
      for (const bad of ["0", "33", "two", "1.5"]) assert.throws(() => parseArgs(["up", "envs.yaml", "--parallel", bad]), /--parallel needs a whole number from 1 to 32/);
      assert.throws(() => parseArgs(["up", "envs.yaml", "--parallel"]), /--parallel needs a whole number/);
      assert.throws(() => parseArgs(["deploy", "envs.yaml"]), /must be preview, up or destroy/);
      assert.throws(() => parseArgs(["up"]), /environments file is missing/);
      assert.throws(() => parseArgs(["up", "envs.yaml", "--force"]), /unknown option --force/);
    });

    it("runs the file's environments and prints the summary; exit 1 when one failed, 2 when the file is wrong", async () => {
      writeFileSync(join(dir, "Pulumi.dev.yaml"), DEV_STACK);
      writeFileSync(join(dir, "envs.yaml"), FILE);
      const lines: string[] = [];
      const open = async (_project: string, env: { stack: string }): Promise<StackDriver> => ({
        async run() {
          if (env.stack === "prod") throw new Error("no credentials");
          return { create: 38 };
        },
      });
      assert.equal(await main(["preview", join(dir, "envs.yaml")], (l) => lines.push(l), open, async () => undefined), 1);
      assert.equal(lines[0], "preview of 2 environments: dev, prod");
      assert.match(lines[lines.length - 1], /^Stack +Action +Result/);
      assert.match(lines[lines.length - 1], /1 succeeded, 1 failed, 0 skipped$/);
      const bad: string[] = [];
      assert.equal(await main(["up", join(dir, "nope.yaml")], (l) => bad.push(l), open), 2);
      assert.deepEqual(bad, [`the environments file ${join(dir, "nope.yaml")} does not exist`]);
      const usage: string[] = [];
      assert.equal(await main(["deploy", join(dir, "envs.yaml")], (l) => usage.push(l), open), 2);
      assert.match(usage[0], /must be preview, up or destroy, not "deploy"\nusage: npm run automation/);
    });

    it("--help prints the usage, every option and the exit codes, exits 0 and runs nothing", async () => {
      const lines: string[] = [];
      let checked = false;
      const code = await main(["up", "envs.yaml", "--help"], (l) => lines.push(l), async () => assert.fail("nothing opens"), async () => void (checked = true));
      assert.equal(code, 0);
      assert.equal(checked, false);
      assert.deepEqual(lines, [HELP]);
      for (const option of ["--stack", "--parallel", "--stop-on-error", "--remote", "--help"]) assert.ok(HELP.includes(`  ${option}`), option);
      assert.match(HELP, /^usage: npm run automation -- /);
      assert.match(HELP, /Exit status: 0 every environment succeeded, 1 one failed or was skipped, 2 the file or the arguments are wrong/);
    });

    it("names a YAML error of the environments file by line and column, ending with its reason, and an anchor that holds itself", () => {
      assert.throws(() => planRun("up", "environments:\n  - stack: [a\n", "envs.yaml", read), (err: PlanError) => {
        assert.equal(err.problems.length, 1);
        assert.match(err.problems[0], /^envs\.yaml:3:1: not valid YAML: .*[^:]$/);
        return true;
      });
      assert.throws(() => planRun("up", "environments:\n  - &e\n    stack: a\n    config: { sourceRegion: eu-west-1, drRegion: eu-west-2, tags: *e }\n", "envs.yaml", read), (err: PlanError) => {
        assert.deepEqual(err.problems, ["envs.yaml: not valid YAML: an anchor's value holds an alias of itself"]);
        return true;
      });
    });

    it("names every stack file problem the Pulumi CLI's reader finds, each under its environment", () => {
      const reader = (path: string) => (path.endsWith("odd.yaml") ? "config:\n  a:b:c: 1\n  drRegion: eu-west-2\n  drs-secured-network:drRegion: eu-west-1\n" : read(path));
      assert.throws(() => planRun("up", "environments:\n  - stack: x\n    stackFile: odd.yaml\n", "envs.yaml", reader), (err: PlanError) => {
        assert.deepEqual(err.problems, [
          "x: odd.yaml: could not parse a:b:c as a configuration key (configuration keys should be of the form `<namespace>:<name>`)",
          "x: odd.yaml: drRegion and drs-secured-network:drRegion are both drs-secured-network:drRegion; the Pulumi CLI keeps one of them at random: give it once",
        ]);
        return true;
      });
    });
  });
});
