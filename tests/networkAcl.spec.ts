import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { Address4 } from "ip-address";
import { aggregateBlocks, blockAt, blockContains, blocksOverlap, parseIpv4Block } from "../lib/cidr";
import {
  ACL_RULES_PER_DIRECTION,
  NetworkAclRule,
  NetworkAclRules,
  PRIVATE_RANGES,
  sourceBlockCovers,
  sourceBlocksAclProblem,
  sourceNetworkAclRules,
  stagingNetworkAclRules,
} from "../lib/networkAcl";
import { naclDecisions } from "../lib/verifier/acl";
import type { NaclRuleNode } from "../lib/verifier/model";

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

/** Today's staging rules before summarizing (the exact layout for any count): the oracle of the verdicts. */
function exactStagingRules(sources: readonly string[], staging: string): NetworkAclRules {
  const rule = (action: "allow" | "deny", protocol: "tcp" | "-1", cidrBlock: string, fromPort: number, toPort: number) => ({ action, protocol, cidrBlock, fromPort, toPort });
  const number = (rules: Omit<NetworkAclRule, "ruleNo">[]) => rules.map((r, i) => ({ ruleNo: 100 + 10 * i, ...r }));
  return {
    ingress: number([
      ...sources.flatMap((c) => [rule("allow", "tcp", c, 443, 443), rule("allow", "tcp", c, 1500, 1500)]),
      ...sources.map((c) => rule("deny", "-1", c, 0, 0)),
      rule("allow", "tcp", staging, 443, 443),
      rule("allow", "tcp", staging, 1024, 65535),
      rule("allow", "tcp", "0.0.0.0/0", 1024, 3388),
      rule("allow", "tcp", "0.0.0.0/0", 3390, 65535),
    ]),
    egress: number([
      ...sources.map((c) => rule("allow", "tcp", c, 1024, 65535)),
      rule("allow", "tcp", staging, 443, 443),
      rule("allow", "tcp", staging, 1024, 65535),
      rule("allow", "tcp", "0.0.0.0/0", 443, 443),
    ]),
  };
}

const asNodes = (rules: readonly NetworkAclRule[]): NaclRuleNode[] =>
  rules.map((r) => ({ ruleNo: r.ruleNo, allow: r.action === "allow", protocol: r.protocol, cidr: r.cidrBlock, fromPort: r.fromPort, toPort: r.toPort }));

/** Whether the rules let one packet through: `peer` a host (`a.b.c.d/32`) or S3. */
function admits(rules: readonly NetworkAclRule[], protocol: "tcp" | "udp" | "icmp", port: number, peer: string): boolean {
  return naclDecisions(asNodes(rules), protocol, { from: port, to: port }, peer, "required")[0].rule?.allow === true;
}

/** First, middle and last host of a block. */
function hostsOf(cidr: string): string[] {
  const b = parseIpv4Block(cidr);
  return [b.first, b.first + (b.last - b.first) / 2n, b.last].map((a) => `${Address4.fromBigInt(a).correctForm()}/32`);
}

const PROBES: readonly ["tcp" | "udp" | "icmp", number][] = [
  ["tcp", 0], ["tcp", 22], ["tcp", 80], ["tcp", 443], ["tcp", 444], ["tcp", 1023], ["tcp", 1024], ["tcp", 1499], ["tcp", 1500], ["tcp", 1501],
  ["tcp", 3389], ["tcp", 5985], ["tcp", 8080], ["tcp", 32768], ["tcp", 60999], ["tcp", 65535], ["udp", 53], ["udp", 1500], ["icmp", 0],
];

/** Up to `max` blocks of /16 to /28 in the private ranges, none overlapping another or the staging block. */
function sourceLayout(max: number) {
  const range = fc.constantFrom("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
  const blockIn = fc.tuple(range, fc.integer({ min: 0, max: 2 ** 24 - 1 }), fc.integer({ min: 16, max: 28 })).map(([r, offset, prefix]) => {
    const base = parseIpv4Block(r);
    return blockAt(base.first + (BigInt(offset) % (base.last - base.first + 1n)), Math.max(prefix, base.prefixLength)).cidr;
  });
  // Contiguous: consecutive blocks of one size from one start; scattered: anywhere in the three ranges.
  const contiguous = fc.tuple(blockIn, fc.integer({ min: 1, max }), fc.integer({ min: 20, max: 28 })).map(([start, n, prefix]) => {
    const first = parseIpv4Block(start).first;
    const size = 1n << BigInt(32 - prefix);
    return Array.from({ length: n }, (_, i) => blockAt(first + BigInt(i) * size, prefix).cidr).filter((c) => PRIVATE_RANGES.some((r) => blockContains(parseIpv4Block(r), parseIpv4Block(c))));
  });
  const scattered = fc.array(blockIn, { minLength: 1, maxLength: max });
  return fc.tuple(fc.oneof(contiguous, scattered), blockIn).map(([candidates, staging]) => {
    const chosen: string[] = [];
    for (const c of candidates) {
      const b = parseIpv4Block(c);
      if (!blocksOverlap(b, parseIpv4Block(staging)) && chosen.every((o) => !blocksOverlap(parseIpv4Block(o), b))) chosen.push(c);
    }
    return { sources: chosen, staging };
  }).filter((l) => l.sources.length > 0);
}

describe("lib/networkAcl at every count of sources (fast-check)", () => {
  it("keeps every ACL within 19 rules a direction, up to 100 source blocks", () => {
    fc.assert(
      fc.property(sourceLayout(100), ({ sources, staging }) => {
        const rules = stagingNetworkAclRules({ sourceCidrBlocks: sources, stagingCidrBlock: staging });
        assert.ok(rules.ingress.length <= ACL_RULES_PER_DIRECTION, `${rules.ingress.length} rules in`);
        assert.ok(rules.egress.length <= ACL_RULES_PER_DIRECTION, `${rules.egress.length} rules out`);
        for (const source of sources) {
          const rules2 = sourceNetworkAclRules({ sourceCidrBlock: source, stagingCidrBlock: staging, s3GatewayEndpoint: true });
          assert.ok(rules2.ingress.length <= ACL_RULES_PER_DIRECTION && rules2.egress.length <= ACL_RULES_PER_DIRECTION);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("names blocks that each hold whole source blocks and stay inside one private range", () => {
    fc.assert(
      fc.property(sourceLayout(100), ({ sources, staging }) => {
        const covers = sourceBlockCovers(sources, staging);
        for (const source of sources) {
          const block = parseIpv4Block(source);
          assert.ok(covers.allow.some((c) => blockContains(parseIpv4Block(c), block)), `${source} is in no allow block`);
          assert.ok(covers.deny.some((c) => blockContains(parseIpv4Block(c), block)), `${source} is in no deny block`);
        }
        for (const c of [...covers.allow, ...covers.deny]) {
          assert.ok(PRIVATE_RANGES.some((r) => blockContains(parseIpv4Block(r), parseIpv4Block(c))), `${c} leaves the private ranges`);
        }
        // Exact (the same addresses, fewest blocks) whenever those fit; wider only when they do not.
        const exact = aggregateBlocks(sources.map(parseIpv4Block)).map((b) => b.cidr);
        if (covers.summarized) assert.ok(3 * exact.length > ACL_RULES_PER_DIRECTION - 4, `summarized ${exact.length} blocks`);
        else assert.deepEqual(aggregateBlocks(covers.allow.map(parseIpv4Block)).map((b) => b.cidr), exact);
      }),
      { numRuns: 200 },
    );
  });

  it("gives today's verdict for every probe: a host of each source block, of the staging block, and S3's replies", () => {
    fc.assert(
      fc.property(sourceLayout(100), ({ sources, staging }) => {
        const today = exactStagingRules(sources, staging);
        const now = stagingNetworkAclRules({ sourceCidrBlocks: sources, stagingCidrBlock: staging });
        const peers = [...sources.flatMap(hostsOf), ...hostsOf(staging), "S3"];
        for (const peer of peers) {
          for (const [protocol, port] of PROBES) {
            for (const direction of ["ingress", "egress"] as const) {
              assert.equal(admits(now[direction], protocol, port, peer), admits(today[direction], protocol, port, peer), `${direction} ${protocol} ${port} ${peer}`);
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("lib/networkAcl with resolver clients (external sources, dns: resolver)", () => {
  const udpRow = (r: NetworkAclRule) => `${row(r)}${r.protocol === "udp" ? " udp" : ""}`;

  it("admits UDP and TCP 53 from a resolver block only, and lets the UDP replies out to it", () => {
    const rules = stagingNetworkAclRules({ sourceCidrBlocks: ["10.1.0.0/16", "192.168.0.0/20"], stagingCidrBlock: "10.0.0.0/16", dnsCidrBlocks: ["192.168.0.0/20"] });
    assert.deepEqual(rules.ingress.map(udpRow).slice(0, 8), [
      "100 allow 443-443 10.1.0.0/16",
      "110 allow 1500-1500 10.1.0.0/16",
      "120 allow 443-443 192.168.0.0/20",
      "130 allow 1500-1500 192.168.0.0/20",
      "140 allow 53-53 192.168.0.0/20 udp",
      "150 allow 53-53 192.168.0.0/20",
      "160 deny all 10.1.0.0/16",
      "170 deny all 192.168.0.0/20",
    ]);
    assert.deepEqual(rules.egress.map(udpRow).slice(0, 3), ["100 allow 1024-65535 10.1.0.0/16", "110 allow 1024-65535 192.168.0.0/20", "120 allow 1024-65535 192.168.0.0/20 udp"]);
    assert.equal(admits(rules.ingress, "udp", 53, "192.168.3.3/32"), true);
    assert.equal(admits(rules.ingress, "udp", 53, "10.1.3.3/32"), false);
    assert.equal(admits(rules.ingress, "tcp", 53, "10.1.3.3/32"), false);
    assert.equal(admits(rules.egress, "udp", 40000, "192.168.3.3/32"), true);
  });

  it("stays within 19 rules a direction and admits DNS from every resolver block, whatever the mix (fast-check)", () => {
    fc.assert(
      fc.property(sourceLayout(100), fc.array(fc.boolean(), { minLength: 100, maxLength: 100 }), ({ sources, staging }, flags) => {
        const dns = sources.filter((_, i) => flags[i]);
        if (sourceBlocksAclProblem(sources, dns) !== undefined) {
          assert.throws(() => stagingNetworkAclRules({ sourceCidrBlocks: sources, stagingCidrBlock: staging, dnsCidrBlocks: dns }));
          return;
        }
        const rules = stagingNetworkAclRules({ sourceCidrBlocks: sources, stagingCidrBlock: staging, dnsCidrBlocks: dns });
        assert.ok(rules.ingress.length <= ACL_RULES_PER_DIRECTION && rules.egress.length <= ACL_RULES_PER_DIRECTION, `${rules.ingress.length} in, ${rules.egress.length} out`);
        for (const host of dns.flatMap(hostsOf)) {
          assert.ok(admits(rules.ingress, "udp", 53, host) && admits(rules.ingress, "tcp", 53, host), `DNS from ${host}`);
          assert.ok(admits(rules.egress, "udp", 40000, host), `UDP replies to ${host}`);
        }
        if (dns.length === 0) for (const host of sources.flatMap(hostsOf)) assert.ok(!admits(rules.ingress, "udp", 53, host), `no DNS from ${host}`);
        for (const host of sources.flatMap(hostsOf)) assert.ok(!admits(rules.ingress, "tcp", 22, host) && !admits(rules.ingress, "udp", 1500, host), `nothing else from ${host}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe("lib/networkAcl summarizing", () => {
  it("keeps the exact rules, in today's order, for five source blocks", () => {
    const sources = ["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "172.16.0.0/16", "192.168.1.0/24"];
    const rules = stagingNetworkAclRules({ sourceCidrBlocks: sources, stagingCidrBlock: "10.0.0.0/16" });
    assert.deepEqual(rules, exactStagingRules(sources, "10.0.0.0/16"));
  });

  it("joins a hundred /16s of 10/8 into seven allow blocks and one deny block beside the staging /16, staging rules first", () => {
    const sources = Array.from({ length: 100 }, (_, i) => `10.${i + 1}.0.0/16`);
    const covers = sourceBlockCovers(sources, "10.0.0.0/16");
    assert.deepEqual(covers, {
      allow: ["10.1.0.0/16", "10.2.0.0/15", "10.4.0.0/14", "10.8.0.0/13", "10.16.0.0/12", "10.32.0.0/11", "10.64.0.0/10"],
      deny: ["10.0.0.0/9"],
      dns: [],
      summarized: true,
    });
    const rules = stagingNetworkAclRules({ sourceCidrBlocks: sources, stagingCidrBlock: "10.0.0.0/16" });
    assert.deepEqual(rules.ingress.slice(0, 3).map(row), ["100 allow 443-443 10.0.0.0/16", "110 allow 1024-65535 10.0.0.0/16", "120 allow 443-443 10.1.0.0/16"]);
    assert.deepEqual(rules.ingress.slice(-3).map(row), ["260 deny all 10.0.0.0/9", "270 allow 1024-3388 0.0.0.0/0", "280 allow 3390-65535 0.0.0.0/0"]);
    assert.equal(rules.ingress.length, 19);
  });

  it("joins blocks whose join covers the staging block last", () => {
    // Seven blocks: two must be joined; 10.0.5.0/24 with 10.1.0.0/16 would cover the staging /28, 172.16.x with 172.17.x not.
    const sources = ["10.0.5.0/24", "10.1.0.0/16", "10.200.0.0/16", "172.16.0.0/16", "172.17.0.0/16", "192.168.1.0/24", "192.168.7.0/24"];
    const covers = sourceBlockCovers(sources, "10.0.0.0/28");
    assert.ok(covers.allow.every((c) => !blocksOverlap(parseIpv4Block(c), parseIpv4Block("10.0.0.0/28"))), covers.allow.join());
  });

  it("refuses, in the settings' words, more publicly routable blocks than the ACL can name", () => {
    const sources = ["10.1.0.0/16", "172.16.0.0/16", "192.168.0.0/16", "100.64.0.0/16", "52.0.0.0/16", "54.0.0.0/16"];
    assert.match(sourceBlocksAclProblem(sources) ?? "", /^hold 2 publicly routable blocks \(52\.0\.0\.0\/16, 54\.0\.0\.0\/16\) beside sources in 4 private ranges/);
    assert.equal(sourceBlocksAclProblem(sources.slice(0, 5)), undefined);
    assert.throws(() => stagingNetworkAclRules({ sourceCidrBlocks: sources, stagingCidrBlock: "10.0.0.0/16" }), /publicly routable/);
  });
});
