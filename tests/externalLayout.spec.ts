import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { blockContains, blocksOverlap, parseIpv4Block, subnetBlocks } from "../lib/cidr";
import { attachmentSubnetBlocks, attachmentSubnetsFit, customerGatewayIpProblem, dnsForwarders, externalBlockProblem, externalFirewallRules } from "../lib/external";

describe("lib/external", () => {
  describe("attachmentSubnetBlocks", () => {
    it("puts one /28 per zone at the end of the staging block", () => {
      assert.deepEqual(attachmentSubnetBlocks("10.0.0.0/16", 24, 2), ["10.0.255.224/28", "10.0.255.240/28"]);
      assert.deepEqual(attachmentSubnetBlocks("10.0.0.0/24", 26, 3), ["10.0.0.208/28", "10.0.0.224/28", "10.0.0.240/28"]);
    });

    it("refuses a layout where they would meet the staging subnets", () => {
      assert.equal(attachmentSubnetsFit(24, 25, 2), false);
      assert.throws(() => attachmentSubnetBlocks("10.0.0.0/24", 25, 2), /2 staging subnets of \/25 and 2 attachment subnets of \/28 do not fit in 10\.0\.0\.0\/24/);
    });

    it("gives blocks inside the VPC, apart from each other and from the staging subnets, whenever they fit", () => {
      fc.assert(
        fc.property(fc.integer({ min: 16, max: 27 }), fc.integer({ min: 16, max: 28 }), fc.integer({ min: 1, max: 6 }), (vpcLength, subnetLength, zones) => {
          const vpcCidr = `10.0.0.0/${vpcLength}`;
          if (!attachmentSubnetsFit(vpcLength, subnetLength, zones)) return;
          const attachment = attachmentSubnetBlocks(vpcCidr, subnetLength, zones).map(parseIpv4Block);
          const staging = subnetBlocks(vpcCidr, subnetLength, zones).map(parseIpv4Block);
          const vpc = parseIpv4Block(vpcCidr);
          assert.ok(attachment.every((a) => blockContains(vpc, a) && a.prefixLength === 28));
          assert.ok(attachment.every((a, i) => attachment.every((b, j) => i === j || !blocksOverlap(a, b))));
          assert.ok(attachment.every((a) => staging.every((s) => !blocksOverlap(a, s))));
        }),
      );
    });
  });

  describe("address checks", () => {
    it("takes private blocks only for a data centre's networks", () => {
      assert.equal(externalBlockProblem("192.168.0.0/20"), undefined);
      assert.equal(externalBlockProblem("172.31.0.0/16"), undefined);
      assert.match(externalBlockProblem("8.8.8.0/24") ?? "", /is not inside a private range .*never public ones/);
    });

    it("takes a customer gateway address on the internet only", () => {
      assert.equal(customerGatewayIpProblem("203.0.113.10"), undefined);
      assert.match(customerGatewayIpProblem("192.168.1.1") ?? "", /is in 192\.168\.0\.0\/16, which is not on the internet/);
      assert.match(customerGatewayIpProblem("100.64.0.1") ?? "", /is in 100\.64\.0\.0\/10/);
      assert.match(customerGatewayIpProblem("203.0.113.256") ?? "", /is not an IPv4 address/);
      assert.match(customerGatewayIpProblem("203.0.113") ?? "", /is not an IPv4 address/);
    });
  });

  describe("what the network team is told", () => {
    it("lists 443 and 1500 to each staging subnet, DNS to each resolver address, and the package repositories", () => {
      const rules = externalFirewallRules({ stagingSubnetBlocks: ["10.0.0.0/24", "10.0.1.0/24"], replication: true, resolverAddresses: ["10.0.0.10", "10.0.1.10"] });
      assert.deepEqual(
        rules.map((r) => `${r.protocol} ${r.ports} ${r.destination}`),
        [
          "tcp 443 10.0.0.0/24",
          "tcp 443 10.0.1.0/24",
          "tcp 1500 10.0.0.0/24",
          "tcp 1500 10.0.1.0/24",
          "udp 53 10.0.0.10/32",
          "tcp 53 10.0.0.10/32",
          "udp 53 10.0.1.10/32",
          "tcp 53 10.0.1.10/32",
          "tcp 443 the Linux distribution's package repositories (or a local mirror)",
        ],
      );
      assert.match(rules[rules.length - 1].purpose, /kernel headers matching the running kernel .* reach them another way/);
    });

    it("leaves out 1500 without replication and DNS without the resolver", () => {
      const rules = externalFirewallRules({ stagingSubnetBlocks: ["10.0.0.0/24"], replication: false });
      assert.deepEqual(rules.map((r) => `${r.protocol} ${r.ports}`), ["tcp 443", "tcp 443"]);
    });

    it("forwards DRS's regional name and S3's (with every bucket below it) to the resolver", () => {
      assert.deepEqual(dnsForwarders("eu-west-2", ["10.0.0.10", "10.0.1.10"]), [
        { domain: "drs.eu-west-2.amazonaws.com", targets: ["10.0.0.10", "10.0.1.10"] },
        { domain: "s3.eu-west-2.amazonaws.com", targets: ["10.0.0.10", "10.0.1.10"] },
      ]);
    });
  });
});
