import * as assert from "node:assert/strict";
import { quoteFor } from "../settings/problems";
import { CROSS_FIELD_RULES, crossFieldProblems } from "../settings/rules";
import { blocksHoldTheirSubnets, sourceBlocksFitStagingAcl, sourcesOverlapEachOther, stagingOverlapsSource } from "../settings/rules/blocks";
import { s3EndpointPoliciesFit } from "../settings/rules/endpointPolicies";
import { attachmentSubnetsFitStaging, externalConnectionIsOne, oneVirtualPrivateGateway, resolverHasTwoZones, sharedVpnsAgree } from "../settings/rules/external";
import { createdKeysNotGiven, kmsKeysInTheirRegions } from "../settings/rules/kms";
import { adoptedVpcEndpointsHaveSubnets, rolloutHasSourceVpcs } from "../settings/rules/rollout";
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
        "sources[1]: needs exactly one of vpcCidr (a VPC to create), vpc (a VPC to adopt) or external (a network outside AWS)",
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

    it("refuses a rollout with no source VPC to roll out to, and takes one beside external sources", () => {
      const external = { name: "dc1", external: { cidrBlocks: ["192.168.0.0/20"], connection: { transitGatewayId: "tgw-0123456789abcdef0" }, dns: "endpoint-flag" } };
      const vpcSource = { name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" };
      const rollout = { enabled: true, adoptedVpcEndpoints: false };
      assert.deepEqual(lines(rolloutHasSourceVpcs(fields({ agentRollout: rollout, sources: [external] }))), [
        "agentRollout.enabled: is true, but every source is outside AWS and the rollout installs through Systems Manager in source VPCs only: " +
          "set it to false and run each source's sourceNetworks.<name>.linuxInstallCommand or windowsInstallCommand on its servers",
      ]);
      assert.deepEqual(rolloutHasSourceVpcs(fields({ agentRollout: rollout, sources: [external, vpcSource] })), []);
      assert.deepEqual(rolloutHasSourceVpcs(fields({ agentRollout: { ...rollout, enabled: false }, sources: [external] })), []);
    });
  });

  describe("external sources", () => {
    const ext = (connection: Record<string, unknown>, more: Record<string, unknown> = {}) => ({ cidrBlocks: ["192.168.0.0/20"], connection, dns: "endpoint-flag", ...more });
    const vpn = (customerGatewayIp: string, bgpAsn = 65000, staticRoutes = false) => ({ siteToSiteVpn: { customerGatewayIp, bgpAsn, staticRoutes } });

    it("wants exactly one connection per external source", () => {
      const f = fields({
        sources: [
          { name: "dc1", external: ext({}) },
          { name: "dc2", external: ext({ transitGatewayId: "tgw-0123456789abcdef0", vpnGatewayId: "vgw-0123456789abcdef0" }) },
          { name: "dc3", external: ext({ transitGatewayId: "tgw-0123456789abcdef0" }) },
          { name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" },
        ],
      });
      assert.deepEqual(lines(externalConnectionIsOne(f)), [
        "sources[0].external.connection: gives none of transitGatewayId, vpnGatewayId and siteToSiteVpn: give exactly one (several sources may name the same connection)",
        "sources[1].external.connection: gives 2 of transitGatewayId, vpnGatewayId and siteToSiteVpn: give exactly one (several sources may name the same connection)",
      ]);
    });

    it("takes one virtual private gateway for the staging VPC, however many sources name it", () => {
      const f = fields({
        sources: [
          { name: "dc1", external: ext({ vpnGatewayId: "vgw-0123456789abcdef0" }) },
          { name: "dc2", external: ext({ vpnGatewayId: "vgw-0123456789abcdef0" }) },
          { name: "dc3", external: ext({ vpnGatewayId: "vgw-11111111" }) },
          { name: "dc4", external: ext(vpn("203.0.113.10")) },
        ],
      });
      assert.deepEqual(lines(oneVirtualPrivateGateway(f, {}, plain)), [
        'sources[2].external.connection.vpnGatewayId: "vgw-11111111" is not "vgw-0123456789abcdef0" (sources[0]): the staging VPC takes one virtual private gateway; land every VPN and Direct Connect virtual interface on the same one',
      ]);
    });

    it("holds sources sharing a customer gateway to one BGP ASN and one routing", () => {
      const f = fields({
        sources: [
          { name: "dc1", external: ext(vpn("203.0.113.10")) },
          { name: "dc2", external: ext(vpn("203.0.113.10", 64512, true)) },
          { name: "dc3", external: ext(vpn("198.51.100.7", 64512, true)) },
          { name: "dc4", external: ext(vpn("203.0.113.10")) },
        ],
      });
      assert.deepEqual(lines(sharedVpnsAgree(f, {}, plain)), [
        'sources[1].external.connection.siteToSiteVpn.bgpAsn: "64512" differs from sources[0]\'s "65000" for the same customer gateway "203.0.113.10": both sources use one VPN connection, so give them the same bgpAsn',
        'sources[1].external.connection.siteToSiteVpn.staticRoutes: "true" differs from sources[0]\'s "false" for the same customer gateway "203.0.113.10": both sources use one VPN connection, so give them the same staticRoutes',
      ]);
      assert.match(lines(sharedVpnsAgree(f, {}, quoteFor(["sources"])))[0], /^sources\[1\]\.external\.connection\.siteToSiteVpn\.bgpAsn: \[secret\] differs from sources\[0\]'s \[secret\] for the same customer gateway \[secret\]/);
    });

    it("needs two staging zones for an inbound resolver", () => {
      const sources = [{ name: "dc1", external: ext(vpn("203.0.113.10")) }, { name: "dc2", external: ext(vpn("203.0.113.10"), { dns: "resolver" }) }];
      assert.deepEqual(lines(resolverHasTwoZones(fields({ sources, availabilityZoneCount: 1 }))), [
        'sources[1].external.dns: "resolver" needs at least two staging zones (there is 1): a Route 53 Resolver inbound endpoint takes two addresses, one in each of two zones; set availabilityZoneCount (or stagingAvailabilityZones) to 2 or more, or use dns: endpoint-flag',
      ]);
      assert.deepEqual(resolverHasTwoZones(fields({ sources, availabilityZoneCount: 1, stagingAvailabilityZones: ["eu-west-2a", "eu-west-2b"] })), []);
      assert.deepEqual(resolverHasTwoZones(fields({ sources: sources.slice(0, 1), availabilityZoneCount: 1 })), []);
    });

    it("finds room for the transit gateway attachment's /28s after the staging subnets", () => {
      const sources = [{ name: "dc1", external: ext({ transitGatewayId: "tgw-0123456789abcdef0" }) }];
      // A /24 holds two /25 staging subnets and nothing more; two /26s leave the /25 that holds two /28s.
      assert.deepEqual(lines(attachmentSubnetsFitStaging(fields({ sources, stagingVpcCidr: "10.0.0.0/24", subnetPrefixLength: 25, availabilityZoneCount: 2 }), {}, plain)), [
        'stagingVpcCidr: "10.0.0.0/24" has no room for 2 staging subnets of /25 and 2 transit gateway attachment subnets of /28 (one per zone, at the end of the block): use a larger block or a larger subnetPrefixLength',
      ]);
      assert.deepEqual(attachmentSubnetsFitStaging(fields({ sources, stagingVpcCidr: "10.0.0.0/24", subnetPrefixLength: 26, availabilityZoneCount: 2 }), {}, plain), []);
      const noTgw = [{ name: "dc1", external: ext(vpn("203.0.113.10")) }];
      assert.deepEqual(attachmentSubnetsFitStaging(fields({ sources: noTgw, stagingVpcCidr: "10.0.0.0/24", subnetPrefixLength: 25, availabilityZoneCount: 2 }), {}, plain), []);
    });

    it("keeps external blocks apart from the staging block, from each other and from the source VPCs", () => {
      const f = fields({
        stagingVpcCidr: "10.0.0.0/16",
        sources: [
          { name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" },
          { name: "dc1", external: { ...ext(vpn("203.0.113.10")), cidrBlocks: ["10.0.128.0/24", "10.1.4.0/24", "192.168.0.0/20", "192.168.8.0/24"] } },
        ],
      });
      assert.deepEqual(lines([...stagingOverlapsSource(f, {}, plain), ...sourcesOverlapEachOther(f, {}, plain)]), [
        'stagingVpcCidr: "10.0.0.0/16" overlaps the external network\'s "10.0.128.0/24" (sources[1].external.cidrBlocks[0]); the staging VPC cannot route to a block that overlaps its own',
        'sources[1].external.cidrBlocks[1]: "10.1.4.0/24" overlaps "10.1.0.0/16" (sources[0].vpcCidr); the staging VPC could not route to both',
        'sources[1].external.cidrBlocks[3]: "192.168.8.0/24" overlaps "192.168.0.0/20" (sources[1].external.cidrBlocks[2]); the staging VPC could not route to both',
      ]);
    });

    it("counts the DNS rules of resolver clients in the staging ACL's budget", () => {
      // Four private ranges: 3 rules each fit in 15, but DNS from three of them (2 more each) does not.
      const blocks = ["10.9.0.0/16", "172.20.0.0/16", "192.168.0.0/20", "100.64.0.0/16"];
      const source = (dns: string) => ({ name: "dc1", external: { ...ext(vpn("203.0.113.10")), cidrBlocks: blocks, dns } });
      assert.deepEqual(sourceBlocksFitStagingAcl(fields({ sources: [source("endpoint-flag")] }), { sources: [] }, plain), []);
      assert.deepEqual(lines(sourceBlocksFitStagingAcl(fields({ sources: [source("resolver")] }), { sources: [] }, plain)), [
        "sources: the source blocks are in 4 private ranges: the staging network ACL needs three rules for each of the 4 and two more (DNS) for each of the 4 with resolver clients, more than AWS's 20 rules a direction allow with its own four (Amazon VPC quotas, rules per network ACL). Use dns: endpoint-flag for the external sources of some of the ranges",
      ]);
    });
  });

  describe("the ordered list", () => {
    it("runs every rule once, in the order problems are reported", () => {
      assert.deepEqual(CROSS_FIELD_RULES.map((rule) => rule.name), [
        "shorthandBesideSources",
        "listedSourceProblems",
        "sourceRegionRequired",
        "externalConnectionIsOne",
        "oneVirtualPrivateGateway",
        "sharedVpnsAgree",
        "stagingOverlapsSource",
        "sourcesOverlapEachOther",
        "sourceBlocksFitStagingAcl",
        "blocksHoldTheirSubnets",
        "attachmentSubnetsFitStaging",
        "resolverHasTwoZones",
        "zonesInTheirRegions",
        "kmsKeysInTheirRegions",
        "createdKeysNotGiven",
        "s3EndpointPoliciesFit",
        "adoptedVpcEndpointsHaveSubnets",
        "rolloutHasSourceVpcs",
        "adoptedSourceVpcZones",
        "recoveryVpcOneWay",
        "copiedAddressesFit",
        "recoveryIngressApart",
        "failbackNeedsItsParts",
        "failbackRegionsCovered",
        "failbackBlocksApart",
        "failbackFitsRecoveryAcl",
        "failbackLaunchSubnets",
        "readinessProblems",
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
