/**
 * The deployer's initializer policy (lib/drsServiceRoles.ts): AWS's published one, scoped so that it cannot be used
 * to escalate, and docs/replication.md shows exactly it.
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as drs from "@aws-sdk/client-drs";
import { DRS_MANAGED_POLICIES, DRS_SERVICE_ROLE_ARNS, initializerPolicy, managedPolicyArn, TEMPLATE_ACTIONS } from "../lib/drsServiceRoles";

type Statement = { Sid: string; Effect: string; Action: string[]; Resource: string | string[]; Condition?: Record<string, Record<string, string | string[]>> };
const statements = (initializerPolicy() as { Statement: Statement[] }).Statement;
const granting = (action: string) => statements.filter((s) => s.Action.includes(action));

describe("lib/drsServiceRoles: the initializer policy", () => {
  it("grants no IAM write on every resource", () => {
    const writes = ["iam:CreateRole", "iam:AttachRolePolicy", "iam:PassRole", "iam:TagRole", "iam:CreateServiceLinkedRole", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"];
    for (const s of statements.filter((x) => x.Action.some((a) => writes.includes(a)))) assert.notEqual(s.Resource, "*", s.Sid);
    assert.deepEqual(statements.flatMap((s) => s.Action).filter((a) => a === "iam:*" || a === "*" || a === "iam:PutRolePolicy" || a === "iam:UpdateAssumeRolePolicy"), []);
  });

  it("creates, tags and attaches only at DRS's role path and names, and attaches only DRS's managed policies", () => {
    for (const action of ["iam:CreateRole", "iam:TagRole", "iam:AttachRolePolicy", "iam:GetRole"]) assert.deepEqual(granting(action).map((s) => s.Resource), [DRS_SERVICE_ROLE_ARNS], action);
    assert.equal(DRS_SERVICE_ROLE_ARNS, "arn:aws:iam::*:role/service-role/AWSElasticDisasterRecovery*");
    const [attach] = granting("iam:AttachRolePolicy");
    assert.deepEqual(attach.Condition, { ArnEquals: { "iam:PolicyARN": DRS_MANAGED_POLICIES.map(managedPolicyArn) } });
    assert.deepEqual(DRS_MANAGED_POLICIES.map(managedPolicyArn), [
      "arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryAgentPolicy",
      "arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryFailbackPolicy",
      "arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryConversionServerPolicy",
      "arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryRecoveryInstancePolicy",
      "arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryReplicationServerPolicy",
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ]);
  });

  it("passes DRS's roles to DRS and EC2 only, and makes the service-linked role for DRS only", () => {
    assert.deepEqual(granting("iam:PassRole").map((s) => [s.Resource, s.Condition]), [
      [DRS_SERVICE_ROLE_ARNS, { StringEquals: { "iam:PassedToService": ["drs.amazonaws.com", "ec2.amazonaws.com"] } }],
    ]);
    assert.deepEqual(granting("iam:CreateServiceLinkedRole").map((s) => s.Condition), [{ StringEquals: { "iam:AWSServiceName": "drs.amazonaws.com" } }]);
  });

  it("lists the replication template's DRS actions, each an operation of DRS's API", () => {
    assert.deepEqual(granting("drs:CreateReplicationConfigurationTemplate").flatMap((s) => s.Action), TEMPLATE_ACTIONS);
    for (const action of ["drs:InitializeService", ...TEMPLATE_ACTIONS]) {
      // @aws-sdk/client-drs has a <Operation>Command for every operation of DRS's API model.
      assert.equal(typeof (drs as unknown as Record<string, unknown>)[`${action.slice("drs:".length)}Command`], "function", action);
    }
  });

  it("is what docs/replication.md shows", () => {
    const readme = readFileSync(join(__dirname, "..", "docs", "replication.md"), "utf8");
    assert.ok(readme.includes(`\`\`\`json\n${JSON.stringify(initializerPolicy(), null, 2)}\n\`\`\``), "docs/replication.md's initializer policy differs from initializerPolicy()");
  });
});
