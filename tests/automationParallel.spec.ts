/**
 * The automation tool at scale: dependsOn in the plan, the scheduler (parallel limit, order, stop-on-error, cancel)
 * with fake stacks that record what ran at once, and the remote path's calls built against a fake RemoteWorkspace.
 * No test needs the Pulumi CLI.
 */
import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { main, PROJECT_ROOT } from "../automation/cli";
import { findCycle, Plan, PlanError, planRun } from "../automation/plan";
import { openRemoteStack, remoteStackArgs, resolveRemote, STACK_CONFIG_VARIABLE, stackFile } from "../automation/remote";
import { prerequisites, recoveryAdvice, runPlan, StackDriver } from "../automation/runner";
import { mergeStackConfig, projectDeclarations, readStackFile } from "../lib/pulumiProject";
import { readFileSync } from "node:fs";

const ROOT = join(__dirname, "..");
const inline = (stack: string, dependsOn: string[] = []) => `  - stack: ${stack}\n    config: { sourceRegion: eu-west-1, drRegion: eu-west-2 }\n${dependsOn.length > 0 ? `    dependsOn: [${dependsOn.join(", ")}]\n` : ""}`;
const file = (...envs: string[]) => `environments:\n${envs.join("")}`;
const noFiles = (path: string): string => {
  throw new Error(`no such file ${path}`);
};

/** Ten environments: a shared DR account first, then nine sources, two of which wait for another source. */
const ESTATE = file(
  inline("dr"),
  ...["s1", "s2", "s3", "s4", "s5", "s6", "s7"].map((s) => inline(s, ["dr"])),
  inline("s8", ["s1", "s2"]),
  inline("s9", ["s8"]),
);

/** Fake stacks: each run takes `ms` (by stack), records when it started and ended and how many ran at once. */
function fakeFleet(options: { ms?: (stack: string) => number; fail?: string[] } = {}) {
  let active = 0;
  let maxActive = 0;
  let tick = 0;
  const started = new Map<string, number>();
  const ended = new Map<string, number>();
  const cancelled: string[] = [];
  const open = async (env: { stack: string }): Promise<StackDriver> => {
    let cancel: (() => void) | undefined;
    return {
      async run(action) {
        active++;
        maxActive = Math.max(maxActive, active);
        started.set(env.stack, tick++);
        try {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(resolve, options.ms?.(env.stack) ?? 5);
            cancel = () => {
              clearTimeout(timer);
              reject(new Error(`code: 255\n stderr: error: ${action} canceled`));
            };
          });
          if (options.fail?.includes(env.stack)) throw new Error(`${action} of ${env.stack} failed`);
          return { create: 1 };
        } finally {
          active--;
          ended.set(env.stack, tick++);
        }
      },
      async cancel() {
        cancelled.push(env.stack);
        cancel?.();
      },
    };
  };
  return { open, started, ended, cancelled, maxActive: () => maxActive };
}

describe("automation at scale", () => {
  describe("plan: dependsOn", () => {
    it("takes each environment's dependencies", () => {
      const plan = planRun("up", ESTATE, "envs.yaml", noFiles);
      assert.deepEqual(plan.environments.map((e) => [e.stack, e.dependsOn]).slice(-3), [["s7", ["dr"]], ["s8", ["s1", "s2"]], ["s9", ["s8"]]]);
    });

    it("refuses unknown names, itself, a list that is not one, and every loop, before anything runs", () => {
      const bad = file(inline("a", ["b"]), inline("b", ["c"]), inline("c", ["a"]), inline("d", ["nope"]), inline("e", ["e"]), "  - stack: f\n    config: { sourceRegion: eu-west-1, drRegion: eu-west-2 }\n    dependsOn: a\n");
      assert.throws(
        () => planRun("up", bad, "envs.yaml", noFiles),
        (err: PlanError) => {
          assert.deepEqual(err.problems, [
            "f: dependsOn must be a list of stack names",
            "d: dependsOn names nope, which is not an environment of envs.yaml",
            "e: dependsOn names the environment itself",
            "a: dependsOn loops: a -> b -> c -> a",
          ]);
          return true;
        },
      );
    });

    it("names dependsOn problems beside config problems, not only once every config is valid", () => {
      const broken = (stack: string, dependsOn: string[]) => `  - stack: ${stack}\n    config: { sourceRegion: eu-west-1, drRegion: eu-west-9 }\n    dependsOn: [${dependsOn.join(", ")}]\n`;
      assert.throws(
        () => planRun("up", file(broken("a", ["b"]), broken("b", ["a", "nope"])), "envs.yaml", noFiles),
        (err: PlanError) => {
          assert.deepEqual(err.problems.filter((p) => p.includes("dependsOn")), ["b: dependsOn names nope, which is not an environment of envs.yaml", "a: dependsOn loops: a -> b -> a"]);
          assert.equal(err.problems.filter((p) => p.includes("eu-west-9")).length, 2);
          return true;
        },
      );
    });

    it("finds a loop wherever it starts, and none in a tree", () => {
      assert.deepEqual(findCycle([{ stack: "x", dependsOn: [] }, { stack: "y", dependsOn: ["z"] }, { stack: "z", dependsOn: ["y"] }]), ["y", "z", "y"]);
      assert.equal(findCycle(planRun("up", ESTATE, "envs.yaml", noFiles).environments), undefined);
    });

    it("takes a dependency that --stack leaves out as done, and says so", () => {
      const plan = planRun("up", ESTATE, "envs.yaml", noFiles, ["s8", "s9"]);
      assert.deepEqual(plan.environments.map((e) => [e.stack, e.dependsOn]), [["s8", []], ["s9", ["s8"]]]);
      assert.deepEqual(plan.assumedDone, [{ stack: "s8", dependency: "s1" }, { stack: "s8", dependency: "s2" }]);
    });

    it("destroys in the reverse order: an environment waits for those that depend on it", () => {
      const waits = prerequisites(planRun("destroy", ESTATE, "envs.yaml", noFiles));
      assert.deepEqual(waits.get("dr"), ["s1", "s2", "s3", "s4", "s5", "s6", "s7"]);
      assert.deepEqual(waits.get("s8"), ["s9"]);
      assert.deepEqual(waits.get("s9"), []);
    });
  });

  describe("runner: ten environments", () => {
    const plan = (action: "up" | "destroy" = "up"): Plan => planRun(action, ESTATE, "envs.yaml", noFiles);

    it("never runs more than 4 at once with --parallel 4, reaches 4, and starts each only after its dependencies", async () => {
      const fleet = fakeFleet({ ms: (s) => (s === "s3" ? 30 : 5 + Number(s.slice(1) || 0)) });
      const lines: string[] = [];
      const results = await runPlan(plan(), fleet.open, (l) => lines.push(l), { parallel: 4 });
      assert.deepEqual(results.map((r) => r.status), Array(10).fill("succeeded"));
      assert.equal(fleet.maxActive(), 4);
      for (const env of plan().environments) for (const d of env.dependsOn) assert.ok((fleet.ended.get(d) ?? Infinity) < (fleet.started.get(env.stack) ?? -1), `${env.stack} started before ${d} ended`);
      // Progress lines of environments that ran at once interleave, each with its prefix.
      assert.ok(lines.every((l) => /^\[(dr|s\d)\] /.test(l)));
    });

    it("runs one at a time by default, in file order", async () => {
      const fleet = fakeFleet();
      await runPlan(plan(), fleet.open, () => undefined);
      assert.equal(fleet.maxActive(), 1);
      assert.deepEqual([...fleet.started.keys()], ["dr", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"]);
    });

    it("destroys the sources before the DR account", async () => {
      const fleet = fakeFleet();
      await runPlan(plan("destroy"), fleet.open, () => undefined, { parallel: 4 });
      for (const s of ["s1", "s2", "s3", "s4", "s5", "s6", "s7"]) assert.ok((fleet.ended.get(s) ?? Infinity) < (fleet.started.get("dr") ?? -1), s);
      assert.ok((fleet.ended.get("s9") ?? Infinity) < (fleet.started.get("s8") ?? -1));
    });

    it("a failure skips what depends on it, and the rest go on", async () => {
      const fleet = fakeFleet({ fail: ["s1"] });
      const results = await runPlan(plan(), fleet.open, () => undefined, { parallel: 4 });
      const by = Object.fromEntries(results.map((r) => [r.stack, [r.status, r.reason]]));
      assert.deepEqual(by.s1, ["failed", "up of s1 failed"]);
      assert.deepEqual(by.s8, ["skipped", "s1 failed"]);
      assert.deepEqual(by.s9, ["skipped", "s8 was skipped"]);
      assert.deepEqual(by.s7, ["succeeded", undefined]);
    });

    it("--stop-on-error: nothing new starts after a failure, and the running ones finish", async () => {
      const fleet = fakeFleet({ fail: ["s1"], ms: (s) => (s === "s1" ? 1 : 20) });
      const results = await runPlan(plan(), fleet.open, () => undefined, { parallel: 4, stopOnError: true });
      const by = Object.fromEntries(results.map((r) => [r.stack, r.status]));
      // s1..s4 started together after dr; s1 failed first; s2..s4 finished; nothing else started.
      assert.deepEqual([...fleet.started.keys()], ["dr", "s1", "s2", "s3", "s4"]);
      assert.deepEqual([by.s2, by.s3, by.s4], ["succeeded", "succeeded", "succeeded"]);
      assert.deepEqual([by.s5, by.s9], ["skipped", "skipped"]);
      assert.equal(results.find((r) => r.stack === "s5")?.reason, "an earlier environment failed");
    });

    it("cancels cleanly on an interruption: the running operations through stack.cancel(), nothing new, and how to recover", async () => {
      const fleet = fakeFleet({ ms: (s) => (s === "dr" ? 1 : 10_000) });
      const controller = new AbortController();
      const lines: string[] = [];
      const running = runPlan(plan(), fleet.open, (l) => {
        lines.push(l);
        // Interrupt once four sources are under way.
        if (lines.filter((x) => x.endsWith("up starting")).length === 5 && !controller.signal.aborted) setTimeout(() => controller.abort(), 5);
      }, { parallel: 4, signal: controller.signal });
      const results = await running;
      assert.deepEqual(fleet.cancelled.sort(), ["s1", "s2", "s3", "s4"]);
      const by = Object.fromEntries(results.map((r) => [r.stack, [r.status, r.reason]]));
      assert.deepEqual(by.dr, ["succeeded", undefined]);
      for (const s of ["s1", "s2", "s3", "s4"]) assert.deepEqual(by[s], ["cancelled", "interrupted mid-operation"], s);
      for (const s of ["s5", "s6", "s7"]) assert.deepEqual(by[s], ["skipped", "interrupted"], s);
      assert.deepEqual([by.s8, by.s9], [["skipped", "s1 was cancelled"], ["skipped", "s8 was skipped"]]);
      assert.ok(lines.includes("[s1] up interrupted: cancelling"));
      assert.deepEqual(recoveryAdvice(results).slice(0, 3), [
        "Left mid-operation: s1, s2, s3, s4. For each, once nothing runs on it:",
        "  pulumi cancel --stack s1 --yes     # if the stack is still locked by the cancelled up",
        "  pulumi refresh --stack s1 --yes    # read back what AWS holds, so the next up starts from the truth",
      ]);
    });
  });

  describe("remote runs on Pulumi Deployments", () => {
    const env = planRun("up", file(inline("prod")), "envs.yaml", noFiles).environments[0];
    const structured = planRun(
      "up",
      "environments:\n  - stack: estate\n    config:\n      drRegion: eu-west-2\n      tags: { Owner: platform, CostCentre: \"1234\" }\n      sources: [{ name: app, region: eu-west-1, vpcCidr: 10.1.0.0/16 }]\n      replication: { enabled: true }\n",
      "envs.yaml",
      noFiles,
    ).environments[0];
    const repository = { organization: "acme", url: "https://github.com/acme/drs-secured-network.git", branch: "refs/heads/main", projectPath: "infra/drs" };

    it("takes the repository, branch and folder from this checkout unless the file gives them", () => {
      assert.deepEqual(resolveRemote({ organization: "acme" }, { originUrl: "git@github.com:acme/drs.git", branch: "main", prefix: "infra/drs/" }), {
        repository: { organization: "acme", url: "git@github.com:acme/drs.git", branch: "refs/heads/main", projectPath: "infra/drs" },
        problems: [],
      });
      assert.equal(resolveRemote({ organization: "acme", url: "https://x/y.git", branch: "release", projectPath: "" }, {}).repository?.branch, "refs/heads/release");
    });

    it("refuses a repository Pulumi Deployments cannot clone: a local path or file:// origin, or remote.url", () => {
      const local = (originUrl: string) => resolveRemote({ organization: "acme" }, { originUrl, branch: "main" }).problems;
      for (const path of ["/srv/git/drs.git", "../drs", "file:///srv/git/drs.git", "C:\\repos\\drs"]) {
        assert.deepEqual(local(path), [
          `remote.url: this checkout's origin ${JSON.stringify(path)} is not a URL Pulumi Deployments can clone: it clones on its own machines, over https:// or SSH (ssh://host/org/repo.git or git@host:org/repo.git); give remote.url`,
        ]);
      }
      for (const url of ["https://github.com/acme/drs.git", "ssh://git@github.com/acme/drs.git", "git@github.com:acme/drs.git"]) assert.deepEqual(local(url), [], url);
      assert.match(resolveRemote({ organization: "acme", url: "/srv/git/drs.git" }, { branch: "main" }).problems[0], /^remote\.url: "\/srv\/git\/drs\.git" is not a URL Pulumi Deployments can clone/);
    });

    it("names every gap: no organization, no origin, a detached HEAD, an origin URL with credentials", () => {
      assert.deepEqual(resolveRemote(undefined, {}).problems, [
        "remote.organization: is required for --remote (stacks run as <organization>/<project>/<stack>)",
        "remote.url: is not set and this checkout has no origin remote; give the repository URL",
        "remote.branch: is not set and this checkout is not on a branch (detached HEAD); give the branch to deploy",
      ]);
      assert.deepEqual(resolveRemote({ organization: "acme" }, { originUrl: "https://bot:ghp_secret@github.com/acme/drs.git", branch: "main" }).problems, [
        "remote.url: this checkout's origin URL holds credentials; give remote.url without them, and the access in the Deployments settings",
      ]);
    });

    it("builds the remote workspace's calls: the fully qualified stack, this repository, the config as a stack file, the stack's own Deployments settings", () => {
      const { args, opts } = remoteStackArgs("drs-secured-network", env, repository);
      assert.deepEqual(args, { stackName: "acme/drs-secured-network/prod", url: repository.url, branch: "refs/heads/main", projectPath: "infra/drs" });
      assert.equal(opts.inheritSettings, true);
      assert.deepEqual(opts.preRunCommands, [`printf '%s' "$${STACK_CONFIG_VARIABLE}" | base64 -d > 'Pulumi.prod.yaml'`]);
      const written = Buffer.from(String(opts.envVars?.[STACK_CONFIG_VARIABLE]), "base64").toString("utf8");
      assert.equal(written, stackFile("drs-secured-network", env));
      assert.deepEqual(parse(written), { config: { "pulumi:disable-default-providers": ["aws", "aws-native"], "drs-secured-network:sourceRegion": "eu-west-1", "drs-secured-network:drRegion": "eu-west-2" } });
      // No credential of any kind travels with the call.
      assert.doesNotMatch(JSON.stringify({ args, opts }), /AWS_|SECRET|TOKEN|PASSWORD/i);
    });

    it("writes structured keys as YAML objects, which the Pulumi CLI's type check of Pulumi.yaml accepts", () => {
      const text = stackFile("drs-secured-network", structured);
      assert.deepEqual(parse(text).config["drs-secured-network:tags"], { Owner: "platform", CostCentre: "1234" });
      const project = projectDeclarations(parse(readFileSync(join(ROOT, "Pulumi.yaml"), "utf8")));
      assert.doesNotThrow(() => mergeStackConfig("estate", project, readStackFile(text, "Pulumi.estate.yaml", project.name)));
      // The JSON strings the local run sets would not pass it.
      const asStrings = `config:\n${Object.entries(structured.config).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join("\n")}\n`;
      assert.throws(() => mergeStackConfig("estate", project, readStackFile(asStrings, "Pulumi.estate.yaml", project.name)));
    });

    it("runs each action on the remote stack, and cancels through it", async () => {
      const calls: string[] = [];
      const stack = {
        preview: async () => (calls.push("preview"), { changeSummary: { create: 40 } }),
        up: async () => (calls.push("up"), { summary: { resourceChanges: { create: 40 } } }),
        destroy: async () => (calls.push("destroy"), { summary: { resourceChanges: { delete: 40 } } }),
        cancel: async () => void calls.push("cancel"),
      };
      const seen: unknown[] = [];
      const driver = await openRemoteStack("drs-secured-network", env, repository, { createOrSelectStack: async (args, opts) => (seen.push({ args, opts }), stack) });
      assert.deepEqual(await driver.run("preview", () => undefined), { create: 40 });
      assert.deepEqual(await driver.run("destroy", () => undefined), { delete: 40 });
      await driver.cancel?.();
      assert.deepEqual(calls, ["preview", "destroy", "cancel"]);
      assert.deepEqual(seen, [remoteStackArgs("drs-secured-network", env, repository)]);
    });

    it("the command: --remote runs the file's environments on Deployments, in parallel, and names the remote stacks", async () => {
      const dir = mkdtempSync(join(tmpdir(), "drs-remote-"));
      try {
        writeFileSync(join(dir, "envs.yaml"), `remote: { organization: acme }\n${file(inline("dr"), inline("app", ["dr"]), inline("db", ["dr"]))}`);
        const opened: string[] = [];
        const lines: string[] = [];
        const code = await main(["up", join(dir, "envs.yaml"), "--remote", "--parallel", "2"], (l) => lines.push(l), undefined, async () => undefined, {
          gitInfo: () => ({ originUrl: "https://github.com/acme/drs-secured-network.git", branch: "main", prefix: "" }),
          remoteWorkspace: {
            createOrSelectStack: async (args) => {
              opened.push(args.stackName);
              const result = { summary: { resourceChanges: { same: 1 } } };
              return { preview: async () => ({ changeSummary: {} }), up: async () => result, destroy: async () => result, cancel: async () => undefined };
            },
          },
        });
        assert.equal(code, 0);
        assert.deepEqual(opened, ["acme/drs-secured-network/dr", "acme/drs-secured-network/app", "acme/drs-secured-network/db"]);
        assert.equal(lines[0], "up of 3 environments on Pulumi Deployments (https://github.com/acme/drs-secured-network.git refs/heads/main): dr, app, db, up to 2 at once");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("the command takes --remote's git defaults from this program's checkout, not from the environments file's folder", async () => {
      const dir = mkdtempSync(join(tmpdir(), "drs-remote-"));
      try {
        writeFileSync(join(dir, "envs.yaml"), `remote: { organization: acme }\n${file(inline("dr"))}`);
        const asked: string[] = [];
        const result = { summary: { resourceChanges: {} } };
        const workspace = { createOrSelectStack: async () => ({ preview: async () => ({ changeSummary: {} }), up: async () => result, destroy: async () => result, cancel: async () => undefined }) };
        const gitInfo = (cwd: string) => (asked.push(cwd), { originUrl: "https://github.com/acme/drs-secured-network.git", branch: "main", prefix: "" });
        assert.equal(await main(["up", join(dir, "envs.yaml"), "--remote"], () => undefined, undefined, async () => undefined, { gitInfo, remoteWorkspace: workspace }), 0);
        assert.deepEqual(asked, [PROJECT_ROOT]);
        assert.equal(PROJECT_ROOT, ROOT);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("the command refuses --remote without an organization, before anything runs (exit 2)", async () => {
      const dir = mkdtempSync(join(tmpdir(), "drs-remote-"));
      try {
        writeFileSync(join(dir, "envs.yaml"), file(inline("dr")));
        const lines: string[] = [];
        const code = await main(["up", join(dir, "envs.yaml"), "--remote"], (l) => lines.push(l), undefined, async () => undefined, { gitInfo: () => ({ originUrl: "https://github.com/acme/x.git", branch: "main" }) });
        assert.equal(code, 2);
        assert.match(lines[0], /remote\.organization: is required for --remote/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("an interrupted command exits 130 and names the remote stacks to recover", async () => {
      const dir = mkdtempSync(join(tmpdir(), "drs-remote-"));
      try {
        writeFileSync(join(dir, "envs.yaml"), `remote: { organization: acme }\n${file(inline("dr"))}`);
        const controller = new AbortController();
        const lines: string[] = [];
        const code = await main(["up", join(dir, "envs.yaml"), "--remote"], (l) => lines.push(l), undefined, async () => undefined, {
          signal: controller.signal,
          gitInfo: () => ({ originUrl: "https://github.com/acme/drs-secured-network.git", branch: "main" }),
          remoteWorkspace: {
            createOrSelectStack: async () => {
              let fail: (e: Error) => void = () => undefined;
              return {
                preview: async () => ({ changeSummary: {} }),
                up: () => {
                  setTimeout(() => controller.abort(), 1);
                  return new Promise((_, reject) => (fail = reject));
                },
                destroy: async () => ({ summary: {} }),
                cancel: async () => fail(new Error("code: 255\n stderr: error: the update was canceled")),
              };
            },
          },
        });
        assert.equal(code, 130);
        assert.ok(lines.includes("  pulumi cancel --stack acme/drs-secured-network/dr --yes     # if the stack is still locked by the cancelled up"), lines.join("\n"));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
