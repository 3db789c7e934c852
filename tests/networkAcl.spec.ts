import * as assert from "node:assert/strict";
import { NetworkAclRule, sourceNetworkAclRules, stagingNetworkAclRules } from "../lib/networkAcl";

const row = (r: NetworkAclRule) => `${r.ruleNo} ${r.action} ${r.protocol === "-1" ? "all" : `${r.fromPort}-${r.toPort}`} ${r.cidrBlock}`;

describe("lib/networkAcl", () => {
  describe("the staging subnets' rules", () => {
    it("admit TCP 443 and 1500 from the source, then deny the rest of its block; the staging VPC's own HTTPS, and the replies", () => {
      const rules = stagingNetworkAclRules({ sourceCidrBlocks: ["10.1.0.0/16"], stagingCidrBlock: "10.0.0.0/16" });
      assert.deepEqual(rules.ingress.map(row), [
        "100 allow 443-443 10.1.0.0/16",
        "110 allow 1500-1500 10.1.0.0/16",
        "120 deny all 10.1.0.0/16",
        "130 allow 443-443 10.0.0.0/16",
        "140 allow 1024-65535 10.0.0.0/16",
        // S3's replies: the ephemeral ports without 3389 (Security Hub EC2.21).
        "150 allow 1024-3388 0.0.0.0/0",
        "160 allow 3390-65535 0.0.0.0/0",
      ]);
      assert.deepEqual(rules.egress.map(row), [
        "100 allow 1024-65535 10.1.0.0/16",
        "110 allow 443-443 10.0.0.0/16",
        "120 allow 1024-65535 10.0.0.0/16",
        "130 allow 443-443 0.0.0.0/0",
      ]);
    });

    it("give every source block its allows, then every source block its deny, before anything else, numbered without gaps", () => {
      const rules = stagingNetworkAclRules({ sourceCidrBlocks: ["10.1.0.0/16", "10.2.0.0/16"], stagingCidrBlock: "10.0.0.0/16" });
      assert.deepEqual(rules.ingress.map((r) => r.ruleNo), [100, 110, 120, 130, 140, 150, 160, 170, 180, 190]);
      assert.deepEqual(rules.ingress.slice(0, 6).map(row), [
        "100 allow 443-443 10.1.0.0/16",
        "110 allow 1500-1500 10.1.0.0/16",
        "120 allow 443-443 10.2.0.0/16",
        "130 allow 1500-1500 10.2.0.0/16",
        "140 deny all 10.1.0.0/16",
        "150 deny all 10.2.0.0/16",
      ]);
      assert.deepEqual(rules.egress.slice(0, 2).map((r) => r.cidrBlock), ["10.1.0.0/16", "10.2.0.0/16"]);
    });
  });

  describe("the created source VPC's default ACL", () => {
    it("admits the VPC's own traffic, DRS's flows to the staging block and their replies, and the repositories' replies", () => {
      const rules = sourceNetworkAclRules({ sourceCidrBlock: "10.1.0.0/16", stagingCidrBlock: "10.0.0.0/16", s3GatewayEndpoint: true });
      assert.deepEqual(rules.ingress.map(row), ["100 allow all 10.1.0.0/16", "110 allow 1024-65535 10.0.0.0/16", "120 allow 1024-3388 0.0.0.0/0", "130 allow 3390-65535 0.0.0.0/0"]);
      assert.deepEqual(rules.egress.map(row), ["100 allow all 10.1.0.0/16", "110 allow 443-443 10.0.0.0/16", "120 allow 1500-1500 10.0.0.0/16", "130 allow 443-443 0.0.0.0/0"]);
    });

    it("names 0.0.0.0/0 only for the package-repository gateway endpoint", () => {
      const rules = sourceNetworkAclRules({ sourceCidrBlock: "10.1.0.0/16", stagingCidrBlock: "10.0.0.0/16", s3GatewayEndpoint: false });
      assert.ok([...rules.ingress, ...rules.egress].every((r) => r.cidrBlock !== "0.0.0.0/0"));
    });
  });

  it("never admits 0.0.0.0/0 to TCP 22 or 3389 (Security Hub EC2.21)", () => {
    for (const rules of [
      stagingNetworkAclRules({ sourceCidrBlocks: ["10.1.0.0/16", "10.2.0.0/16"], stagingCidrBlock: "10.0.0.0/16" }),
      sourceNetworkAclRules({ sourceCidrBlock: "10.1.0.0/16", stagingCidrBlock: "10.0.0.0/16", s3GatewayEndpoint: true }),
    ]) {
      const open = rules.ingress.filter((r) => r.action === "allow" && r.cidrBlock === "0.0.0.0/0" && (r.protocol === "-1" || [22, 3389].some((p) => r.fromPort <= p && p <= r.toPort)));
      assert.deepEqual(open, []);
    }
  });
});
