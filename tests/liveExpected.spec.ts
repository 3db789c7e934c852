import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { judge, Verdict } from "../lib/verifier";
import { modelFromAws } from "../lib/verifier/aws";
import type { NetworkModel } from "../lib/verifier/model";
import { LiveReport, main } from "../live/cli";
import { withDeclared } from "../live/expected";
import { fakeAws, offlineLiveEnvironment } from "./support/fakeAws";
import { DeployedStack, deployedOnce, editedCapture } from "./support/liveFixture";

const ROOT = join(__dirname, "..");

function liveVerdicts(d: DeployedStack, capture = d.capture): Verdict[] {
  return judge(modelFromAws(capture, d.plan.scope), { requireFlowLogs: d.settings.flowLogs !== undefined, agentRollout: d.settings.agentRollout !== undefined });
}

const EMPTY: NetworkModel = {
  vpcs: [], subnets: [], tables: [], subnetTable: new Map(), peerings: [], groups: [], endpoints: [], subnetAcl: new Map(), vpcDefaultAcl: new Map(),
  acls: [], zones: [], templates: [], flowLogs: [], connections: [], externalNetworks: [], resolverEndpoints: [], internetFacing: [], publicAddresses: [], strayRoutes: [], notes: [], flowLogNotes: [],
};

describe("live/expected (verify-live judges what the stack's config declares)", () => {
  for (const stack of ["dev", "dev-drs", "estate", "rollout", "failback"]) {
    it(`${stack}: the config's verdicts, named as AWS names things, are the live verdicts of a deployment as declared, so nothing is added`, async () => {
      const d = await deployedOnce(stack);
      const live = liveVerdicts(d);
      assert.deepEqual(d.declared.verdicts.map((v) => v.id).sort(), live.map((v) => v.id).sort());
      assert.deepEqual(withDeclared(live, d.declared.verdicts, modelFromAws(d.capture, d.plan.scope), d.declared.liveNamed), live);
    });
  }

  it("dev-drs's config against an account without its replication and recovery resources: every declared verdict, failing on what is missing, and the drift names what is gone (exit 1)", async () => {
    const dev = await deployedOnce("dev");
    const devDrs = await deployedOnce("dev-drs");
    const dir = mkdtempSync(join(tmpdir(), "verify-live-expected-"));
    const outputs = join(dir, "outputs.json");
    const json = join(dir, "report.json");
    writeFileSync(outputs, JSON.stringify(dev.outputs));
    let out = "";
    let err = "";
    const aws = fakeAws(dev.capture);
    const code = await main(["--stack", "dev-drs", "--outputs", outputs, "--json", json], (t) => (out += t), (t) => (err += t), ROOT, offlineLiveEnvironment(aws));
    assert.equal(code, 1);
    const report = JSON.parse(readFileSync(json, "utf8")) as LiveReport;
    // Every check the config declares is there, and the launch check, which the missing recovery outputs fail.
    const ids = new Set(report.verdicts.map((v) => v.id));
    for (const v of devDrs.declared.verdicts) if (v.kind !== "warning") assert.ok(ids.has(v.id), v.id);
    const failed = report.verdicts.filter((v) => !v.passed);
    const blockers = failed.map((v) => v.blockedBy?.component ?? v.offenders?.[0]?.component ?? v.id);
    assert.equal(blockers.filter((b) => b === "replication-template").length, 5);
    for (const [i, b] of blockers.entries()) assert.match(b, /^(replication-template|recovery-.*|forbidden:recovery-.*|recoverySubnetIds)$/, failed[i].id);
    assert.ok(out.includes("- FAIL every source server launches into a recovery subnet with the recovery group, no public IP and IMDSv2 required\n  - **recoverySubnetIds** the stack outputs have no recoverySubnetIds"), out);
    assert.ok(out.includes("- FAIL source-subnet-eu-west-1a (10.1.0.0/24) reaches the replication servers in the staging area on TCP 1500, and the replies come back"), out);
    const gone = out.split("\n").filter((l) => l.startsWith("- GONE"));
    for (const line of [
      "- GONE **replication-source-server-sg**: the stack declares the security group replication-source-server-sg (sourceServerSecurityGroupId), which the account does not have",
      "- GONE **replication-replication-sg**: the stack declares the security group replication-replication-sg (replicationSecurityGroupId), which the account does not have",
      "- GONE **replication-template**: the stack declares the replication configuration template replication-template (replicationTemplateId), which the account does not have",
    ]) {
      assert.ok(gone.includes(line), line);
    }
    for (const line of gone) assert.match(line, /^- GONE \*\*(replication|recovery)-/);
    assert.equal(report.drift.length, gone.length);
    assert.equal(err, `${failed.length} of ${report.verdicts.length} verdicts failed, ${report.drift.length} drift items\n`);
  });

  it("a peering gone from the account: every declared flow across it still has its verdict, failing on the peering", async () => {
    const d = await deployedOnce("dev");
    const capture = editedCapture(d.capture, (regions) => {
      for (const ops of Object.values(regions)) ops.DescribeVpcPeeringConnections = { VpcPeeringConnections: [] };
    });
    const live = liveVerdicts(d, capture);
    const judged = withDeclared(live, d.declared.verdicts, modelFromAws(capture, d.plan.scope), d.declared.liveNamed);
    assert.ok(live.length < d.declared.verdicts.length, "the live model alone gives fewer verdicts");
    const missing = judged.slice(live.length);
    assert.ok(missing.length > 0 && missing.every((v) => !v.passed));
    assert.ok(d.declared.verdicts.every((v) => v.kind === "warning" || judged.some((j) => j.id === v.id)), "no declared verdict is lost");
    const sourceToDrs = missing.find((v) => v.id === "flow:source-subnet-eu-west-1a->link-drs-endpoint");
    assert.deepEqual(sourceToDrs?.blockedBy, { component: "link-peering", reason: "is declared by the stack's config (a VPC peering connection), but the account has no VPC peering connection of that name" });
  });

  it("a declared check whose components are all there, yet absent live, still fails, pointing at the drift", () => {
    const declared: Verdict = { id: "flow:a->b", kind: "required-flow", description: "a reaches b", passed: true, between: { from: "a", to: "b" } };
    const warning: Verdict = { id: "warning:same-region:p", kind: "warning", description: "w", passed: true };
    assert.deepEqual(withDeclared([], [declared, warning], EMPTY, EMPTY), [
      { id: "flow:a->b", kind: "required-flow", description: "a reaches b", between: { from: "a", to: "b" }, passed: false, blockedBy: { component: "b", reason: "is declared by the stack's config, but the network read from AWS gives no such check (see the drift)" } },
    ]);
  });
});
