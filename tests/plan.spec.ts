/**
 * The network plan (lib/plan/) on its own: no mock runtime, no resource. Its facts are a fresh account's
 * (tests/support/freshAccountFacts.ts), which the first test holds to what account/ reads through the mocks; the
 * plans of the four stack files are a reviewed snapshot (tests/snapshots/plans.json, rewritten by
 * `UPDATE_PLAN_SNAPSHOT=1 npm run test:unit`); properties hold for generated settings.
 */
import * as assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as fc from "fast-check";
import { readAccountFacts } from "../account";
import { declareProviders } from "../declare";
import { blockContains, blocksOverlap, blockSize, parseIpv4Block } from "../lib/cidr";
import { NetworkPlan, planNetwork, PlanResult } from "../lib/plan";
import type { AccountFacts } from "../lib/plan/types";
import { DRS_INSTALLER_REGIONS } from "../lib/regions";
import { ConfigError, parseSettings, projectConfig, Settings } from "../settings";
import { loadStack, offlineAccount } from "../synth/cli";
import { PROJECT, runMocked } from "../synth/run";
import { freshAccountFacts } from "./support/freshAccountFacts";

const ROOT = join(__dirname, "..");
const SNAPSHOT = join(__dirname, "snapshots", "plans.json");
const STACKS = ["dev", "dev-drs", "estate", "failback", "onprem", "rollout"] as const;

const settingsOf = (stack: string) => parseSettings(projectConfig(loadStack(ROOT, { stack }).config, PROJECT));

/** A plan as plain JSON: Maps as objects, and without the settings it carries (the stack files are their record). */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === "settings" ? undefined : v instanceof Map ? Object.fromEntries(v) : v))) as unknown;

/** What account/ reads through the synth's mocks of the offline account. */
async function mockedFacts(settings: Settings): Promise<AccountFacts> {
  let facts: AccountFacts | undefined;
  await runMocked(async () => {
    facts = await readAccountFacts(settings, declareProviders(settings));
    return {};
  }, offlineAccount(settings));
  return facts as AccountFacts;
}

function networkPlan(result: PlanResult): NetworkPlan {
  assert.equal(result.outcome.kind, "network", JSON.stringify(result.outcome));
  return (result.outcome as { plan: NetworkPlan }).plan;
}

describe("lib/plan: the network plan, without the mock runtime", () => {
  it("takes as its fresh account exactly what account/ reads through the mocks, for every stack file", async () => {
    for (const stack of STACKS) {
      const settings = settingsOf(stack);
      assert.deepEqual(asJson(await mockedFacts(settings)), asJson(freshAccountFacts(settings)), stack);
    }
  });

  it("keeps the plans of every stack file (a reviewed snapshot)", () => {
    const current = Object.fromEntries(STACKS.map((stack) => [stack, asJson(planNetwork(settingsOf(stack), freshAccountFacts(settingsOf(stack))))]));
    if (process.env.UPDATE_PLAN_SNAPSHOT === "1") {
      writeFileSync(SNAPSHOT, `${JSON.stringify(current, null, 2)}\n`);
      return;
    }
    const snapshot = JSON.parse(readFileSync(SNAPSHOT, "utf8")) as Record<string, unknown>;
    for (const stack of STACKS) assert.deepEqual(current[stack], snapshot[stack], `${stack}: the plan changed; if intended, run UPDATE_PLAN_SNAPSHOT=1 npm run test:unit and review tests/snapshots/plans.json`);
  });

  it("plans the estate as the stack file says: three sources, two accounts, the adopted VPC kept, DRS initialized where failback needs it", () => {
    const plan = networkPlan(planNetwork(settingsOf("estate"), freshAccountFacts(settingsOf("estate"))));
    assert.deepEqual(
      plan.sources.map((s) => [s.key, s.componentName, s.region, s.accountKey, s.otherAccount, s.vpc.kind]),
      [
        ["app", "source-app", "eu-west-1", "111111111111", "222222222222", "create"],
        ["db", "source-db", "eu-central-1", "111111111111", "222222222222", "create"],
        ["ops", "source-ops", "eu-west-1", "", undefined, "adopt"],
      ],
    );
    assert.deepEqual(plan.stackAccountIds, ["222222222222", "111111111111"]);
    assert.deepEqual(
      plan.replication?.serviceRoles.map((r) => [r.accountKey, r.sourceIndex, r.roles.length]),
      [
        ["", undefined, 6],
        ["111111111111", 0, 6],
      ],
    );
    assert.deepEqual(plan.staging.networkAcl.sourceCidrBlocks, ["10.1.0.0/16", "10.2.0.0/16", "172.20.0.0/16"]);
  });

  it("refuses with every problem the facts reveal, and declares nothing: zones a region lacks, a role lookup refused", () => {
    const settings = parseSettings({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", availabilityZoneCount: 3, replication: { enabled: true } });
    const fresh = freshAccountFacts(settings);
    const facts: AccountFacts = {
      ...fresh,
      stagingZones: { ...fresh.stagingZones, offered: ["eu-west-2a", "eu-west-2b"] },
      serviceRoles: fresh.serviceRoles.map((r) => ({ ...r, roles: Object.fromEntries(Object.keys(r.roles).map((name) => [name, { error: "AccessDenied: not authorized to perform iam:GetRole" }])) })),
    };
    const result = planNetwork(settings, facts);
    if (result.outcome.kind !== "refused") assert.fail(result.outcome.kind);
    const problems = result.outcome.problems;
    assert.deepEqual(problems.map((p) => p.key), ["availabilityZoneCount", "replication.initializeService"]);
    assert.match(problems[1].message, /AccessDenied: not authorized to perform iam:GetRole/);
    assert.equal(result.quotas, undefined, "no quota is judged without the staging subnets");
  });

  it("with quotaIncreases request and only a raisable quota short, plans the increase requests instead of the network", () => {
    const settings = parseSettings({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", quotaIncreases: "request" });
    const fresh = freshAccountFacts(settings);
    const result = planNetwork(settings, { ...fresh, quotas: { ...fresh.quotas, existingVpcs: { ...fresh.quotas.existingVpcs, "/eu-west-2": 5 } } });
    if (result.outcome.kind !== "quota-requests") assert.fail(result.outcome.kind);
    assert.deepEqual(
      result.outcome.requests.map((r) => [r.name, r.sourceIndex, r.shortfall.desiredValue]),
      [["quota-L-F678F1CE-eu-west-2", undefined, 6]],
    );
  });
});

/** Generated settings: the shorthand or a list of up to four sources, blocks apart from each other. */
const generated = fc
  .record({
    drRegion: fc.constantFrom(...DRS_INSTALLER_REGIONS),
    regions: fc.array(fc.constantFrom(...DRS_INSTALLER_REGIONS), { minLength: 1, maxLength: 4 }),
    shorthand: fc.boolean(),
    subnetPrefixLength: fc.integer({ min: 20, max: 28 }),
    availabilityZoneCount: fc.integer({ min: 1, max: 3 }),
    drsDnsMode: fc.constantFrom("endpoint-flag", "private-hosted-zone"),
    replication: fc.record({ enabled: fc.boolean(), failback: fc.boolean() }),
    flowLogs: fc.record({ enabled: fc.boolean(), kms: fc.constantFrom("aws-managed", "create") }),
    agentRollout: fc.record({ enabled: fc.boolean() }),
    stagingNetworkAcl: fc.boolean(),
  })
  .map(({ regions, shorthand, ...rest }) => {
    const common = { ...rest, stagingVpcCidr: "10.0.0.0/16" };
    return shorthand
      ? { ...common, sourceRegion: regions[0], sourceVpcCidr: "10.1.0.0/16" }
      : { ...common, sources: regions.map((region, i) => ({ name: `s${i}`, region, vpcCidr: `10.${i + 1}.0.0/16` })) };
  });

/** The settings of a generated config, or undefined where the config is refused (a ConfigError, nothing else). */
function accepted(raw: object): Settings | undefined {
  try {
    return parseSettings(raw as Record<string, unknown>);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return undefined;
  }
}

describe("lib/plan: properties over generated settings (fast-check)", () => {
  it("plans every accepted config against a fresh account, the same way every time, as plain data", () => {
    let planned = 0;
    fc.assert(
      fc.property(generated, (raw) => {
        const settings = accepted(raw);
        if (settings === undefined) return;
        const result = planNetwork(settings, freshAccountFacts(settings));
        const plan = networkPlan(result);
        planned++;
        assert.deepEqual(asJson(planNetwork(settings, freshAccountFacts(settings))), asJson(result));
        assert.deepEqual(asJson(plan), JSON.parse(JSON.stringify(asJson(plan))));
        assert.deepEqual(plan.sources.map((s) => s.key), settings.sources.map((s) => s.name));
        assert.deepEqual(plan.sources.map((s) => s.componentName), settings.sources.map((s) => (s.name === "" ? "source" : `source-${s.name}`)));
      }),
      { numRuns: 150 },
    );
    assert.ok(planned >= 50, `only ${planned} of 150 generated configs were planned: the generator needs fixing`);
  });

  it("lays out each created VPC's subnets in its block, apart, one per zone the region offers, as many as asked", () => {
    fc.assert(
      fc.property(generated, (raw) => {
        const settings = accepted(raw);
        if (settings === undefined) return;
        const plan = networkPlan(planNetwork(settings, freshAccountFacts(settings)));
        const vpcs = [
          { cidrBlock: plan.staging.cidrBlock, subnets: plan.staging.subnets, region: plan.drRegion },
          ...plan.sources.flatMap((s) => (s.vpc.kind === "create" ? [{ cidrBlock: s.vpc.cidrBlock, subnets: s.vpc.subnets, region: s.region }] : [])),
        ];
        for (const vpc of vpcs) {
          assert.equal(vpc.subnets.length, raw.availabilityZoneCount);
          assert.equal(new Set(vpc.subnets.map((s) => s.availabilityZone)).size, vpc.subnets.length);
          for (const subnet of vpc.subnets) {
            assert.ok(subnet.availabilityZone.startsWith(vpc.region), subnet.availabilityZone);
            assert.ok(blockContains(parseIpv4Block(vpc.cidrBlock), parseIpv4Block(subnet.cidrBlock)), `${subnet.cidrBlock} outside ${vpc.cidrBlock}`);
            assert.equal(blockSize(parseIpv4Block(subnet.cidrBlock)), 2n ** BigInt(32 - raw.subnetPrefixLength));
          }
          const blocks = vpc.subnets.map((s) => s.cidrBlock);
          for (const [i, a] of blocks.entries()) for (const b of blocks.slice(i + 1)) assert.ok(!blocksOverlap(parseIpv4Block(a), parseIpv4Block(b)), `${a} and ${b} overlap`);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("keeps the staging ACL within AWS's 20 rules a direction, and makes one flow-log key per region and account", () => {
    fc.assert(
      fc.property(generated, (raw) => {
        const settings = accepted(raw);
        if (settings === undefined) return;
        const plan = networkPlan(planNetwork(settings, freshAccountFacts(settings)));
        assert.ok(plan.staging.networkAcl.rules.ingress.length <= 20 && plan.staging.networkAcl.rules.egress.length <= 20);
        const keyIds = plan.flowLogKeys.map((k) => k.id);
        assert.equal(new Set(keyIds).size, keyIds.length);
        const wanted = settings.flowLogs?.createKeys === true ? new Set([`${plan.drRegion}/`, ...plan.sources.map((s) => `${s.region}/${s.accountKey}`)]) : new Set();
        assert.deepEqual(new Set(keyIds), wanted);
        for (const source of plan.sources) {
          if (source.vpc.kind === "create" && source.vpc.flowLogs?.createdKey !== undefined) assert.ok(keyIds.includes(source.vpc.flowLogs.createdKey));
        }
      }),
      { numRuns: 100 },
    );
  });

  it("refuses, never throws, where a region offers fewer zones than asked, naming the key", () => {
    fc.assert(
      fc.property(generated, fc.integer({ min: 0, max: 2 }), (raw, offered) => {
        const settings = accepted(raw);
        if (settings === undefined || offered >= raw.availabilityZoneCount) return;
        const fresh = freshAccountFacts(settings);
        const facts = { ...fresh, stagingZones: { ...fresh.stagingZones, offered: fresh.stagingZones.offered.slice(0, offered) } };
        const result = planNetwork(settings, facts);
        if (result.outcome.kind !== "refused") assert.fail(result.outcome.kind);
        assert.ok(result.outcome.problems.some((p) => p.key === "availabilityZoneCount" || p.key === "stagingAvailabilityZones"));
      }),
      { numRuns: 100 },
    );
  });
});
