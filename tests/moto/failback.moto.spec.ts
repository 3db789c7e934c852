import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initializeDrs } from "../../components/drsInitialization";
import { LiveReport, main } from "../../live/cli";
import { sdkClients } from "../../live/read";
import { parseSettings, projectConfig } from "../../settings";
import { FAKE_ACCOUNT } from "../../synth/awsMocks";
import { loadStack, offlineAccount } from "../../synth/cli";
import { declaredResources, PROJECT, synthFromPulumiConfig } from "../../synth/run";
import { deployToMoto } from "./deployToMoto";
import { startDrsStandIn } from "./drsStandIn";
import { motoUnavailable, startMoto } from "./motoServer";
const ROOT = join(__dirname, "..", "..");
/** The failback stack built in moto from its synth: verify-live reads both regions back and every verdict passes. */
describe("verify-live against moto: the failback stack", function () {
  this.timeout(120_000);
  const ENV_KEYS = ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DRS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_EC2_METADATA_DISABLED"] as const;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  before(function () {
    const unavailable = motoUnavailable();
    if (unavailable !== undefined) {
      console.log(`\n  verify-live against moto, failback: SKIPPED, ${unavailable}\n`);
      this.skip();
    }
    for (const key of ENV_KEYS) saved[key] = process.env[key];
  });
  after(() => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it("Pulumi.failback.yaml built in moto: the reverse path to eu-west-1 read back, every verdict passing, no drift (exit 0)", async () => {
    const moto = await startMoto();
    const drs = await startDrsStandIn(FAKE_ACCOUNT);
    Object.assign(process.env, { AWS_ENDPOINT_URL: moto.endpoint, AWS_ENDPOINT_URL_DRS: drs.endpoint, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_EC2_METADATA_DISABLED: "true" });
    try {
      const { config } = loadStack(ROOT, { stack: "failback" });
      const settings = parseSettings(projectConfig(config, PROJECT));
      const synth = await synthFromPulumiConfig(config, offlineAccount(settings));
      await initializeDrs(settings.drRegion);
      await initializeDrs("eu-west-1");
      const deployment = await deployToMoto(declaredResources(synth.resources), synth.outputs as never, { endpoint: moto.endpoint });
      const dir = mkdtempSync(join(tmpdir(), "verify-live-moto-"));
      writeFileSync(join(dir, "outputs.json"), JSON.stringify(deployment.outputs));
      let err = "";
      let out = "";
      const json = join(dir, "report.json");
      const code = await main(["--stack", "failback", "--outputs", join(dir, "outputs.json"), "--json", json], (t) => (out += t), (t) => (err += t), ROOT, { stackOutputs: () => Promise.reject(new Error("x")), clients: sdkClients, now: () => new Date() });
      const report = JSON.parse(readFileSync(json, "utf8")) as LiveReport;
      const failed = report.verdicts.filter((v) => !v.passed).map((v) => v.id);
      assert.deepEqual([code, err, failed, report.drift], [0, "", [], []], out);
      // The synth's 52 and readiness's one (replication enabled; the stand-in lists no source server).
      assert.equal(report.verdicts.length, 53);
      assert.deepEqual(report.verdicts.find((v) => v.id === "readiness:source-servers")?.notes?.[0], "no source server registered yet");
      assert.ok(report.verdicts.some((v) => v.id === "failback:eu-west-1-staged" && v.passed));
    } finally {
      await drs.stop();
      await moto.stop();
    }
  });
});
