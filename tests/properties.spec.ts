/**
 * Property-based tests of the configuration (fast-check): whatever a user writes, the program answers with a
 * ConfigError or a network that passes every verdict.
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { Address4 } from "ip-address";
import { allPassed, verifyNetwork } from "../lib/verifier";
import { DRS_INSTALLER_REGIONS } from "../lib/regions";
import { ConfigError, parseSettings } from "../settings";
import { declaredResources, synth } from "../synth/run";

/** A block of /16 to /28 inside one of the private ranges, so it is always a valid VPC block on its own. */
const privateBlock = fc
  .tuple(fc.constantFrom("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"), fc.integer({ min: 0, max: 2 ** 24 - 1 }), fc.integer({ min: 16, max: 28 }))
  .map(([range, offset, prefix]) => {
    const base = new Address4(range);
    const size = 2n ** BigInt(32 - base.subnetMask);
    const address = base.startAddress().bigInt() + (BigInt(offset) % size);
    const network = (address >> BigInt(32 - prefix)) << BigInt(32 - prefix);
    return `${Address4.fromBigInt(network).correctForm()}/${prefix}`;
  });

/** A block that shares at least one address with `cidr`: the network of one of its addresses, of any allowed size. */
const overlapping = (cidr: string) =>
  fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 16n }), fc.integer({ min: 16, max: 28 })).map(([offset, prefix]) => {
    const block = new Address4(cidr);
    const size = block.endAddress().bigInt() - block.startAddress().bigInt() + 1n;
    const address = block.startAddress().bigInt() + (offset % size);
    const network = (address >> BigInt(32 - prefix)) << BigInt(32 - prefix);
    return `${Address4.fromBigInt(network).correctForm()}/${prefix}`;
  });

const region = fc.constantFrom(...DRS_INSTALLER_REGIONS);

describe("config properties (fast-check)", () => {
  it("throws nothing but a ConfigError for any input", () => {
    const anything = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), fc.jsonValue({ maxDepth: 2 }));
    const key = fc.constantFrom("sourceRegion", "drRegion", "sourceVpcCidr", "stagingVpcCidr", "subnetPrefixLength", "availabilityZoneCount", "sourceVpc", "tags", "drsDnsMode", "replication", "flowLogs", "stagingNetworkAcl", "sourceS3GatewayEndpoint", "s3EndpointExtraBuckets", "agentRollout", "other", "constructor", "toString", "hasOwnProperty");
    fc.assert(
      fc.property(fc.dictionary(key, anything), (raw) => {
        try {
          parseSettings(raw);
        } catch (err) {
          assert.ok(err instanceof ConfigError, String(err));
          assert.ok(err.problems.length > 0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("synthesizes any tag keys AWS takes, the names of Object's own members among them, and hands each to AWS as given", async function () {
    this.timeout(120000);
    // Tag keys AWS takes (letters and _): the names a plain JavaScript object inherits, which a record schema or a
    // template string (Pulumi's runtime/rpc.ts prints inputs with `${value}`) would drop or choke on.
    // (`__proto__` is refused: tests/settings.spec.ts.)
    const key = fc.constantFrom("toString", "valueOf", "constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "CostCentre");
    const keys = fc.uniqueArray(key, { minLength: 1, maxLength: 4 });
    const asJson = (list: string[]) => `{${list.map((k) => `${JSON.stringify(k)}:"v"`).join(",")}}`;
    await fc.assert(
      fc.asyncProperty(keys, keys, async (tagKeys, stagingKeys) => {
        const result = await synth({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", tags: asJson(tagKeys), replication: `{"enabled":true,"stagingAreaTags":${asJson(stagingKeys)}}` });
        const template = result.resources.find((r) => r.type === "aws:drs/replicationConfigurationTemplate:ReplicationConfigurationTemplate");
        assert.deepEqual(Object.keys((template?.inputs.stagingAreaTags ?? {}) as object).sort(), [...stagingKeys].sort());
        const provider = result.resources.find((r) => r.name === "aws-dr");
        const defaultTags = JSON.parse(String(provider?.inputs.defaultTags)) as { tags: object };
        assert.deepEqual(Object.keys(defaultTags.tags).sort(), [...tagKeys].sort());
      }),
      { numRuns: 8 },
    );
  });

  it("hides a secret source's name where it stands whole and nowhere else: no message loses a letter of its words", () => {
    const MESSAGE_WORDS = new Set(
      "is the name of an earlier source; names must be unique. overlaps the source VPC's (sources[0].vpcCidr); VPC peering cannot route between overlapping blocks".split(/[^a-z0-9-]+/i),
    );
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,2}$/);
    fc.assert(
      fc.property(name, (sourceName) => {
        // A secret that is itself one of the messages' words is masked there too (it cannot be told from the word).
        fc.pre(!MESSAGE_WORDS.has(sourceName));
        try {
          parseSettings(
            { drRegion: "eu-west-2", stagingVpcCidr: "10.9.0.0/16", sources: [{ name: sourceName, region: "eu-west-1", vpcCidr: "10.9.0.0/17" }, { name: sourceName, region: "eu-west-1", vpcCidr: "10.8.0.0/16" }] },
            { secretKeys: ["sources"] },
          );
          assert.fail("accepted an overlap and a repeated name");
        } catch (err) {
          assert.ok(err instanceof ConfigError, String(err));
          assert.ok(!err.message.includes(JSON.stringify(sourceName)), err.message);
          assert.ok(err.problems.some((p) => p.key === "stagingVpcCidr" && p.message.includes(" overlaps the source VPC's [secret] (sources[0].vpcCidr); VPC peering cannot route between overlapping blocks")), err.message);
          assert.ok(err.problems.some((p) => p.key === "sources[1].name" && p.message === "[secret] is the name of an earlier source; names must be unique"), err.message);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("always rejects overlapping source and staging blocks, naming stagingVpcCidr", () => {
    fc.assert(
      fc.property(
        privateBlock.chain((a) => overlapping(a).map((b) => [a, b] as const)),
        region,
        region,
        ([sourceVpcCidr, stagingVpcCidr], sourceRegion, drRegion) => {
          try {
            parseSettings({ sourceRegion, drRegion, sourceVpcCidr, stagingVpcCidr, subnetPrefixLength: 28, availabilityZoneCount: 1 });
            assert.fail(`accepted overlapping ${sourceVpcCidr} and ${stagingVpcCidr}`);
          } catch (err) {
            assert.ok(err instanceof ConfigError, String(err));
            assert.ok(err.problems.some((p) => p.key === "stagingVpcCidr" && p.message.includes("overlaps")), err.message);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("synthesizes every accepted config with all verdicts passing", async function () {
    this.timeout(120000);
    const config = fc.record({
      sourceRegion: region,
      drRegion: region,
      sourceVpcCidr: privateBlock,
      stagingVpcCidr: privateBlock,
      subnetPrefixLength: fc.integer({ min: 20, max: 28 }),
      availabilityZoneCount: fc.integer({ min: 1, max: 3 }),
      drsDnsMode: fc.constantFrom("endpoint-flag", "private-hosted-zone"),
      replication: fc.record({ enabled: fc.boolean(), failback: fc.boolean(), pitRetentionDays: fc.integer({ min: 1, max: 365 }) }),
      flowLogs: fc.record({ enabled: fc.boolean() }),
      stagingNetworkAcl: fc.boolean(),
      sourceS3GatewayEndpoint: fc.record({ enabled: fc.boolean() }),
      agentRollout: fc.record({ enabled: fc.boolean(), ec2MessagesEndpoint: fc.boolean(), maxConcurrency: fc.constantFrom("1", "10%", "100%"), maxErrors: fc.constantFrom("0", "5", "10%") }),
    });
    let synthesized = 0;
    await fc.assert(
      fc.asyncProperty(config, async (raw) => {
        let settings;
        try {
          settings = parseSettings(raw);
        } catch (err) {
          assert.ok(err instanceof ConfigError, String(err));
          return;
        }
        synthesized++;
        const result = await synth(raw);
        const verdicts = verifyNetwork(declaredResources(result.resources), { requireFlowLogs: settings.flowLogs !== undefined, agentRollout: settings.agentRollout !== undefined });
        // With the rollout on, every source subnet reaches Systems Manager's endpoints, and they are judged.
        if (settings.agentRollout !== undefined) assert.ok(verdicts.some((v) => v.id.endsWith("->rollout-ssm-endpoint") && v.passed));
        assert.ok(allPassed(verdicts), JSON.stringify(verdicts.filter((v) => !v.passed), null, 1));
      }),
      { numRuns: 30 },
    );
    assert.ok(synthesized >= 5, `only ${synthesized} of 30 generated configs were valid: the generator needs fixing`);
  });
});
