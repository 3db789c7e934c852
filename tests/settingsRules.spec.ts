import * as assert from "node:assert/strict";
import { quoteFor } from "../settings/problems";
import { CROSS_FIELD_RULES, crossFieldProblems } from "../settings/rules";
import { blocksHoldTheirSubnets, sourceBlocksFitStagingAcl, sourcesOverlapEachOther, stagingOverlapsSource } from "../settings/rules/blocks";
import { s3EndpointPoliciesFit } from "../settings/rules/endpointPolicies";
import { createdKeysNotGiven, kmsKeysInTheirRegions } from "../settings/rules/kms";
import { adoptedVpcEndpointsHaveSubnets } from "../settings/rules/rollout";
import { sourceEntries } from "../settings/rules/sourceEntries";
import { adoptedSourceVpcZones, listedSourceProblems, shorthandBesideSources, sourceRegionRequired } from "../settings/rules/sources";
import { zonesInTheirRegions } from "../settings/rules/zones";
import type { Fields } from "../settings/schema";

// Each cross-field rule called as parseSettings calls it, on fields written out as the schema would give them: no
// zod, no parseSettings. What parseSettings makes of them, end to end, is in tests/settings.spec.ts.

/** Fields valid on their own, as a literal: only those a rule reads. */
const fields = (f: Record<string, unknown>) => f as Partial<Fields>;
/** The quoting of a config without secrets. */
const plain = quoteFor([]);
/** "key: message" lines, as tests/settings.spec.ts shows problems. */
const lines = (problems: readonly { key: string; message: string }[]) => problems.map((p) => `${p.key}: ${p.message}`);

const ADOPTED = { vpcId: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-0123456789abcdef0"], subnetIds: [] };
const KEY_EU_WEST_1 = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY_EU_WEST_2 = "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("settings/rules (each cross-field rule on its own)", () => {
  describe("sources", () => {
    it("refuses the shorthand keys beside a sources list, flowLogs.sourceKmsKeyArn among them, and nothing without one", () => {
      const raw = { sources: [], sourceRegion: "eu-west-1", sourceProvider: {} };
      const f = fields({ flowLogs: { sourceKmsKeyArn: KEY_EU_WEST_1 } });
      assert.deepEqual(lines(shorthandBesideSources(f, raw)), [
        "sourceRegion: cannot be set together with sources: give it in the source's entry",
        "sourceProvider: cannot be set together with sources: give it in the source's entry",
        "flowLogs.sourceKmsKeyArn: cannot be set together with sources: give sources[].flowLogsKmsKeyArn",
      ]);
      assert.deepEqual(shorthandBesideSources(f, { sourceRegion: "eu-west-1" }), []);
    });

    it("judges each listed source in turn: one VPC, a name of its own, no zones beside an adopted VPC", () => {
      const f = fields({
        sources: [
          { name: "app", region: "eu-west-1", vpc: ADOPTED, availabilityZones: ["eu-west-1a"] },
          { name: "app", region: "eu-west-1" },
        ],
      });
      // Source by source, not rule by rule: the first source's zones come before the second's missing VPC.
      assert.deepEqual(lines(listedSourceProblems(f, { sources: [] }, plain)), [
        "sources[0].availabilityZones: cannot be set together with vpc: an adopted VPC's subnets already have their zones",
        "sources[1]: needs exactly one of vpcCidr (a VPC to create) or vpc (a VPC to adopt)",
        'sources[1].name: "app" is the name of an earlier source; names must be unique',
      ]);
      assert.deepEqual(lines(listedSourceProblems(f, { sources: [] }, quoteFor(["sources"]))).slice(2), [
        "sources[1].name: [secret] is the name of an earlier source; names must be unique",
      ]);
      assert.deepEqual(listedSourceProblems(f, {}, plain), []);
    });

    it("asks for sourceRegion only where there is no sources list", () => {
      assert.deepEqual(lines(sourceRegionRequired(fields({}), {})), [
        "sourceRegion: is required: the region of the servers to protect, e.g. eu-west-1 (or list sources)",
      ]);
      assert.deepEqual(sourceRegionRequired(fields({}), { sources: [] }), []);
      assert.deepEqual(sourceRegionRequired(fields({}), { sourceRegion: "eu-west-1" }), []);
    });

    it("refuses the shorthand's zones beside its adopted VPC", () => {
      const f = fields({ sourceVpc: ADOPTED, sourceAvailabilityZones: ["eu-west-1a"] });
      assert.deepEqual(lines(adoptedSourceVpcZones(f, {})), [
        "sourceAvailabilityZones: cannot be set together with sourceVpc: an adopted VPC's subnets already have their zones",
      ]);
      assert.deepEqual(adoptedSourceVpcZones(f, { sources: [] }), []);
      assert.deepEqual(adoptedSourceVpcZones(fields({ sourceAvailabilityZones: ["eu-west-1a"] }), {}), []);
    });

    it("sees the shorthand as one source named \"\", and the list with each value's key", () => {
      const [single] = sourceEntries(fields({ sourceRegion: "eu-west-1", sourceVpc: ADOPTED, sourceVpcCidr: "10.1.0.0/16" }));
      assert.deepEqual(
        { name: single.name, cidr: single.cidr, cidrKey: single.cidrKey, adopted: single.adopted },
        { name: "", cidr: "172.20.0.0/16", cidrKey: "sourceVpc.cidrBlock", adopted: true },
      );
      const listed = sourceEntries(fields({ sources: [{ name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" }] }));
      assert.deepEqual(listed.map((s) => [s.regionKey, s.cidrKey, s.zonesKey, s.kmsKeyName]), [
        ["sources[0].region", "sources[0].vpcCidr", "sources[0].availabilityZones", "sources[0].flowLogsKmsKeyArn"],
      ]);
    });
  });

  describe("blocks", () => {
    it("refuses a staging block that overlaps a source's, once for each source", () => {
      const f = fields({
        stagingVpcCidr: "10.0.0.0/8",
        sources: [
          { name: "a", region: "eu-west-1", vpcCidr: "10.1.0.0/16" },
          { name: "b", region: "eu-west-1", vpcCidr: "172.16.0.0/16" },
          { name: "c", region: "eu-west-1", vpc: { ...ADOPTED, cidrBlock: "10.2.0.0/16" } },
        ],
      });
      assert.deepEqual(lines(stagingOverlapsSource(f, {}, plain)), [
        'stagingVpcCidr: "10.0.0.0/8" overlaps the source VPC\'s "10.1.0.0/16" (sources[0].vpcCidr); VPC peering cannot route between overlapping blocks',
        'stagingVpcCidr: "10.0.0.0/8" overlaps the source VPC\'s "10.2.0.0/16" (sources[2].vpc.cidrBlock); VPC peering cannot route between overlapping blocks',
      ]);
      assert.deepEqual(stagingOverlapsSource(fields({ sourceVpcCidr: "10.1.0.0/16" }), {}, plain), []);
    });

    it("refuses a source block that overlaps an earlier one, naming the first it overlaps", () => {
      const f = fields({
        sources: [
          { name: "a", region: "eu-west-1", vpcCidr: "10.1.0.0/16" },
          { name: "b", region: "eu-west-1", vpcCidr: "10.1.0.0/17" },
          { name: "c", region: "eu-west-1", vpcCidr: "10.1.128.0/17" },
        ],
      });
      assert.deepEqual(lines(sourcesOverlapEachOther(f, {}, plain)), [
        'sources[1].vpcCidr: "10.1.0.0/17" overlaps "10.1.0.0/16" (sources[0].vpcCidr); the staging VPC could not route to both',
        'sources[2].vpcCidr: "10.1.128.0/17" overlaps "10.1.0.0/16" (sources[0].vpcCidr); the staging VPC could not route to both',
      ]);
    });

    it("refuses source blocks the staging ACL cannot name: under sources for a list, and the addresses masked where a block is secret", () => {
      const blocks = ["10.1.0.0/16", "172.16.0.0/16", "192.168.0.0/16", "100.64.0.0/16", "52.0.0.0/16", "54.0.0.0/16"];
      const f = fields({ sources: blocks.map((vpcCidr, i) => ({ name: `s${i}`, region: "eu-west-1", vpcCidr })) });
      const [listed] = sourceBlocksFitStagingAcl(f, { sources: [] }, plain);
      assert.equal(listed.key, "sources");
      assert.match(listed.message, /^the source blocks hold 2 publicly routable blocks \(52\.0\.0\.0\/16, 54\.0\.0\.0\/16\) beside sources in 4 private ranges/);
      assert.deepEqual(sourceBlocksFitStagingAcl(fields({ sources: f.sources?.slice(0, 5) }), { sources: [] }, plain), []);
      const [secret] = sourceBlocksFitStagingAcl(f, { sources: [] }, quoteFor(["sources"]));
      assert.doesNotMatch(secret.message, /52\.0\.0\.0/);
    });

    it("refuses a created VPC's block too small for its subnets, without its size where the block is secret", () => {
      const f = fields({ sourceRegion: "eu-west-1", sourceVpcCidr: "10.1.0.0/24", stagingVpcCidr: "10.0.0.0/23", subnetPrefixLength: 24, availabilityZoneCount: 2 });
      assert.deepEqual(lines(blocksHoldTheirSubnets(f, {}, plain)), [
        'sourceVpcCidr: "10.1.0.0/24" is too small for 2 subnets of /24 (it holds 1); use a larger block or a larger subnetPrefixLength',
      ]);
      assert.deepEqual(lines(blocksHoldTheirSubnets(fields({ ...f, stagingAvailabilityZones: ["a", "b", "c"] }), {}, quoteFor(["sourceVpcCidr"]))), [
        "sourceVpcCidr: [secret] is too small for 2 subnets of /24; use a larger block or a larger subnetPrefixLength",
        'stagingVpcCidr: "10.0.0.0/23" is too small for 3 subnets of /24 (it holds 2); use a larger block or a larger subnetPrefixLength',
      ]);
      // An adopted VPC's subnets are its own.
      assert.deepEqual(blocksHoldTheirSubnets(fields({ ...f, sourceVpc: { ...ADOPTED, cidrBlock: "10.1.0.0/24" }, stagingVpcCidr: "10.0.0.0/16" }), {}, plain), []);
    });
  });

  describe("zones", () => {
    it("refuses a zone listed twice or outside its region, the example left out where the region is secret", () => {
      const f = fields({ sourceRegion: "eu-west-1", sourceAvailabilityZones: ["eu-west-1a", "eu-west-1a", "eu-west-2b"], drRegion: "eu-west-2", stagingAvailabilityZones: ["eu-west-1c"] });
      assert.deepEqual(lines(zonesInTheirRegions(f, {}, plain)), [
        'sourceAvailabilityZones[1]: "eu-west-1a" is listed more than once',
        'sourceAvailabilityZones[2]: "eu-west-2b" is not an availability zone of sourceRegion "eu-west-1" (expected e.g. eu-west-1a)',
        'stagingAvailabilityZones[0]: "eu-west-1c" is not an availability zone of drRegion "eu-west-2" (expected e.g. eu-west-2a)',
      ]);
      assert.deepEqual(lines(zonesInTheirRegions(f, {}, quoteFor(["drRegion"]))).slice(2), [
        'stagingAvailabilityZones[0]: "eu-west-1c" is not an availability zone of drRegion [secret]',
      ]);
    });
  });

  describe("kms", () => {
    it("refuses a key outside its region: the staging disks', a source's flow logs', the staging flow logs'", () => {
      const f = fields({
        drRegion: "eu-west-2",
        sourceRegion: "eu-west-2",
        replication: { ebsKmsKeyArn: KEY_EU_WEST_1 },
        flowLogs: { sourceKmsKeyArn: KEY_EU_WEST_1, stagingKmsKeyArn: KEY_EU_WEST_2 },
      });
      assert.deepEqual(lines(kmsKeysInTheirRegions(f, {}, plain)), [
        `replication.ebsKmsKeyArn: "${KEY_EU_WEST_1}" is a key in eu-west-1; the staging disks are in drRegion "eu-west-2", so the key must be too`,
        `flowLogs.sourceKmsKeyArn: "${KEY_EU_WEST_1}" is a key in eu-west-1; the source VPC's flow logs are in sourceRegion "eu-west-2", so the key must be too`,
      ]);
      assert.deepEqual(lines(kmsKeysInTheirRegions(f, {}, quoteFor(["replication"]))).slice(0, 1), [
        'replication.ebsKmsKeyArn: [secret] is a key in another region; the staging disks are in drRegion "eu-west-2", so the key must be too',
      ]);
      // The shorthand source's key is judged only where its region is known.
      assert.equal(kmsKeysInTheirRegions(fields({ ...f, sourceRegion: undefined }), {}, plain).length, 1);
    });

    it("refuses keys given beside flowLogs.kms: create, all named in one problem", () => {
      const f = fields({
        flowLogs: { kms: "create", stagingKmsKeyArn: KEY_EU_WEST_2 },
        sources: [{ name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16", flowLogsKmsKeyArn: KEY_EU_WEST_1 }],
      });
      assert.deepEqual(lines(createdKeysNotGiven(f)), [
        'flowLogs.kms: "create" cannot be set together with flowLogs.stagingKmsKeyArn, sources[0].flowLogsKmsKeyArn: either the program makes the keys, or you give them',
      ]);
      assert.deepEqual(createdKeysNotGiven(fields({ flowLogs: { kms: "create" } })), []);
      assert.deepEqual(createdKeysNotGiven(fields({ flowLogs: { stagingKmsKeyArn: KEY_EU_WEST_2 } })), []);
    });
  });

  describe("endpoint policies", () => {
    it("refuses buckets that make an S3 endpoint policy longer than AWS takes, for the staging endpoints and the gateway one", () => {
      const buckets = Array.from({ length: 400 }, (_, i) => `bucket-${String(i).padStart(3, "0")}-${"x".repeat(50)}`);
      const problems = s3EndpointPoliciesFit(fields({ drRegion: "eu-west-2", s3EndpointExtraBuckets: buckets, sourceS3GatewayEndpoint: { buckets } }));
      assert.deepEqual(problems.map((p) => p.key), ["s3EndpointExtraBuckets", "sourceS3GatewayEndpoint.buckets"]);
      assert.match(problems[0].message, /^make the staging VPC's S3 endpoints \(DRS's 7 buckets and these 400\)'s policy [\d,]+ characters, more than the 20,480 AWS allows/);
      assert.match(problems[1].message, /^make each source's S3 gateway endpoint \(these 400 buckets\)'s policy [\d,]+ characters/);
      assert.deepEqual(s3EndpointPoliciesFit(fields({ drRegion: "eu-west-2", s3EndpointExtraBuckets: buckets.slice(0, 2) })), []);
    });
  });

  describe("rollout", () => {
    it("asks for the subnets of each adopted VPC that is to get the Systems Manager endpoints", () => {
      const rollout = { enabled: true, adoptedVpcEndpoints: true };
      const listed = fields({
        agentRollout: rollout,
        sources: [
          { name: "a", region: "eu-west-1", vpcCidr: "10.1.0.0/16" },
          { name: "b", region: "eu-west-1", vpc: ADOPTED },
          { name: "c", region: "eu-west-1", vpc: { ...ADOPTED, subnetIds: ["subnet-0123456789abcdef0"] } },
        ],
      });
      const message = "is empty, but agentRollout.adoptedVpcEndpoints puts the Systems Manager endpoints in the adopted VPC's subnets: list them";
      assert.deepEqual(lines(adoptedVpcEndpointsHaveSubnets(listed, { sources: [] })), [`sources[1].vpc.subnetIds: ${message}`]);
      assert.deepEqual(lines(adoptedVpcEndpointsHaveSubnets(fields({ agentRollout: rollout, sourceVpc: ADOPTED }), {})), [`sourceVpc.subnetIds: ${message}`]);
      assert.deepEqual(adoptedVpcEndpointsHaveSubnets(fields({ agentRollout: { ...rollout, enabled: false }, sourceVpc: ADOPTED }), {}), []);
      assert.deepEqual(adoptedVpcEndpointsHaveSubnets(fields({ agentRollout: { ...rollout, adoptedVpcEndpoints: false }, sourceVpc: ADOPTED }), {}), []);
    });
  });

  describe("the ordered list", () => {
    it("runs every rule once, in the order problems are reported", () => {
      assert.deepEqual(CROSS_FIELD_RULES.map((rule) => rule.name), [
        "shorthandBesideSources",
        "listedSourceProblems",
        "sourceRegionRequired",
        "stagingOverlapsSource",
        "sourcesOverlapEachOther",
        "sourceBlocksFitStagingAcl",
        "blocksHoldTheirSubnets",
        "zonesInTheirRegions",
        "kmsKeysInTheirRegions",
        "createdKeysNotGiven",
        "s3EndpointPoliciesFit",
        "adoptedVpcEndpointsHaveSubnets",
        "adoptedSourceVpcZones",
      ]);
    });

    it("reports the problems of the rules rule by rule", () => {
      const f = fields({
        drRegion: "eu-west-2",
        sourceVpcCidr: "10.0.0.0/24",
        stagingVpcCidr: "10.0.0.0/16",
        subnetPrefixLength: 24,
        availabilityZoneCount: 2,
        flowLogs: { kms: "create", stagingKmsKeyArn: KEY_EU_WEST_1 },
      });
      const raw = {};
      assert.deepEqual(crossFieldProblems(f, raw, plain), CROSS_FIELD_RULES.flatMap((rule) => rule(f, raw, plain)));
      assert.deepEqual(crossFieldProblems(f, raw, plain).map((p) => p.key), [
        "sourceRegion",
        "stagingVpcCidr",
        "sourceVpcCidr",
        "flowLogs.stagingKmsKeyArn",
        "flowLogs.kms",
      ]);
    });
  });
});
