import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import {
  aggregateBlocks,
  blockAt,
  blockContains,
  blocksOverlap,
  blockSize,
  ipv4BlockProblem,
  parseIpv4Block,
  subnetBlocks,
  subnetCapacity,
  supernetOf,
  vpcBlockProblem,
} from "../lib/cidr";

describe("lib/cidr", () => {
  describe("ipv4BlockProblem", () => {
    it("accepts a network address with its prefix length", () => {
      assert.equal(ipv4BlockProblem("10.0.0.0/16"), undefined);
      assert.equal(ipv4BlockProblem("192.168.4.0/24"), undefined);
    });

    it("rejects a bare address, a missing or out-of-range prefix, junk and leading zeroes", () => {
      for (const bad of ["10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "300.0.0.0/8", "10.0.0.0/16 ", "010.0.0.0/16", "ten/8", "::/0"]) {
        assert.ok(ipv4BlockProblem(bad), `${bad} should be rejected`);
      }
      assert.match(ipv4BlockProblem("10.0.0.0")!, /expected the form 10\.0\.0\.0\/16/);
    });

    it("rejects host bits and names the network address", () => {
      assert.equal(ipv4BlockProblem("10.0.0.1/16"), "has host bits set: the network address of that block is 10.0.0.0/16");
    });
  });

  describe("vpcBlockProblem", () => {
    it("holds a VPC to AWS's /16 to /28", () => {
      assert.equal(vpcBlockProblem("10.0.0.0/16"), undefined);
      assert.equal(vpcBlockProblem("10.0.0.0/28"), undefined);
      assert.equal(vpcBlockProblem("10.0.0.0/15"), "has prefix length /15; AWS allows a VPC between /16 and /28");
      assert.equal(vpcBlockProblem("10.0.0.0/29"), "has prefix length /29; AWS allows a VPC between /16 and /28");
    });

    it("rejects reserved ranges", () => {
      assert.equal(vpcBlockProblem("127.0.0.0/16"), "overlaps 127.0.0.0/8, which is reserved and cannot be used in a VPC");
      assert.equal(vpcBlockProblem("169.254.0.0/16"), "overlaps 169.254.0.0/16, which is reserved and cannot be used in a VPC");
      assert.equal(vpcBlockProblem("224.1.0.0/16"), "overlaps 224.0.0.0/4, which is reserved and cannot be used in a VPC");
    });
  });

  describe("overlap and containment", () => {
    it("sees overlap at the edges and none between neighbours", () => {
      const a = parseIpv4Block("10.0.0.0/16");
      assert.equal(blocksOverlap(a, parseIpv4Block("10.0.255.0/24")), true);
      assert.equal(blocksOverlap(a, parseIpv4Block("10.1.0.0/16")), false);
      assert.equal(blocksOverlap(parseIpv4Block("10.0.0.0/20"), a), true);
      assert.equal(blockContains(a, parseIpv4Block("10.0.16.0/20")), true);
      assert.equal(blockContains(parseIpv4Block("10.0.16.0/20"), a), false);
    });

    it("is symmetric, and containment implies overlap (property)", () => {
      fc.assert(
        fc.property(arbitraryBlock(), arbitraryBlock(), (x, y) => {
          const a = parseIpv4Block(x);
          const b = parseIpv4Block(y);
          assert.equal(blocksOverlap(a, b), blocksOverlap(b, a));
          if (blockContains(a, b)) assert.equal(blocksOverlap(a, b), true);
        }),
      );
    });
  });

  describe("subnetBlocks", () => {
    it("lays out consecutive subnets from the start of the VPC", () => {
      assert.deepEqual(subnetBlocks("10.0.0.0/16", 24, 3), ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]);
      assert.deepEqual(subnetBlocks("10.1.0.0/16", 20, 2), ["10.1.0.0/20", "10.1.16.0/20"]);
      assert.deepEqual(subnetBlocks("172.16.8.0/22", 24, 4), ["172.16.8.0/24", "172.16.9.0/24", "172.16.10.0/24", "172.16.11.0/24"]);
    });

    it("refuses a layout that does not fit", () => {
      assert.throws(() => subnetBlocks("10.0.0.0/24", 24, 2), /2 subnets of \/24 do not fit in 10\.0\.0\.0\/24/);
      assert.throws(() => subnetBlocks("10.0.0.0/24", 20, 1), /do not fit/);
      assert.throws(() => subnetBlocks("10.0.0.0/16", 29, 1), /outside \/16 to \/28/);
    });

    it("gives aligned, disjoint subnets inside the VPC, as many as asked (property)", () => {
      fc.assert(
        fc.property(
          arbitraryBlock(),
          fc.integer({ min: 0, max: 12 }),
          fc.integer({ min: 1, max: 6 }),
          (vpcCidr, extraBits, count) => {
            const vpc = parseIpv4Block(vpcCidr);
            const prefix = Math.min(28, vpc.prefixLength + extraBits);
            if (subnetCapacity(vpc.prefixLength, prefix) < count) {
              assert.throws(() => subnetBlocks(vpcCidr, prefix, count));
              return;
            }
            const subnets = subnetBlocks(vpcCidr, prefix, count).map(parseIpv4Block);
            assert.equal(subnets.length, count);
            subnets.forEach((s, i) => {
              assert.equal(s.prefixLength, prefix);
              assert.equal(ipv4BlockProblem(s.cidr), undefined);
              assert.ok(blockContains(vpc, s));
              subnets.slice(i + 1).forEach((t) => assert.equal(blocksOverlap(s, t), false));
            });
          },
        ),
      );
    });
  });
});

describe("lib/cidr block arithmetic", () => {
  it("finds the block of a prefix length that holds an address, and the smallest block holding two", () => {
    assert.equal(blockAt(parseIpv4Block("10.1.2.3/32").first, 16).cidr, "10.1.0.0/16");
    assert.equal(supernetOf(parseIpv4Block("10.1.0.0/16"), parseIpv4Block("10.2.0.0/16")).cidr, "10.0.0.0/14");
    assert.equal(supernetOf(parseIpv4Block("10.0.0.0/8"), parseIpv4Block("10.2.0.0/16")).cidr, "10.0.0.0/8");
    assert.equal(supernetOf(parseIpv4Block("10.0.0.0/16"), parseIpv4Block("192.168.0.0/16")).cidr, "0.0.0.0/0");
  });

  it("aggregates without adding or losing an address: halves joined, blocks inside others dropped", () => {
    assert.deepEqual(aggregateBlocks(["10.0.1.0/24", "10.0.0.0/24", "10.0.2.0/23", "10.0.2.128/25", "10.9.0.0/16"].map(parseIpv4Block)).map((b) => b.cidr), ["10.0.0.0/22", "10.9.0.0/16"]);
    // Neighbours that are not two halves of one block stay apart.
    assert.deepEqual(aggregateBlocks(["10.0.1.0/24", "10.0.2.0/24"].map(parseIpv4Block)).map((b) => b.cidr), ["10.0.1.0/24", "10.0.2.0/24"]);
    fc.assert(
      fc.property(fc.array(arbitraryBlock(), { minLength: 1, maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 50 }), (texts, probes) => {
        const blocks = texts.map(parseIpv4Block);
        const merged = aggregateBlocks(blocks);
        const inAny = (list: typeof blocks, a: bigint) => list.some((b) => b.first <= a && a <= b.last);
        // Probe every block's edges and random addresses: the same addresses in both lists.
        for (const a of [...blocks.flatMap((b) => [b.first, b.last, b.first - 1n, b.last + 1n]), ...probes.map(BigInt)]) assert.equal(inAny(merged, a), inAny(blocks, a), String(a));
        // Sorted, disjoint, and no two are the halves of one block.
        merged.slice(1).forEach((b, i) => {
          assert.ok(merged[i].last < b.first);
          assert.ok(!(merged[i].prefixLength === b.prefixLength && merged[i].last + 1n === b.first && blockAt(merged[i].first, b.prefixLength - 1).first === merged[i].first));
        });
        assert.ok(merged.reduce((n, b) => n + blockSize(b), 0n) <= blocks.reduce((n, b) => n + blockSize(b), 0n));
      }),
    );
  });
});

/** Any valid VPC-sized block: a random address masked to a random /16 to /28. */
function arbitraryBlock(): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 16, max: 28 })).map(([address, prefix]) => {
    const network = Number((BigInt(address) >> BigInt(32 - prefix)) << BigInt(32 - prefix));
    return `${[24, 16, 8, 0].map((shift) => (network >>> shift) & 255).join(".")}/${prefix}`;
  });
}
