import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RunError } from "@pulumi/pulumi/errors";
import { parse } from "yaml";
import { MAX_ENDPOINT_POLICY_CHARACTERS, PROGRAM_TAG_KEY_SETS } from "../settings/awsLimits";
import { drsBuckets, S3_POLICY_SIDS, s3ReadOnlyPolicy } from "../lib/endpointPolicies";
import { CONFIG_SCHEMA, ConfigError, DEFAULTS, parseSettings, projectConfig, STRUCTURED_KEYS, toPulumiConfig, UNSET_WHEN_EMPTY } from "../settings";
import { emptyAccount, FakeAccount } from "../synth/awsMocks";
import { synth } from "../synth/run";

/** A fake account that holds the adopted VPC of the tag test. */
function adoptedAccount(): FakeAccount {
  const account = emptyAccount();
  account.vpcs["vpc-0123456789abcdef0"] = { region: "eu-west-1", cidrBlocks: ["172.20.0.0/16"] };
  account.routeTables["rtb-0123456789abcdef0"] = { region: "eu-west-1", vpcId: "vpc-0123456789abcdef0" };
  account.subnets["subnet-0123456789abcdef0"] = { region: "eu-west-1", vpcId: "vpc-0123456789abcdef0" };
  return account;
}

const ROOT = join(__dirname, "..");
const MINIMAL = { sourceRegion: "eu-west-1", drRegion: "eu-west-2" };

/** The problems `parseSettings` reports for `raw`, as "key: message" lines. */
function problemsOf(raw: Record<string, unknown>): string[] {
  try {
    parseSettings(raw);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.problems.map((p) => `${p.key}: ${p.message}`);
  }
  return [];
}

describe("settings", () => {
  describe("defaults", () => {
    it("fill in everything but the two regions", () => {
      assert.deepEqual(parseSettings(MINIMAL), {
        drRegion: "eu-west-2",
        drProvider: undefined,
        sources: [
          {
            name: "",
            configIndex: 0,
            region: "eu-west-1",
            vpc: { kind: "create", vpcCidr: "10.1.0.0/16", subnetPrefixLength: 24, availabilityZones: { count: 2 } },
            s3GatewayBuckets: ["amazonlinux-2-repos-eu-west-1", "amazonlinux.eu-west-1.amazonaws.com", "al2023-repos-eu-west-1-de612dc2"],
            flowLogsKmsKeyArn: undefined,
            provider: undefined,
          },
        ],
        externalSources: [],
        staging: { vpcCidr: "10.0.0.0/16", subnetPrefixLength: 24, availabilityZones: { count: 2 } },
        tags: {},
        drsDnsMode: "private-hosted-zone",
        s3EndpointBuckets: [
          "aws-drs-clients-eu-west-2",
          "aws-drs-clients-hashes-eu-west-2",
          "aws-drs-internal-eu-west-2",
          "aws-drs-internal-hashes-eu-west-2",
          "aws-elastic-disaster-recovery-eu-west-2",
          "aws-elastic-disaster-recovery-hashes-eu-west-2",
          "al2023-repos-eu-west-2-de612dc2",
        ],
        replication: undefined,
        flowLogs: { retentionDays: 365, stagingKmsKeyArn: undefined, createKeys: false },
        stagingNetworkAcl: true,
        quotaIncreases: "refuse",
        agentRollout: undefined,
        recovery: undefined,
        failback: undefined,
        readiness: undefined,
        secretKeys: [],
      });
    });

    it("give an external source its connection, its DNS mode and its place in the list, apart from the source VPCs", () => {
      const settings = parseSettings({
        drRegion: "eu-west-2",
        sources: JSON.stringify([
          { name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" },
          { name: "dc1", external: { cidrBlocks: ["192.168.0.0/20"], connection: { siteToSiteVpn: { customerGatewayIp: "203.0.113.10" } } } },
          { name: "dc2", region: "eu-west-2", external: { cidrBlocks: ["172.16.0.0/24"], connection: { transitGatewayId: "tgw-0123456789abcdef0" }, dns: "resolver" } },
        ]),
      });
      assert.deepEqual(settings.sources.map((s) => [s.name, s.configIndex]), [["app", 0]]);
      assert.deepEqual(settings.externalSources, [
        { name: "dc1", configIndex: 1, cidrBlocks: ["192.168.0.0/20"], connection: { kind: "site-to-site-vpn", customerGatewayIp: "203.0.113.10", bgpAsn: 65000, staticRoutes: false }, dns: "endpoint-flag" },
        { name: "dc2", configIndex: 2, cidrBlocks: ["172.16.0.0/24"], connection: { kind: "transit-gateway", transitGatewayId: "tgw-0123456789abcdef0" }, dns: "resolver" },
      ]);
    });

    it("are the ones Pulumi.yaml declares: every key, with settings' default or the empty value that means unset", () => {
      const project = parse(readFileSync(join(ROOT, "Pulumi.yaml"), "utf8")) as {
        name: string;
        config: Record<string, { type?: string; default?: unknown }>;
      };
      assert.equal(project.name, "drs-secured-network");
      assert.deepEqual(project.config["pulumi:disable-default-providers"], ["aws", "aws-native"]);
      const declared = Object.keys(project.config).filter((k) => !k.includes(":"));
      assert.deepEqual(declared.sort(), Object.keys(CONFIG_SCHEMA).sort());
      for (const [key, value] of Object.entries(DEFAULTS).filter(([k]) => k in CONFIG_SCHEMA)) {
        assert.equal(project.config[key]?.default, value, `default of ${key}`);
      }
      for (const key of UNSET_WHEN_EMPTY) {
        const empty = project.config[key].type === "string" ? "" : project.config[key].type === "array" ? [] : {};
        assert.deepEqual(project.config[key].default, empty, `${key} defaults to its empty value`);
      }
      // Every declared default means the same to settings as no value at all.
      const defaults = Object.fromEntries(declared.filter((k) => k !== "drRegion").map((k) => [k, project.config[k].default]));
      assert.deepEqual(parseSettings({ ...defaults, ...MINIMAL }), parseSettings(MINIMAL));
    });

    it("read Pulumi.dev.yaml as the blog's setup, eu-west-1 to eu-west-2", () => {
      const stack = parse(readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
      const settings = parseSettings(projectConfig(toPulumiConfig(stack.config, "drs-secured-network"), "drs-secured-network"));
      assert.equal(settings.sources[0].region, "eu-west-1");
      assert.equal(settings.drRegion, "eu-west-2");
      assert.equal(settings.staging.vpcCidr, "10.0.0.0/16");
    });
  });

  describe("values as Pulumi config holds them", () => {
    it("converts between Pulumi's full keys and the project's", () => {
      const full = toPulumiConfig({ drRegion: "eu-west-2", tags: { A: "b" }, "aws:region": "eu-west-1" }, "drs-secured-network");
      assert.deepEqual(full, { "drs-secured-network:drRegion": "eu-west-2", "drs-secured-network:tags": '{"A":"b"}', "aws:region": "eu-west-1" });
      assert.deepEqual(projectConfig(full, "drs-secured-network"), { drRegion: "eu-west-2", tags: '{"A":"b"}' });
      assert.throws(() => toPulumiConfig([] as unknown as Record<string, unknown>, "p"), /config must be an object of keys/);
      // As `pulumi config set` takes keys (config.ParseKey): <namespace>:config:<name> is the same key, more colons are refused.
      assert.deepEqual(toPulumiConfig({ "drs-secured-network:config:drRegion": "eu-west-2" }, "drs-secured-network"), { "drs-secured-network:drRegion": "eu-west-2" });
      assert.throws(() => toPulumiConfig({ "a:b:c": 1 }, "p"), { message: "could not parse a:b:c as a configuration key (configuration keys should be of the form `<namespace>:<name>`)" });
    });

    it("decodes JSON for the structured keys and leaves strings alone", () => {
      const settings = parseSettings({
        ...MINIMAL,
        availabilityZoneCount: "3",
        subnetPrefixLength: "20",
        stagingAvailabilityZones: '["eu-west-2b","eu-west-2c"]',
        tags: '{"CostCentre":"dr-1234","Owner":"platform@example.com"}',
      });
      assert.deepEqual(settings.sources[0].vpc, { kind: "create", vpcCidr: "10.1.0.0/16", subnetPrefixLength: 20, availabilityZones: { count: 3 } });
      assert.equal(parseSettings({ ...MINIMAL, replication: '{"enabled":true}' }).replication?.instanceType, "t3.small");
      assert.deepEqual(settings.staging.availabilityZones, { names: ["eu-west-2b", "eu-west-2c"] });
      assert.deepEqual(settings.tags, { CostCentre: "dr-1234", Owner: "platform@example.com" });
      assert.deepEqual(STRUCTURED_KEYS.slice().sort(), [
        "agentRollout",
        "availabilityZoneCount",
        "drProvider",
        "estimate",
        "failback",
        "flowLogs",
        "readiness",
        "recovery",
        "replication",
        "s3EndpointExtraBuckets",
        "sourceAvailabilityZones",
        "sourceProvider",
        "sourceS3GatewayEndpoint",
        "sourceVpc",
        "sources",
        "stagingAvailabilityZones",
        "stagingNetworkAcl",
        "subnetPrefixLength",
        "tags",
      ]);
    });

    it("turns the agent rollout on with its defaults, and takes every rollout setting", () => {
      assert.deepEqual(parseSettings({ ...MINIMAL, agentRollout: { enabled: true } }).agentRollout, {
        targetTag: { key: "DRSProtect", value: "true" },
        maxConcurrency: "10%",
        maxErrors: "10%",
        // A runbook association without a schedule runs once only; CloudWatch.16 and CKV_AWS_338 ask a year of logs.
        schedule: "rate(1 day)",
        logRetentionDays: 365,
        ec2MessagesEndpoint: true,
        adoptedVpcEndpoints: false,
        marketplaceAmis: false,
      });
      const all = {
        enabled: true,
        targetTagKey: "dr:tier",
        targetTagValue: "gold",
        maxConcurrency: "5",
        maxErrors: "0",
        schedule: "cron(0 2 ? * SUN *)",
        logRetentionDays: 30,
        ec2MessagesEndpoint: false,
        adoptedVpcEndpoints: false,
        marketplaceAmis: true,
      };
      assert.deepEqual(parseSettings({ ...MINIMAL, agentRollout: JSON.stringify(all) }).agentRollout, {
        targetTag: { key: "dr:tier", value: "gold" },
        maxConcurrency: "5",
        maxErrors: "0",
        schedule: "cron(0 2 ? * SUN *)",
        logRetentionDays: 30,
        ec2MessagesEndpoint: false,
        adoptedVpcEndpoints: false,
        marketplaceAmis: true,
      });
      assert.equal(parseSettings({ ...MINIMAL, agentRollout: { targetTagKey: "x" } }).agentRollout, undefined);
    });

    it("names every bad rollout setting in one message", () => {
      assert.deepEqual(
        problemsOf({
          ...MINIMAL,
          agentRollout: { enabled: true, targetTagKey: "aws:tag", maxConcurrency: "0", maxErrors: "101%", schedule: "every day", logRetentionDays: 10, tagKey: "x" },
        }),
        [
          'agentRollout.targetTagKey: "aws:tag" is not a tag key Systems Manager can target (1 to 128 letters, digits, spaces or _.:/=-@, not starting with aws:; no +, which SSM target keys refuse)',
          'agentRollout.maxConcurrency: "0" is not a concurrency: a whole number from 1, or a percentage from 1% up to 100%',
          'agentRollout.maxErrors: "101%" is not an error threshold: a whole number, or a percentage up to 100%',
          'agentRollout.schedule: "every day" is not a schedule: rate(<n> minutes|hours|days), e.g. rate(1 day), or cron(...), e.g. cron(0 2 ? * SUN *)',
          "agentRollout.logRetentionDays: 10 must be one of CloudWatch Logs' retention periods: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
          "agentRollout.tagKey: is not a field of agentRollout (did you mean targetTagKey?)",
        ],
      );
    });

    it("refuses what Systems Manager would refuse: a + in the target tag key, and schedules State Manager does not take or that run once", () => {
      assert.deepEqual(
        problemsOf({ ...MINIMAL, agentRollout: { enabled: true, targetTagKey: "dr+tier", schedule: "rate(15 minutes)" } }),
        [
          'agentRollout.targetTagKey: "dr+tier" is not a tag key Systems Manager can target (1 to 128 letters, digits, spaces or _.:/=-@, not starting with aws:; no +, which SSM target keys refuse)',
          'agentRollout.schedule: "rate(15 minutes)" is shorter than 30 minutes, which State Manager refuses for an association',
        ],
      );
      assert.deepEqual(problemsOf({ ...MINIMAL, agentRollout: { enabled: true, schedule: "at(2030-01-01T00:00:00)" } }), [
        'agentRollout.schedule: "at(2030-01-01T00:00:00)" runs the association once, so servers tagged later would never be served: give a rate(...) or cron(...) schedule',
      ]);
      // A + stays valid in the tag value: only the target key has SSM's pattern.
      assert.deepEqual(parseSettings({ ...MINIMAL, agentRollout: { enabled: true, targetTagKey: "dr/tier", targetTagValue: "a+b" } }).agentRollout?.targetTag, { key: "dr/tier", value: "a+b" });
    });

    it("refuses endpoints in an adopted VPC whose subnets are not listed", () => {
      const sourceVpc = { vpcId: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-0123456789abcdef0"] };
      assert.deepEqual(problemsOf({ drRegion: "eu-west-2", sourceRegion: "eu-west-1", sourceVpc, agentRollout: { enabled: true, adoptedVpcEndpoints: true } }), [
        "sourceVpc.subnetIds: is empty, but agentRollout.adoptedVpcEndpoints puts the Systems Manager endpoints in the adopted VPC's subnets: list them",
      ]);
      assert.deepEqual(problemsOf({ drRegion: "eu-west-2", sourceRegion: "eu-west-1", sourceVpc, agentRollout: { enabled: true } }), []);
    });

    it("turns replication on with DRS's defaults, and takes every replication setting", () => {
      assert.deepEqual(parseSettings({ ...MINIMAL, replication: { enabled: true } }).replication, {
        initializeService: true,
        failback: false,
        templateId: undefined,
        instanceType: "t3.small",
        pitRetentionDays: 7,
        ebsKmsKeyArn: undefined,
        stagingDiskType: "GP3",
        bandwidthThrottlingMbps: 0,
        useDedicatedReplicationServer: false,
        stagingAreaTags: {},
      });
      const full = {
        enabled: true,
        initializeService: false,
        failback: true,
        templateId: "rct-0123456789abcdef0",
        instanceType: "m5.large",
        pitRetentionDays: 30,
        ebsKmsKeyArn: "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        stagingDiskType: "ST1",
        bandwidthThrottlingMbps: 100,
        useDedicatedReplicationServer: true,
        stagingAreaTags: { CostCentre: "dr" },
      };
      const { enabled: _enabled, ...expected } = full;
      assert.deepEqual(parseSettings({ ...MINIMAL, replication: JSON.stringify(full) }).replication, expected);
      assert.equal(_enabled, true);
      assert.equal(parseSettings({ ...MINIMAL, replication: { enabled: false, instanceType: "m5.large" } }).replication, undefined);
    });

    it("takes the DNS mode and extra endpoint buckets", () => {
      const settings = parseSettings({ ...MINIMAL, drsDnsMode: "private-hosted-zone", s3EndpointExtraBuckets: '["my-dr-scripts"]' });
      assert.equal(settings.drsDnsMode, "private-hosted-zone");
      assert.deepEqual(settings.s3EndpointBuckets.slice(-2), ["al2023-repos-eu-west-2-de612dc2", "my-dr-scripts"]);
    });

    it("adds the suffix to the installer buckets of a suffixed DR region", () => {
      const buckets = parseSettings({ sourceRegion: "us-west-2", drRegion: "ca-west-1" }).s3EndpointBuckets;
      assert.ok(buckets.includes("aws-elastic-disaster-recovery-ca-west-1-2590fa22"));
      assert.ok(buckets.includes("aws-elastic-disaster-recovery-hashes-ca-west-1-2590fa22"));
      assert.ok(buckets.includes("aws-drs-clients-ca-west-1"));
    });

    it("puts the package repository endpoint in a created source VPC by default, not in an adopted one", () => {
      const adopt = { vpcId: "vpc-01234567", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-01234567"] };
      assert.equal(parseSettings({ ...MINIMAL, sourceVpc: adopt }).sources[0].s3GatewayBuckets, undefined);
      assert.deepEqual(parseSettings({ ...MINIMAL, sourceVpc: adopt, sourceS3GatewayEndpoint: { enabled: true, buckets: ["my-repo"] } }).sources[0].s3GatewayBuckets, ["my-repo"]);
      assert.equal(parseSettings({ ...MINIMAL, sourceS3GatewayEndpoint: '{"enabled":false}' }).sources[0].s3GatewayBuckets, undefined);
    });

    it("takes a list of sources, each created or adopted, in order", () => {
      const settings = parseSettings({
        drRegion: "eu-west-2",
        sourceVpcCidr: "10.1.0.0/16",
        sources: JSON.stringify([
          { name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16", availabilityZones: ["eu-west-1c"] },
          { name: "legacy", region: "us-east-1", vpc: { vpcId: "vpc-01234567", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-01234567"] } },
        ]),
      });
      assert.deepEqual(
        settings.sources.map((s) => [s.name, s.region, s.vpc.kind, s.vpc.vpcCidr, s.s3GatewayBuckets?.[0]]),
        [
          ["app", "eu-west-1", "create", "10.1.0.0/16", "amazonlinux-2-repos-eu-west-1"],
          ["legacy", "us-east-1", "adopt", "172.20.0.0/16", undefined],
        ],
      );
      assert.deepEqual(settings.sources[0].vpc, { kind: "create", vpcCidr: "10.1.0.0/16", subnetPrefixLength: 24, availabilityZones: { names: ["eu-west-1c"] } });
    });

    it("takes each side's provider settings, reading the account from the role ARN", () => {
      const settings = parseSettings({
        ...MINIMAL,
        sourceProvider: { profile: "workloads", accountId: "111111111111" },
        drProvider: '{"assumeRoleArn":"arn:aws:iam::222222222222:role/drs-deployer"}',
      });
      assert.deepEqual(settings.sources[0].provider, { profile: "workloads", accountId: "111111111111" });
      assert.deepEqual(settings.drProvider, { assumeRoleArn: "arn:aws:iam::222222222222:role/drs-deployer", accountId: "222222222222" });
      assert.equal(parseSettings(MINIMAL).drProvider, undefined);
    });

    it("adopts an existing source VPC, whose block replaces sourceVpcCidr", () => {
      const settings = parseSettings({
        ...MINIMAL,
        sourceVpc: JSON.stringify({ vpcId: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-01234567"] }),
      });
      assert.deepEqual(settings.sources[0].vpc, {
        kind: "adopt",
        vpcId: "vpc-0123456789abcdef0",
        vpcCidr: "172.20.0.0/16",
        routeTableIds: ["rtb-01234567"],
        subnetIds: [],
      });
    });
  });

  describe("errors", () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
      ["missing regions", {}, [
        "drRegion: is required: the DR region where DRS runs, e.g. eu-west-2",
        "sourceRegion: is required: the region of the servers to protect, e.g. eu-west-1 (or list sources)",
      ]],
      ["a malformed region", { ...MINIMAL, sourceRegion: "EU-West-1" }, ['sourceRegion: "EU-West-1" is not an AWS region code (expected the form eu-west-2)']],
      ["an unknown region", { ...MINIMAL, sourceRegion: "eu-west-7" }, ['sourceRegion: "eu-west-7" is not a known AWS commercial region']],
      ["a DR region without DRS", { ...MINIMAL, drRegion: "us-gov-east-1" }, [
        'drRegion: "us-gov-east-1" is in the aws-us-gov partition; this program builds in the commercial aws partition only (VPC peering cannot cross partitions, and the DRS installer URLs differ there)',
      ]],
      ["an invalid CIDR", { ...MINIMAL, stagingVpcCidr: "10.0.0.0/33" }, [
        'stagingVpcCidr: "10.0.0.0/33" is not an IPv4 CIDR block: Invalid subnet mask.',
      ]],
      ["a CIDR with host bits", { ...MINIMAL, sourceVpcCidr: "10.1.2.3/16" }, [
        'sourceVpcCidr: "10.1.2.3/16" has host bits set: the network address of that block is 10.1.0.0/16',
      ]],
      ["overlapping CIDRs", { ...MINIMAL, sourceVpcCidr: "10.0.128.0/17" }, [
        'stagingVpcCidr: "10.0.0.0/16" overlaps the source VPC\'s "10.0.128.0/17" (sourceVpcCidr); VPC peering cannot route between overlapping blocks',
      ]],
      ["a CIDR too small for its subnets", { ...MINIMAL, sourceVpcCidr: "10.1.0.0/24", availabilityZoneCount: 3 }, [
        'sourceVpcCidr: "10.1.0.0/24" is too small for 3 subnets of /24 (it holds 1); use a larger block or a larger subnetPrefixLength',
      ]],
      ["an AZ count out of range", { ...MINIMAL, availabilityZoneCount: 0 }, ["availabilityZoneCount: 0 must be from 1 to 6"]],
      ["a fractional AZ count", { ...MINIMAL, availabilityZoneCount: "2.5" }, ["availabilityZoneCount: 2.5 must be a whole number"]],
      ["a subnet prefix out of range", { ...MINIMAL, subnetPrefixLength: 30 }, ["subnetPrefixLength: 30 must be from 16 to 28 (AWS subnet sizes /16 to /28)"]],
      ["zones of the wrong region, or twice", { ...MINIMAL, stagingAvailabilityZones: ["eu-west-2a", "eu-west-1b", "eu-west-2a"] }, [
        'stagingAvailabilityZones[1]: "eu-west-1b" is not an availability zone of drRegion "eu-west-2" (expected e.g. eu-west-2a)',
        'stagingAvailabilityZones[2]: "eu-west-2a" is listed more than once',
      ]],
      ["too many zones", { ...MINIMAL, sourceAvailabilityZones: ["a", "b", "c", "d", "e", "f", "g"].map((z) => `eu-west-1${z}`) }, [
        'sourceAvailabilityZones: ["eu-west-1a","eu-west-1b","eu-west-1c","eu-west-1d","eu-west-1e","eu-west-1f","eu-west-1g"] must name from 1 to 6 availability zones',
      ]],
      ["an adopted VPC without its CIDR or route tables", { ...MINIMAL, sourceVpc: { vpcId: "vpc-0123456789abcdef0" } }, [
        "sourceVpc.cidrBlock: is required: the adopted VPC's IPv4 block",
        "sourceVpc.routeTableIds: is required: must be a list of route table ids",
      ]],
      ["an adopted VPC with bad ids and an unknown field", {
        ...MINIMAL,
        sourceVpc: { vpcId: "vpc-1", cidrBlock: "10.1.0.0/16", routeTableIds: [], subnetIds: ["subnet-01234567", "subnet-01234567"], name: "x" },
      }, [
        'sourceVpc.vpcId: "vpc-1" is not an id of the form vpc-0123456789abcdef0',
        "sourceVpc.routeTableIds: [] must list at least one route table: without one, no source subnet can reach the staging VPC",
        'sourceVpc.subnetIds: ["subnet-01234567","subnet-01234567"] lists the same subnet id more than once',
        "sourceVpc.name: is not a field of sourceVpc",
      ]],
      ["zones for an adopted source VPC", {
        ...MINIMAL,
        sourceVpc: { vpcId: "vpc-01234567", cidrBlock: "10.1.0.0/16", routeTableIds: ["rtb-01234567"] },
        sourceAvailabilityZones: ["eu-west-1a"],
      }, ["sourceAvailabilityZones: cannot be set together with sourceVpc: an adopted VPC's subnets already have their zones"]],
      ["a reserved tag key and a non-string value", { ...MINIMAL, tags: { "aws:createdBy": "me", Owner: 7 } }, [
        'tags.aws:createdBy: "me" is not a valid tag: the aws: key prefix is reserved for AWS',
        "tags.Owner: 7 is not a valid tag: the value must be a string",
      ]],
      ["tags that are not an object", { ...MINIMAL, tags: "Owner=me" }, ['tags: "Owner=me" must be an object of tag names to string values']],
      ["bad replication settings", {
        ...MINIMAL,
        replication: { enabled: "yes", templateId: "rct-1", pitRetentionDays: 400, stagingDiskType: "io2", instanceType: "huge", ebsKmsKeyArn: "alias/aws/ebs", extra: 1 },
      }, [
        'replication.enabled: "yes" must be true or false',
        'replication.templateId: "rct-1" is not a replication configuration template id (rct- and 17 hex digits)',
        'replication.instanceType: "huge" is not an EC2 instance type such as t3.small',
        "replication.pitRetentionDays: 400 must be from 1 to 365",
        'replication.ebsKmsKeyArn: "alias/aws/ebs" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)',
        'replication.stagingDiskType: "io2" must be GP2, GP3, ST1 or AUTO',
        "replication.extra: is not a field of replication",
      ]],
      ["a KMS key in another region", {
        ...MINIMAL,
        replication: { enabled: true, ebsKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/abcd" },
      }, [
        'replication.ebsKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/abcd" is a key in eu-west-1; the staging disks are in drRegion "eu-west-2", so the key must be too',
      ]],
      ["bad flow log settings", {
        ...MINIMAL,
        flowLogs: { retentionDays: 100, sourceKmsKeyArn: "arn:aws:kms:eu-west-2:123456789012:key/abcd", stagingNetworkAcl: true },
        stagingNetworkAcl: "yes",
      }, [
        "flowLogs.retentionDays: 100 must be one of CloudWatch Logs' retention periods: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
        "flowLogs.stagingNetworkAcl: is not a field of flowLogs",
        'stagingNetworkAcl: "yes" must be true or false',
      ]],
      ["a flow log key in the wrong region", { ...MINIMAL, flowLogs: { sourceKmsKeyArn: "arn:aws:kms:eu-west-2:123456789012:key/abcd" } }, [
        'flowLogs.sourceKmsKeyArn: "arn:aws:kms:eu-west-2:123456789012:key/abcd" is a key in eu-west-2; the source VPC\'s flow logs are in sourceRegion "eu-west-1", so the key must be too',
      ]],
      ["a list of sources mixed with the single-source keys", {
        drRegion: "eu-west-2",
        sourceRegion: "eu-west-1",
        sourceVpc: { vpcId: "vpc-01234567", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-01234567"] },
        sources: [{ name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" }],
      }, [
        "sourceRegion: cannot be set together with sources: give it in the source's entry",
        "sourceVpc: cannot be set together with sources: give it in the source's entry",
      ]],
      ["bad sources", {
        drRegion: "eu-west-2",
        sources: [
          { name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" },
          { name: "app", region: "eu-west-1", vpcCidr: "10.1.128.0/17" },
          { name: "both", region: "eu-west-1", vpcCidr: "10.3.0.0/16", vpc: { vpcId: "vpc-01234567", cidrBlock: "10.4.0.0/16", routeTableIds: ["rtb-01234567"] } },
          { name: "neither", region: "eu-west-1" },
        ],
      }, [
        "sources[1].name: \"app\" is the name of an earlier source; names must be unique",
        "sources[2]: needs exactly one of vpcCidr (a VPC to create), vpc (a VPC to adopt) or external (a network outside AWS)",
        "sources[3]: needs exactly one of vpcCidr (a VPC to create), vpc (a VPC to adopt) or external (a network outside AWS)",
        'sources[1].vpcCidr: "10.1.128.0/17" overlaps "10.1.0.0/16" (sources[0].vpcCidr); the staging VPC could not route to both',
      ]],
      ["bad external sources, each form by its key", {
        drRegion: "eu-west-2",
        sources: [
          { name: "dc1", external: { cidrBlocks: ["8.8.8.0/24", "192.168.0.0/33"], connection: { transitGatewayId: "tgw-123" }, dns: "hosts" } },
          { name: "dc2", external: { cidrBlocks: [], connection: { vpnGatewayId: "vgw-0123456789abcdef0", siteToSiteVpn: { customerGatewayIp: "192.168.1.1", bgpAsn: 0 } } } },
          { name: "dc3", external: { cidrBlocks: ["172.16.0.0/24"], connection: { siteToSiteVpn: { customerGatewayIp: "203.0.113.10", bgpAsn: 65000, staticRoutes: "yes" } } } },
        ],
      }, [
        'sources[0].external.cidrBlocks[0]: "8.8.8.0/24" is not inside a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10): the staging VPC routes only private blocks to a connection, never public ones',
        'sources[0].external.cidrBlocks[1]: "192.168.0.0/33" is not an IPv4 CIDR block: Invalid subnet mask.',
        'sources[0].external.connection.transitGatewayId: "tgw-123" is not an id of the form tgw-0123456789abcdef0',
        'sources[0].external.dns: "hosts" must be "endpoint-flag" or "resolver"',
        "sources[1].external.cidrBlocks: [] must list at least one block: the servers' networks",
        'sources[1].external.connection.siteToSiteVpn.customerGatewayIp: "192.168.1.1" is in 192.168.0.0/16, which is not on the internet: a Site-to-Site VPN needs the public address of the customer gateway device (or of the NAT in front of it)',
        "sources[1].external.connection.siteToSiteVpn.bgpAsn: 0 must be from 1 to 4294967294",
        'sources[2].external.connection.siteToSiteVpn.staticRoutes: "yes" must be true or false',
      ]],
      ["external sources whose keys contradict each other", {
        drRegion: "eu-west-2",
        availabilityZoneCount: 1,
        stagingVpcCidr: "10.0.0.0/24",
        subnetPrefixLength: 24,
        sources: [
          { name: "dc1", region: "eu-west-1", vpcCidr: "10.9.0.0/16", availabilityZones: ["eu-west-2a"], external: { cidrBlocks: ["192.168.0.0/20"], connection: { transitGatewayId: "tgw-0123456789abcdef0" } } },
          { name: "dc2", external: { cidrBlocks: ["192.168.8.0/24"], connection: { vpnGatewayId: "vgw-0123456789abcdef0", siteToSiteVpn: { customerGatewayIp: "203.0.113.10" } }, dns: "resolver" } },
          { name: "dc3", external: { cidrBlocks: ["172.16.0.0/24"], connection: { vpnGatewayId: "vgw-11111111" } } },
        ],
      }, [
        "sources[0]: needs exactly one of vpcCidr (a VPC to create), vpc (a VPC to adopt) or external (a network outside AWS)",
        "sources[0].availabilityZones: cannot be set together with external: a network outside AWS has no VPC of its own, and its connection is made in the DR account",
        'sources[0].region: "eu-west-1" is not the DR region "eu-west-2": a network outside AWS connects to the staging VPC, in the DR region; leave region out',
        "sources[1].external.connection: gives 2 of transitGatewayId, vpnGatewayId and siteToSiteVpn: give exactly one (several sources may name the same connection)",
        'sources[2].external.connection.vpnGatewayId: "vgw-11111111" is not "vgw-0123456789abcdef0" (sources[1]): the staging VPC takes one virtual private gateway; land every VPN and Direct Connect virtual interface on the same one',
        'sources[1].external.cidrBlocks[0]: "192.168.8.0/24" overlaps "192.168.0.0/20" (sources[0].external.cidrBlocks[0]); the staging VPC could not route to both',
        'stagingVpcCidr: "10.0.0.0/24" has no room for 1 staging subnet of /24 and 1 transit gateway attachment subnet of /28 (one per zone, at the end of the block): use a larger block or a larger subnetPrefixLength',
        'sources[1].external.dns: "resolver" needs at least two staging zones (there is 1): a Route 53 Resolver inbound endpoint takes two addresses, one in each of two zones; set availabilityZoneCount (or stagingAvailabilityZones) to 2 or more, or use dns: endpoint-flag',
      ]],
      ["a source name that cannot be part of a resource name", { drRegion: "eu-west-2", sources: [{ name: "App_1", region: "eu-west-1", vpcCidr: "10.1.0.0/16" }] }, [
        'sources[0].name: "App_1" is not a source name: a lowercase letter, then up to 19 lowercase letters, digits or hyphens',
      ]],
      ["provider settings that contradict themselves", {
        ...MINIMAL,
        drProvider: { assumeRoleArn: "arn:aws:iam::222222222222:role/x", accountId: "111111111111" },
        sourceProvider: { assumeRoleArn: "role/x", accountId: "12" },
      }, [
        'sourceProvider.assumeRoleArn: "role/x" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
        'sourceProvider.accountId: "12" is not an AWS account id (12 digits)',
        'drProvider.accountId: "111111111111" is not the account of assumeRoleArn (222222222222)',
      ]],
      ["an unknown DNS mode", { ...MINIMAL, drsDnsMode: "route53" }, ['drsDnsMode: "route53" must be "endpoint-flag" or "private-hosted-zone"']],
      ["bad bucket names", { ...MINIMAL, s3EndpointExtraBuckets: ["My_Bucket"], sourceS3GatewayEndpoint: { buckets: ["a"] } }, [
        's3EndpointExtraBuckets[0]: "My_Bucket" is not a bucket name: only lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
        'sourceS3GatewayEndpoint.buckets[0]: "a" is not a bucket name: a bucket name has 3 to 63 characters',
      ]],
      ["JSON that does not parse", { ...MINIMAL, stagingAvailabilityZones: "eu-west-2a,eu-west-2b" }, [
        'stagingAvailabilityZones: "eu-west-2a,eu-west-2b" must be a list of availability zone names',
      ]],
    ];
    for (const [what, raw, expected] of cases) {
      it(`reports ${what}`, () => assert.deepEqual(problemsOf(raw), expected));
    }

    it("reports an unknown key without showing its value, which may be a secret", () => {
      const problems = problemsOf({ ...MINIMAL, drRegoin: "hunter2" });
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^drRegoin: is not a config key of this program \(did you mean drRegion\?\) \(known keys: sourceRegion, drRegion, /);
      assert.doesNotMatch(problems[0], /hunter2/);
    });

    it("never shows a secret key's value, in its own problems or in those it shares with other keys", () => {
      const secretKeys = ["drProvider", "sourceVpcCidr", "tags"];
      let error: unknown;
      try {
        parseSettings(
          { ...MINIMAL, drProvider: { assumeRoleArn: "arn:aws:iam::hunter2:role/x" }, sourceVpcCidr: "10.0.0.0/16", stagingVpcCidr: "10.0.128.0/17", tags: '{"aws:Owner":"s3cr3t-owner"}' },
          { secretKeys },
        );
      } catch (err) {
        error = err;
      }
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(
        error.problems.map((p) => `${p.key}: ${p.message}`),
        [
          "tags.aws:Owner: [secret] is not a valid tag: the aws: key prefix is reserved for AWS",
          "drProvider.assumeRoleArn: [secret] is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
          // The overlap names both blocks; the secret one is hidden, the other shown.
          'stagingVpcCidr: "10.0.128.0/17" overlaps the source VPC\'s [secret] (sourceVpcCidr); VPC peering cannot route between overlapping blocks',
        ],
      );
      assert.doesNotMatch(error.message, /hunter2|s3cr3t|10\.0\.0\.0\/16/);
    });

    it("treats an empty value of a key without a default as unset", () => {
      const empty = { sourceRegion: "", sourceAvailabilityZones: "[]", stagingAvailabilityZones: [], sourceVpc: "{}", sourceProvider: {}, drProvider: "{}", sources: "[]" };
      assert.deepEqual(parseSettings({ ...empty, ...MINIMAL }), parseSettings(MINIMAL));
      assert.deepEqual(problemsOf({ ...empty, drRegion: "eu-west-2" }), ["sourceRegion: is required: the region of the servers to protect, e.g. eu-west-1 (or list sources)"]);
      // With a sources list, the empty shorthand keys Pulumi.yaml fills in are not "set together with sources".
      const listed = parseSettings({ ...empty, drRegion: "eu-west-2", sources: [{ name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" }] });
      assert.deepEqual(listed.sources.map((s) => s.name), ["app"]);
    });

    it("lists every problem in one error that Pulumi prints without a stack trace", () => {
      let error: unknown;
      try {
        parseSettings({ sourceRegion: "eu-west-1", drRegion: "eu-west-9", stagingVpcCidr: "10.1.0.0/16", availabilityZoneCount: 9 });
      } catch (err) {
        error = err;
      }
      assert.ok(error instanceof ConfigError);
      assert.ok(RunError.isInstance(error));
      assert.equal(
        error.message,
        "Invalid drs-secured-network configuration (3 problems):\n" +
          '  - drRegion: "eu-west-9" is not a region where AWS Elastic Disaster Recovery is offered (no DRS agent installer is published there)\n' +
          "  - availabilityZoneCount: 9 must be from 1 to 6\n" +
          '  - stagingVpcCidr: "10.1.0.0/16" overlaps the source VPC\'s "10.1.0.0/16" (sourceVpcCidr); VPC peering cannot route between overlapping blocks',
      );
    });
  });

  describe("recovery", () => {
    it("gives the recovery side its defaults: a created VPC of 10.2.0.0/16 in two zones, DRS's launch defaults, post-launch actions on", () => {
      const settings = parseSettings({ ...MINIMAL, recovery: { enabled: true } });
      assert.deepEqual(settings.recovery, {
        vpc: { kind: "create", vpcCidr: "10.2.0.0/16", subnetPrefixLength: 24, availabilityZones: { count: 2 } },
        ingress: [],
        launch: { launchDisposition: "STARTED", copyPrivateIp: false, copyTags: true, rightSizing: "BASIC", osByol: false, postLaunchActions: true },
      });
      assert.equal(parseSettings(MINIMAL).recovery, undefined);
    });

    it("reads ingress rules, an adopted VPC and templates to import, as Pulumi config holds them (JSON)", () => {
      const settings = parseSettings({
        ...MINIMAL,
        recovery: JSON.stringify({
          enabled: true,
          vpc: { vpcId: "vpc-0123456789abcdef0", cidrBlock: "10.2.0.0/16", subnetIds: ["subnet-0123456789abcdef0"], routeTableIds: ["rtb-0123456789abcdef0"] },
          ingress: [{ protocol: "tcp", ports: "8000-8100", from: "10.20.0.0/16", description: "users" }],
          launch: { rightSizing: "NONE", templateArn: "arn:aws:drs:eu-west-2:111111111111:launch-configuration-template/lct-0123456789abcdefA", defaultLaunchTemplateId: "lt-0123456789abcdef0" },
        }),
      });
      assert.deepEqual(settings.recovery?.vpc, { kind: "adopt", vpcId: "vpc-0123456789abcdef0", vpcCidr: "10.2.0.0/16", subnetIds: ["subnet-0123456789abcdef0"], routeTableIds: ["rtb-0123456789abcdef0"] });
      assert.deepEqual(settings.recovery?.ingress, [{ protocol: "tcp", ports: { fromPort: 8000, toPort: 8100 }, cidrBlock: "10.20.0.0/16", description: "users" }]);
      assert.equal(settings.recovery?.launch.templateArn, "arn:aws:drs:eu-west-2:111111111111:launch-configuration-template/lct-0123456789abcdefA");
    });

    it("names each bad recovery key, its value and the fix, in one error", () => {
      assert.deepEqual(
        problemsOf({
          ...MINIMAL,
          recovery: {
            enabled: true,
            vpcCidr: "10.2.0.0/33",
            ingress: [
              { protocol: "icmp", ports: "443", from: "10.20.0.0/16" },
              { protocol: "tcp", ports: "70000", from: "0.0.0.0/0" },
              { protocol: "tcp", ports: "443-80", from: "10.20.0.0/16", description: "tab\there" },
            ],
            launch: { launchDisposition: "RUNNING", rightSizing: "basic", templateArn: "lct-0123456789abcdefA", defaultLaunchTemplateId: "lt-xyz" },
          },
        }),
        [
          'recovery.vpcCidr: "10.2.0.0/33" is not an IPv4 CIDR block: Invalid subnet mask.',
          'recovery.ingress[0].protocol: "icmp" must be "tcp" or "udp"',
          'recovery.ingress[1].ports: "70000" is not a port or a range of ports from 1 to 65535 (e.g. "443" or "8000-8100")',
          'recovery.ingress[1].from: "0.0.0.0/0" admits the whole internet: name the blocks that must reach the recovered applications (the recovery VPC has no internet path either way)',
          'recovery.ingress[2].ports: "443-80" is not a port or a range of ports from 1 to 65535 (e.g. "443" or "8000-8100")',
          'recovery.ingress[2].description: "tab\\there" is not a rule description AWS takes (up to 255 of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*)',
          'recovery.launch.launchDisposition: "RUNNING" must be "STARTED" or "STOPPED"',
          'recovery.launch.rightSizing: "basic" must be "NONE", "BASIC" or "IN_AWS"',
          'recovery.launch.templateArn: "lct-0123456789abcdefA" is not a launch configuration template ARN (arn:aws:drs:<region>:<account>:launch-configuration-template/lct-...)',
          'recovery.launch.defaultLaunchTemplateId: "lt-xyz" is not an id of the form lt-0123456789abcdef0',
        ],
      );
    });

    it("refuses more ingress rules than the recovery ACL can hold, and an adopted VPC beside a created one's keys", () => {
      const rule = { protocol: "tcp", ports: "443", from: "10.20.0.0/16" };
      assert.match(problemsOf({ ...MINIMAL, recovery: { enabled: true, ingress: Array(17).fill(rule) } }).join("\n"), /^recovery\.ingress: .* lists more than 16 rules/);
      assert.deepEqual(
        problemsOf({
          ...MINIMAL,
          recovery: { enabled: true, vpcCidr: "10.2.0.0/16", vpc: { vpcId: "vpc-0123456789abcdef0", cidrBlock: "10.2.0.0/16", subnetIds: ["subnet-0123456789abcdef0"], routeTableIds: ["rtb-0123456789abcdef0"] } },
        }),
        ["recovery.vpcCidr: cannot be set together with recovery.vpc: give a VPC to create (vpcCidr, availabilityZoneCount) or one to adopt (vpc), not both"],
      );
    });

    it("refuses ingress from a source VPC's or the staging VPC's addresses", () => {
      assert.deepEqual(problemsOf({ ...MINIMAL, recovery: { enabled: true, ingress: [{ protocol: "tcp", ports: "443", from: "10.1.5.0/24" }, { protocol: "tcp", ports: "443", from: "10.0.0.0/8" }, { protocol: "tcp", ports: "22", from: "10.2.3.0/24" }] } }), [
        'recovery.ingress[0].from: "10.1.5.0/24" overlaps a source VPC\'s "10.1.0.0/16" (sourceVpcCidr): recovered servers must not be reachable from the servers they replace or from DRS\'s staging area',
        'recovery.ingress[1].from: "10.0.0.0/8" overlaps the staging VPC\'s "10.0.0.0/16" (stagingVpcCidr): recovered servers must not be reachable from the servers they replace or from DRS\'s staging area',
      ]);
    });

    it("with copyPrivateIp, wants every source's block inside the recovery VPC's", () => {
      assert.deepEqual(problemsOf({ ...MINIMAL, recovery: { enabled: true, launch: { copyPrivateIp: true } } }), [
        'recovery.launch.copyPrivateIp: is true, but sourceVpcCidr\'s "10.1.0.0/16" is not inside the recovery VPC\'s "10.2.0.0/16": ' +
          "DRS launches a server at its source address only in a subnet that holds it; give the recovery VPC a block that holds every source's, or set copyPrivateIp to false",
      ]);
      assert.deepEqual(problemsOf({ ...MINIMAL, stagingVpcCidr: "10.0.0.0/16", sourceVpcCidr: "10.8.0.0/16", recovery: { enabled: true, vpcCidr: "10.8.0.0/16", launch: { copyPrivateIp: true } } }), []);
    });
  });

  describe("keys that are no config keys, and keys AWS takes as tags", () => {
    it("refuses __proto__, constructor, toString and hasOwnProperty as config keys and as fields, naming each, without crashing", () => {
      const top = JSON.parse('{"sourceRegion":"eu-west-1","drRegion":"eu-west-2","__proto__":"x","constructor":"y","toString":"z","hasOwnProperty":"w"}') as Record<string, unknown>;
      assert.deepEqual(problemsOf(top).map((p) => p.split(":")[0]), ["__proto__", "constructor", "toString", "hasOwnProperty"]);
      assert.ok(problemsOf(top).every((p) => /: is not a config key of this program/.test(p)));
      const nested = { ...MINIMAL, replication: JSON.parse('{"enabled":true,"__proto__":1,"toString":2,"constructor":3}') as unknown };
      assert.deepEqual(problemsOf(nested), [
        "replication.__proto__: is not a field of replication",
        "replication.toString: is not a field of replication",
        "replication.constructor: is not a field of replication",
      ]);
    });

    it("keeps constructor, toString and valueOf as tag keys, which AWS takes (letters only)", () => {
      const settings = parseSettings({
        ...MINIMAL,
        tags: '{"constructor":"b","toString":"c"}',
        replication: { enabled: true, stagingAreaTags: JSON.parse('{"toString":"c","valueOf":"d"}') as unknown },
      });
      assert.deepEqual(Object.entries(settings.tags), [["constructor", "b"], ["toString", "c"]]);
      assert.deepEqual(Object.entries(settings.replication?.stagingAreaTags ?? {}), [["toString", "c"], ["valueOf", "d"]]);
    });

    it("refuses __proto__ as a tag key by name: AWS takes it, but Pulumi's Node.js SDK drops it from every input", async () => {
      // The engine's rule, from @pulumi/pulumi output.js outputRec: an input object is copied with o[key] = value.
      const copied = await new Promise<object>((resolve) => pulumi.output(JSON.parse('{"__proto__":"x","Team":"dr"}') as object).apply(resolve));
      assert.deepEqual(Object.keys(copied), ["Team"]);
      assert.deepEqual(problemsOf({ ...MINIMAL, tags: '{"__proto__":"x","Team":"dr"}', replication: { enabled: true, stagingAreaTags: JSON.parse('{"__proto__":"x"}') as unknown } }), [
        'tags.__proto__: "x" is a tag key AWS takes but Pulumi cannot pass: its Node.js SDK copies every input with o[key] = value (@pulumi/pulumi output.js, outputRec), which drops __proto__; name the tag otherwise',
        'replication.stagingAreaTags.__proto__: "x" is a tag key AWS takes but Pulumi cannot pass: its Node.js SDK copies every input with o[key] = value (@pulumi/pulumi output.js, outputRec), which drops __proto__; name the tag otherwise',
      ]);
    });

    it("names the nearest field of a misspelt one in a nested object (sources[0].cidr is vpcCidr)", () => {
      assert.deepEqual(problemsOf({ drRegion: "eu-west-2", sources: [{ name: "app", region: "eu-west-1", cidr: "10.1.0.0/16" }] }), [
        "sources[0].cidr: is not a field of sources[0] (did you mean vpcCidr?)",
      ]);
      assert.deepEqual(problemsOf({ ...MINIMAL, sourceVpc: { vpcId: "vpc-01234567", cidrBlock: "10.1.0.0/16", routeTableIds: ["rtb-01234567"], subnetId: ["subnet-01234567"] } }), [
        "sourceVpc.subnetId: is not a field of sourceVpc (did you mean subnetIds?)",
      ]);
    });
  });

  describe("AWS's limits, refused by key before anything is made", () => {
    const tagsOf = (n: number, first = 0) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Key${i + first}`, "v"]));

    it("at most 50 tags a resource, counting the program's own Name and Purpose beside the default tags", () => {
      assert.deepEqual(problemsOf({ ...MINIMAL, tags: tagsOf(48) }), []);
      const over = problemsOf({ ...MINIMAL, tags: tagsOf(49) });
      assert.equal(over.length, 1);
      assert.match(over[0], /^tags: \{"Key0":"v",.*\.\.\. has 49 tags; a resource would carry 51 with the program's own \(Name, Purpose, Side\), more than the 50 AWS allows a resource: remove 1$/);
      // A tag the program sets too counts once.
      assert.deepEqual(problemsOf({ ...MINIMAL, tags: { ...tagsOf(48), Name: "mine" } }), []);
      assert.equal(problemsOf({ ...MINIMAL, tags: { ...tagsOf(49), Name: "mine" } }).length, 1);
    });

    it("at most 50 staging area tags, which DRS alone puts on its resources", () => {
      assert.deepEqual(problemsOf({ ...MINIMAL, replication: { enabled: true, stagingAreaTags: tagsOf(50) } }), []);
      const over = problemsOf({ ...MINIMAL, replication: { enabled: true, stagingAreaTags: tagsOf(51) } });
      assert.equal(over.length, 1);
      assert.match(over[0], /^replication\.stagingAreaTags: .* has 51 tags; a resource would carry 51, more than the 50 AWS allows a resource: remove 1$/);
    });

    /** `n` valid bucket names of 63 characters. */
    const buckets = (n: number) => Array.from({ length: n }, (_, i) => `bucket-${String(i).padStart(4, "0")}-${"x".repeat(51)}`);

    it("an S3 endpoint policy of at most 20,480 characters, for the staging endpoints and for the sources' gateway endpoint", () => {
      const stagingLength = (extra: string[]) => s3ReadOnlyPolicy(S3_POLICY_SIDS.staging, [...drsBuckets("eu-west-2"), ...extra]).length;
      let n = 0;
      while (stagingLength(buckets(n + 1)) <= MAX_ENDPOINT_POLICY_CHARACTERS) n++;
      assert.ok(n > 100, "a few hundred bucket names fit");
      assert.deepEqual(problemsOf({ ...MINIMAL, s3EndpointExtraBuckets: buckets(n) }), []);
      assert.deepEqual(problemsOf({ ...MINIMAL, s3EndpointExtraBuckets: buckets(n + 1) }), [
        `s3EndpointExtraBuckets: make the staging VPC's S3 endpoints (DRS's 7 buckets and these ${n + 1})'s policy ${stagingLength(buckets(n + 1)).toLocaleString("en-US")} characters, more than the 20,480 AWS allows a VPC endpoint policy (not adjustable): list fewer buckets`,
      ]);
      const gatewayLength = (list: string[]) => s3ReadOnlyPolicy(S3_POLICY_SIDS.sourceGateway, list).length;
      let m = 0;
      while (gatewayLength(buckets(m + 1)) <= MAX_ENDPOINT_POLICY_CHARACTERS) m++;
      assert.deepEqual(problemsOf({ ...MINIMAL, sourceS3GatewayEndpoint: { buckets: buckets(m) } }), []);
      assert.deepEqual(problemsOf({ ...MINIMAL, sourceS3GatewayEndpoint: { buckets: buckets(m + 1) } }).map((p) => p.split(": ")[0]), ["sourceS3GatewayEndpoint.buckets"]);
    });

    it("a role in assumeRoleArn whose name IAM could hold: at most 64 characters, a path of at most 512", () => {
      const arn = (path: string, name: string) => `arn:aws:iam::222222222222:role${path}${name}`;
      assert.deepEqual(problemsOf({ ...MINIMAL, drProvider: { assumeRoleArn: arn("/", "r".repeat(64)) } }), []);
      assert.deepEqual(problemsOf({ ...MINIMAL, drProvider: { assumeRoleArn: arn("/", "r".repeat(65)) } }), [
        `drProvider.assumeRoleArn: "${arn("/", "r".repeat(65))}" names a role of 65 characters; IAM role names have at most 64`,
      ]);
      assert.deepEqual(problemsOf({ ...MINIMAL, drProvider: { assumeRoleArn: arn(`/${"p".repeat(510)}/`, "r") } }), []);
      assert.match(problemsOf({ ...MINIMAL, drProvider: { assumeRoleArn: arn(`/${"p".repeat(511)}/`, "r") } })[0], /has a role path of 513 characters; IAM allows at most 512$/);
      assert.match(problemsOf({ ...MINIMAL, drProvider: { assumeRoleArn: arn("/", "") } })[0], /the role name is 1 to 64 letters, digits or _\+=,\.@-$/);
      assert.deepEqual(parseSettings({ ...MINIMAL, drProvider: { assumeRoleArn: arn("/ops/dr/", "deployer") } }).drProvider?.accountId, "222222222222");
    });

    it("the program's own tags are exactly the sets counted: every resource's tag keys are one of them, or fewer", async function () {
      this.timeout(60000);
      const { resources } = await synth({
        drRegion: "eu-west-2",
        replication: { enabled: true, failback: true },
        agentRollout: { enabled: true },
        flowLogs: { kms: "create" },
        sources: [
          { name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" },
          { name: "ops", region: "eu-west-1", vpc: { vpcId: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-0123456789abcdef0"], subnetIds: ["subnet-0123456789abcdef0"] } },
        ],
      }, adoptedAccount());
      const tagged = resources.filter((r) => r.inputs.tags !== undefined && r.type !== "pulumi:providers:aws");
      assert.ok(tagged.length > 40);
      for (const r of tagged) {
        const keys = Object.keys(r.inputs.tags as object);
        assert.ok(PROGRAM_TAG_KEY_SETS.some((set) => keys.every((k) => set.includes(k))), `${r.name} carries ${keys.join(", ")}`);
      }
    });

    it("no IAM role name the program derives from the config is longer than 64, with the longest source name", async function () {
      this.timeout(60000);
      const name = "a".repeat(20);
      assert.deepEqual(problemsOf({ drRegion: "eu-west-2", sources: [{ name: `${name}b`, region: "eu-west-1", vpcCidr: "10.1.0.0/16" }] }).length, 1);
      const { resources } = await synth({ drRegion: "eu-west-2", replication: { enabled: true, failback: true }, agentRollout: { enabled: true }, sources: [{ name, region: "eu-west-1", vpcCidr: "10.1.0.0/16" }] });
      const roles = resources.filter((r) => r.type === "aws:iam/role:Role");
      assert.ok(roles.some((r) => r.name.includes(name)));
      // A role without a name gets the logical name, a dash and 7 random characters (Pulumi's auto-naming).
      for (const r of roles) {
        const length = typeof r.inputs.name === "string" ? r.inputs.name.length : r.name.length + 8;
        assert.ok(length <= 64, `${r.name}: ${length}`);
      }
    });
  });

  describe("secret values in messages", () => {
    it("hides a secret value only where it stands whole: a source named a leaves the word overlaps alone", () => {
      let error: unknown;
      try {
        parseSettings({ drRegion: "eu-west-2", stagingVpcCidr: "10.2.0.0/16", sources: [{ name: "a", region: "eu-west-1", vpcCidr: "10.2.0.0/17" }] }, { secretKeys: ["sources"] });
      } catch (err) {
        error = err;
      }
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems.map((p) => `${p.key}: ${p.message}`), [
        `stagingVpcCidr: "10.2.0.0/16" overlaps the source VPC's [secret] (sources[0].vpcCidr); VPC peering cannot route between overlapping blocks`,
      ]);
    });

    it("hides what a detail would give away of a secret: a block's network address, the account of a role ARN, a region's zone names", () => {
      const messages = (raw: Record<string, unknown>, secretKeys: string[]) => {
        try {
          parseSettings(raw, { secretKeys });
        } catch (err) {
          return (err as ConfigError).problems.map((p) => `${p.key}: ${p.message}`);
        }
        return [];
      };
      assert.deepEqual(messages({ ...MINIMAL, sourceVpcCidr: "10.1.2.3/16" }, ["sourceVpcCidr"]), ["sourceVpcCidr: [secret] has host bits set: the network address of that block is [secret]"]);
      assert.deepEqual(messages({ ...MINIMAL, drProvider: { assumeRoleArn: "arn:aws:iam::210987654321:role/x", accountId: "111111111111" } }, ["drProvider"]), [
        "drProvider.accountId: [secret] is not the account of assumeRoleArn ([secret])",
      ]);
      assert.deepEqual(messages({ ...MINIMAL, stagingAvailabilityZones: ["eu-west-1a"] }, ["drRegion"]), ['stagingAvailabilityZones[0]: "eu-west-1a" is not an availability zone of drRegion [secret]']);
      assert.deepEqual(messages({ ...MINIMAL, replication: { enabled: true, ebsKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/abcd" } }, ["replication"]), [
        'replication.ebsKmsKeyArn: [secret] is a key in another region; the staging disks are in drRegion "eu-west-2", so the key must be too',
      ]);
    });
  });

  describe("messages that say what to write", () => {
    it("a quoted true or number is a string: write it without quotes", () => {
      assert.deepEqual(problemsOf({ ...MINIMAL, replication: { enabled: "true", pitRetentionDays: "7" }, flowLogs: { enabled: "False" } }), [
        'replication.enabled: "true" is a string, not a boolean: write true without quotes',
        'replication.pitRetentionDays: "7" is a string, not a number: write 7 without quotes',
        'flowLogs.enabled: "False" is a string, not a boolean: write false without quotes',
      ]);
      assert.deepEqual(problemsOf({ ...MINIMAL, stagingNetworkAcl: "maybe" }), ['stagingNetworkAcl: "maybe" must be true or false']);
    });

    it("an empty value says it is empty, not that \"\" is no region", () => {
      assert.deepEqual(problemsOf({ ...MINIMAL, drRegion: "" }), ["drRegion: is empty: not an AWS region code (expected the form eu-west-2)"]);
      assert.deepEqual(problemsOf({ drRegion: "eu-west-2", sources: [{ name: "app", region: "", vpcCidr: "10.1.0.0/16" }] }), [
        "sources[0].region: is empty: not an AWS region code (expected the form eu-west-2)",
      ]);
    });
  });
});
