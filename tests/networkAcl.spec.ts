import * as assert from "node:assert/strict";
import { stagingNetworkAclRules } from "../lib/networkAcl";

describe("lib/networkAcl", () => {
  it("admits TCP 443 and 1500 from the source, the staging VPC's own HTTPS, and the replies, and nothing else", () => {
    const rules = stagingNetworkAclRules({ sourceCidrBlocks: ["10.1.0.0/16"], stagingCidrBlock: "10.0.0.0/16" });
    const row = (r: { ruleNo: number; action: string; cidrBlock: string; fromPort: number; toPort: number }) => `${r.ruleNo} ${r.action} ${r.cidrBlock} ${r.fromPort}-${r.toPort}`;
    assert.deepEqual(rules.ingress.map(row), [
      "100 allow 10.1.0.0/16 443-443",
      "110 allow 10.1.0.0/16 1500-1500",
      "120 allow 10.0.0.0/16 443-443",
      "130 allow 10.0.0.0/16 1024-65535",
      "140 allow 0.0.0.0/0 1024-65535",
    ]);
    assert.deepEqual(rules.egress.map(row), [
      "100 allow 10.1.0.0/16 1024-65535",
      "110 allow 10.0.0.0/16 443-443",
      "120 allow 10.0.0.0/16 1024-65535",
      "130 allow 0.0.0.0/0 443-443",
    ]);
    assert.ok([...rules.ingress, ...rules.egress].every((r) => r.protocol === "tcp"));
  });

  it("gives every source block its own rules, numbered without gaps", () => {
    const rules = stagingNetworkAclRules({ sourceCidrBlocks: ["10.1.0.0/16", "10.2.0.0/16"], stagingCidrBlock: "10.0.0.0/16" });
    assert.deepEqual(rules.ingress.map((r) => r.ruleNo), [100, 110, 120, 130, 140, 150, 160]);
    assert.deepEqual(rules.egress.slice(0, 2).map((r) => r.cidrBlock), ["10.1.0.0/16", "10.2.0.0/16"]);
  });
});
