import * as assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { judge, Verdict } from "../lib/verifier";
import { modelFromAws } from "../lib/verifier/aws";
import type { NetworkModel } from "../lib/verifier/model";
import { main } from "../live/cli";
import { withDeclared } from "../live/expected";
import { fakeAws } from "./support/fakeAws";
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
  for (const stack of ["dev", "dev-drs", "estate", "rollout"]) {
    it(`${stack}: the config's verdicts, named as AWS names things, are the live verdicts of a deployment as declared, so nothing is added`, async () => {
      const d = await deployedOnce(stack);
      const live = liveVerdicts(d);
      assert.deepEqual(d.declared.verdicts.map((v) => v.id).sort(), live.map((v) => v.id).sort());
      assert.deepEqual(withDeclared(live, d.declared.verdicts, modelFromAws(d.capture, d.plan.scope), d.declared.liveNamed), live);
    });
  }

  it("dev-drs's config against an account without its replication resources: 32 verdicts, 5 failing on the missing template, and the drift names what is gone (exit 1)", async () => {
    const dev = await deployedOnce("dev");
    const dir = mkdtempSync(join(tmpdir(), "verify-live-expected-"));
    const outputs = join(dir, "outputs.json");
    writeFileSync(outputs, JSON.stringify(dev.outputs));
    let out = "";
    let err = "";
    const aws = fakeAws(dev.capture);
    const code = await main(["--stack", "dev-drs", "--outputs", outputs], (t) => (out += t), (t) => (err += t), ROOT, {
      stackOutputs: () => Promise.reject(new Error("no Pulumi CLI in this test")),
      clients: (region, auth) => aws.clientsFor(region, auth),
      now: () => new Date("2026-11-26T12:00:00Z"),
    });
    assert.equal(code, 1);
    assert.match(out, /: 32 verdicts, \*\*5 failed\*\*; \*\*3 drift items\*\*\./);
    const blocked = out.split("\n").filter((l) => l.startsWith("  - blocked by"));
    assert.deepEqual([...new Set(blocked)], [
      "  - blocked by **replication-template**: is declared by the stack's config (a replication configuration template), but the account has no replication configuration template of that name",
    ]);
    assert.equal(blocked.length, 5);
    assert.ok(out.includes("- FAIL source-subnet-eu-west-1a (10.1.0.0/24) reaches the replication servers in the staging area on TCP 1500, and the replies come back"), out);
    assert.deepEqual(
      out.split("\n").filter((l) => l.startsWith("- GONE")),
      [
        "- GONE **replication-source-server-sg**: the stack declares the security group replication-source-server-sg (sourceServerSecurityGroupId), which the account does not have",
        "- GONE **replication-replication-sg**: the stack declares the security group replication-replication-sg (replicationSecurityGroupId), which the account does not have",
        "- GONE **replication-template**: the stack declares the replication configuration template replication-template (replicationTemplateId), which the account does not have",
      ],
    );
    assert.equal(err, "5 of 32 verdicts failed, 3 drift items\n");
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
