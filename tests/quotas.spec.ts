/**
 * AWS's quotas: the counter over generated source lists, the judgment's words, and the program refusing (or
 * requesting) before anything is declared. The mock runtime has no quotas, so the fake account answers Service
 * Quotas with AWS's defaults (synth/awsMocks/account.ts DEFAULT_QUOTAS) and counts VPCs and peerings as AWS would.
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { blockAt, blocksOverlap, parseIpv4Block } from "../lib/cidr";
import { ACL_RULES_PER_DIRECTION } from "../lib/networkAcl";
import { quotaInput } from "../lib/quotaInput";
import { AppliedQuota, appliedKey, increaseCommand, judgeQuotas, QUOTAS, QuotaNeed, quotaNeeds, QuotaSide } from "../lib/quotas";
import { allPassed, verifyNetwork } from "../lib/verifier";
import { ConfigError, parseSettings } from "../settings";
import { DEFAULT_QUOTAS, emptyAccount, FakeAccount } from "../synth/awsMocks";
import { declaredResources, synth, synthError, T } from "../synth/run";

const DR: QuotaSide = { key: "/eu-west-2", region: "eu-west-2", credentials: "the ambient credentials" };
const WEST1: QuotaSide = { key: "/eu-west-1", region: "eu-west-1", credentials: "the ambient credentials" };

/** AWS's defaults on every side the needs name. */
function defaults(needs: readonly QuotaNeed[], override: Record<string, number> = {}): Map<string, AppliedQuota> {
  return new Map(needs.map((n) => [appliedKey(n.side, n.quota), { value: override[QUOTAS[n.quota].code] ?? QUOTAS[n.quota].defaultValue }]));
}

/** `n` created sources, each a /20 of 10.16.0.0/12, in the given regions round-robin. */
function createdSources(n: number, regions: readonly string[]) {
  return Array.from({ length: n }, (_, i) => ({ name: `s${i + 1}`, region: regions[i % regions.length], vpcCidr: `10.${16 + Math.floor(i / 16)}.${(i % 16) * 16}.0/20` }));
}

/** `n` adopted source VPCs in eu-west-1, each a /20 of 10.16.0.0/12 with one route table, made known to `account`. */
function adoptedSources(n: number, account: FakeAccount) {
  return Array.from({ length: n }, (_, i) => {
    const vpcId = `vpc-${(i + 1).toString(16).padStart(17, "0")}`;
    const rtb = `rtb-${(i + 1).toString(16).padStart(17, "0")}`;
    const cidr = `10.${16 + Math.floor(i / 16)}.${(i % 16) * 16}.0/20`;
    account.vpcs[vpcId] = { region: "eu-west-1", cidrBlocks: [cidr] };
    account.routeTables[rtb] = { region: "eu-west-1", vpcId };
    return { name: `s${i + 1}`, region: "eu-west-1", vpc: { vpcId, cidrBlock: cidr, routeTableIds: [rtb] } };
  });
}

/** Capture pulumi.log.warn while `run` runs. */
async function warningsOf<T>(run: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const warn = pulumi.log.warn;
  (pulumi.log as { warn: typeof warn }).warn = async (message: string) => {
    warnings.push(message);
  };
  try {
    return { result: await run(), warnings };
  } finally {
    (pulumi.log as { warn: typeof warn }).warn = warn;
  }
}

describe("lib/quotas", () => {
  describe("the judgment", () => {
    it("refuses a quota the need exceeds, with its AWS name and code, the need, the value, how far it adjusts and the command", () => {
      const needs: QuotaNeed[] = [{ quota: "vpcsPerRegion", side: WEST1, what: "VPCs in eu-west-1", need: 7, existing: 1 }];
      const judgment = judgeQuotas(needs, defaults(needs), "sources");
      assert.deepEqual(judgment.problems, [
        {
          key: "sources",
          message:
            'need 7 of AWS\'s quota "VPCs per Region" (vpc L-F678F1CE) in eu-west-1, but the account of the ambient credentials has 5 (AWS default 5; adjustable): ' +
            "VPCs in eu-west-1: 7 (1 already there). AWS would refuse with VpcLimitExceeded. Raise it before deploying, in that account: " +
            "aws service-quotas request-service-quota-increase --service-code vpc --quota-code L-F678F1CE --desired-value 7 --region eu-west-1; " +
            'or set quotaIncreases to "request" to have the program ask',
        },
      ]);
      assert.deepEqual(judgment.shortfalls, [{ quota: "vpcsPerRegion", side: WEST1, desiredValue: 7 }]);
      assert.deepEqual(judgment.rows.map((r) => [r.code, r.need, r.applied, r.headroom]), [["L-F678F1CE", 7, 5, -2]]);
    });

    it("asks for the largest need of a per-resource quota once per account and region, naming the resources over it", () => {
      const needs: QuotaNeed[] = [
        { quota: "rulesPerGroup", side: DR, what: "link-endpoints-sg inbound", need: 102 },
        { quota: "rulesPerGroup", side: DR, what: "replication-replication-sg inbound", need: 100 },
        { quota: "rulesPerGroup", side: DR, what: "replication-replication-sg outbound", need: 2 },
      ];
      const judgment = judgeQuotas(needs, defaults(needs), "sources");
      assert.equal(judgment.problems.length, 1);
      assert.match(judgment.problems[0].message, /need 102 of AWS's quota "Inbound or outbound rules per security group" \(vpc L-0EA8095F\) in eu-west-2/);
      assert.match(judgment.problems[0].message, /adjustable up to 200\): link-endpoints-sg inbound: 102, replication-replication-sg inbound: 100\./);
      assert.match(judgment.problems[0].message, /--quota-code L-0EA8095F --desired-value 102 --region eu-west-2/);
    });

    it("names what AWS cannot raise far enough, and requests nothing for it", () => {
      const needs: QuotaNeed[] = [{ quota: "activePeeringsPerVpc", side: DR, what: "staging-vpc", need: 130 }];
      const judgment = judgeQuotas(needs, defaults(needs), "sources");
      assert.match(judgment.problems[0].message, /has 50 \(AWS default 50; adjustable up to 125\): staging-vpc: 130\. AWS would refuse with ActiveVpcPeeringConnectionPerVpcLimitExceeded\. AWS grants at most 125: spread the sources/);
      assert.deepEqual(judgment.shortfalls, []);
    });

    it("judges against the applied value, not the default: a raised quota fits", () => {
      const needs: QuotaNeed[] = [{ quota: "vpcsPerRegion", side: WEST1, what: "VPCs in eu-west-1", need: 11 }];
      assert.deepEqual(judgeQuotas(needs, defaults(needs, { "L-F678F1CE": 11 }), "sources").problems, []);
      assert.equal(judgeQuotas(needs, defaults(needs, { "L-F678F1CE": 11 }), "sources").rows[0].headroom, 0);
    });

    it("warns, naming the permissions, where a quota cannot be read, and refuses nothing on a guess", () => {
      const needs: QuotaNeed[] = [{ quota: "vpcsPerRegion", side: WEST1, what: "VPCs in eu-west-1", need: 7 }];
      const judgment = judgeQuotas(needs, new Map([[appliedKey(WEST1, "vpcsPerRegion"), { error: "AccessDeniedException" }]]), "sources");
      assert.deepEqual(judgment.problems, []);
      assert.equal(judgment.warnings.length, 1);
      assert.match(judgment.warnings[0], /could not read the quota "VPCs per Region" \(vpc L-F678F1CE\) in eu-west-1 \(the account of the ambient credentials\): AccessDeniedException/);
      assert.match(judgment.warnings[0], /the deploy fails with VpcLimitExceeded\. Grant servicequotas:GetServiceQuota and servicequotas:GetAWSDefaultServiceQuota/);
      assert.equal(judgment.rows[0].applied, undefined);
    });

    it("writes the AWS CLI's own command", () => {
      assert.equal(
        increaseCommand("vpcsPerHostedZone", { key: "/us-east-1", region: "us-east-1", credentials: "drProvider" }, 400),
        "aws service-quotas request-service-quota-increase --service-code route53 --quota-code L-84B40094 --desired-value 400 --region us-east-1",
      );
    });

    it("knows every quota the mock account answers for, with the same defaults", () => {
      assert.deepEqual(
        Object.values(QUOTAS).map((q) => [q.code, q.name, q.defaultValue]).sort(),
        Object.entries(DEFAULT_QUOTAS).map(([code, q]) => [code, q.name, q.value]).sort(),
      );
    });
  });

  describe("the counter over generated source lists (fast-check)", () => {
    const regions = ["eu-west-1", "eu-central-1", "us-east-1", "eu-west-2"] as const;
    /** Up to 100 sources, created or adopted, in blocks of the three private ranges that overlap nothing. */
    const layout = fc
      .array(
        fc.record({
          range: fc.constantFrom("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"),
          offset: fc.integer({ min: 0, max: 2 ** 20 }),
          prefix: fc.integer({ min: 16, max: 27 }),
          region: fc.constantFrom(...regions),
          adopt: fc.boolean(),
        }),
        { minLength: 1, maxLength: 100 },
      )
      .map((entries) => {
        const staging = parseIpv4Block("10.0.0.0/16");
        const chosen: { cidr: string; region: string; adopt: boolean }[] = [];
        for (const e of entries) {
          const range = parseIpv4Block(e.range);
          const block = blockAt(range.first + ((BigInt(e.offset) << 8n) % (range.last - range.first + 1n)), Math.max(e.prefix, range.prefixLength));
          if (!blocksOverlap(block, staging) && chosen.every((c) => !blocksOverlap(parseIpv4Block(c.cidr), block))) chosen.push({ cidr: block.cidr, region: e.region, adopt: e.adopt });
        }
        return chosen;
      })
      .filter((chosen) => chosen.length > 0);

    it("counts one staging peering, endpoint rule and replication rule per source, and VPCs per region as made plus existing", () => {
      fc.assert(
        fc.property(layout, fc.integer({ min: 0, max: 4 }), (chosen, existing) => {
          const sources = chosen.map((c, i) =>
            c.adopt
              ? { name: `s${i}`, region: c.region, vpc: { vpcId: `vpc-${String(i).padStart(17, "0")}`, cidrBlock: c.cidr, routeTableIds: [`rtb-${String(i).padStart(17, "0")}`] } }
              : { name: `s${i}`, region: c.region, vpcCidr: c.cidr },
          );
          const settings = parseSettings({ drRegion: "eu-west-2", stagingVpcCidr: "10.0.0.0/16", subnetPrefixLength: 28, sources, replication: { enabled: true }, agentRollout: { enabled: true } });
          const side = (region: string): QuotaSide => ({ key: `/${region}`, region, credentials: "the ambient credentials" });
          const needs = quotaNeeds(
            quotaInput(settings, {
              dr: side("eu-west-2"),
              sourceSides: settings.sources.map((s) => side(s.region)),
              stagingSubnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"],
              adoptedRoutes: {},
              existingVpcs: Object.fromEntries(regions.map((r) => [`/${r}`, existing])),
              madePeerings: {},
              adoptedPeerings: {},
            }),
          );
          const of = (quota: string, what: string) => needs.find((n) => n.quota === quota && n.what === what)?.need;
          const n = chosen.length;
          assert.equal(of("activePeeringsPerVpc", "staging-vpc"), n);
          assert.equal(of("rulesPerGroup", "link-endpoints-sg inbound"), n + 2);
          assert.equal(of("rulesPerGroup", "replication-replication-sg inbound"), n);
          assert.equal(of("vpcsPerHostedZone", "the DRS private hosted zone"), n + 1);
          for (const region of regions) {
            const made = chosen.filter((c) => c.region === region && !c.adopt).length + (region === "eu-west-2" ? 1 : 0);
            assert.equal(of("vpcsPerRegion", `VPCs in ${region}`), made > 0 ? made + existing : undefined, region);
            const requested = chosen.filter((c) => c.region === region).length;
            assert.equal(of("outstandingPeerings", `peering requests made at once from ${region}`), requested > 0 ? requested : undefined, region);
          }
          for (const acl of needs.filter((x) => x.quota === "rulesPerAcl")) assert.ok(acl.need <= ACL_RULES_PER_DIRECTION, `${acl.what}: ${acl.need}`);
        }),
        { numRuns: 100 },
      );
    });
  });
});

describe("lib/quotaInput: the agent rollout's endpoints per source VPC", () => {
  it("counts the STS endpoint only in a source VPC of another account than DRS", () => {
    const settings = parseSettings({ drRegion: "eu-west-2", sources: [{ name: "mine", region: "eu-west-1", vpcCidr: "10.1.0.0/16" }, { name: "theirs", region: "eu-west-1", vpcCidr: "10.2.0.0/16" }], agentRollout: { enabled: true } });
    const side = (key: string): QuotaSide => ({ key, region: key.split("/")[1], credentials: "the ambient credentials" });
    const needs = quotaNeeds(
      quotaInput(settings, {
        dr: side("/eu-west-2"),
        sourceSides: [side("/eu-west-1"), side("111111111111/eu-west-1")],
        stagingSubnetCidrs: ["10.0.0.0/24"],
        adoptedRoutes: {},
        existingVpcs: {},
        madePeerings: {},
        adoptedPeerings: {},
      }),
    );
    const endpoints = needs.filter((n) => n.quota === "interfaceEndpointsPerVpc").map((n) => [n.what, n.need]);
    assert.deepEqual(endpoints, [["staging-vpc", 3], ["source-mine-vpc", 4], ["source-theirs-vpc", 5]]);
  });
});

describe("quotas in the program (mock runtime)", () => {
  const six = { drRegion: "eu-west-2", stagingVpcCidr: "10.0.0.0/16", sources: createdSources(6, ["eu-west-1"]) };

  it("refuses 6 created sources in one region of a fresh account, naming VPCs per Region, before anything is declared", async () => {
    const { error, declared } = await synthError(six);
    assert.ok(error instanceof ConfigError, String(error));
    assert.equal(error.problems.length, 1);
    assert.equal(error.problems[0].key, "sources");
    assert.match(error.problems[0].message, /need 7 of AWS's quota "VPCs per Region" \(vpc L-F678F1CE\) in eu-west-1, but the account of the ambient credentials has 5/);
    assert.match(error.problems[0].message, /VPCs in eu-west-1: 7 \(1 already there\)/);
    assert.match(error.problems[0].message, /--quota-code L-F678F1CE --desired-value 7 --region eu-west-1/);
    assert.deepEqual([...new Set(declared.map((r) => r.type))], [T.provider]);
  });

  it("refuses 60 sources into one staging VPC, naming the peerings per VPC and the endpoint group's rules, before anything is declared", async () => {
    // Adopted VPCs, so VPCs per Region plays no part: the staging VPC's own quotas decide.
    const account = emptyAccount();
    const sources = adoptedSources(60, account);
    const { error, declared } = await synthError({ drRegion: "eu-west-2", stagingVpcCidr: "10.0.0.0/16", sources }, account);
    assert.ok(error instanceof ConfigError, String(error));
    const codes = error.problems.map((p) => /\(vpc (L-[0-9A-F]+)\)/.exec(p.message)?.[1]);
    assert.deepEqual(codes.sort(), ["L-0EA8095F", "L-7E9ECCDB", "L-DC9F7029"]);
    assert.match(error.message, /need 60 of AWS's quota "Active VPC peering connections per VPC" \(vpc L-7E9ECCDB\) in eu-west-2, .* \(AWS default 50; adjustable up to 125\): staging-vpc: 60/);
    assert.match(error.message, /need 60 of AWS's quota "Outstanding VPC peering connection requests" \(vpc L-DC9F7029\) in eu-west-1/);
    assert.match(error.message, /need 62 of AWS's quota "Inbound or outbound rules per security group" .*: link-endpoints-sg inbound: 62/);
    assert.deepEqual([...new Set(declared.map((r) => r.type))], [T.provider]);
  });

  it("deploys the same 6 sources once the account's quota is raised, every verdict passing", async () => {
    const account: FakeAccount = { ...emptyAccount(), quotas: { "L-F678F1CE": 7 } };
    const result = await synth(six, account);
    assert.ok(allPassed(verifyNetwork(declaredResources(result.resources))));
    assert.equal(result.resources.filter((r) => r.type === T.vpc).length, 7);
  });

  it("deploys 60 adopted sources with the quotas raised: staging peerings, the endpoint group's rules, the requests at once", async () => {
    const account: FakeAccount = { ...emptyAccount(), quotas: { "L-7E9ECCDB": 60, "L-0EA8095F": 62, "L-DC9F7029": 60 } };
    const sources = adoptedSources(60, account);
    const result = await synth({ drRegion: "eu-west-2", stagingVpcCidr: "10.0.0.0/16", sources }, account);
    assert.equal(result.resources.filter((r) => r.type === T.peering).length, 60);
    const acl = result.resources.find((r) => r.name === "staging-nacl");
    assert.ok((acl?.inputs.ingress as unknown[]).length <= ACL_RULES_PER_DIRECTION);
  });

  it("counts this stack's own VPCs and peerings of an earlier pulumi up once, not twice", async () => {
    // Four created sources in eu-west-1 already made: with the default VPC, 5 of 5; counted twice it would be 9.
    const sources = createdSources(4, ["eu-west-1"]);
    const account = emptyAccount();
    sources.forEach((s, i) => {
      const id = `vpc-${(i + 1).toString(16).padStart(17, "a")}`;
      account.vpcs[id] = { region: "eu-west-1", cidrBlocks: [s.vpcCidr] };
      (account.vpcNames ??= {})[id] = `source-${s.name}-vpc`;
      (account.peerings ??= []).push({ id: `pcx-${(i + 1).toString(16).padStart(17, "0")}`, region: "eu-west-1", requesterVpcId: id, accepterVpcId: "vpc-0000000000000000f", status: "active", name: `link-${s.name}-peering` });
    });
    // Another VPC with a planned name but another block is the account's, not this stack's.
    account.vpcs["vpc-0000000000000000e"] = { region: "eu-west-1", cidrBlocks: ["192.168.0.0/16"] };
    (account.vpcNames as Record<string, string>)["vpc-0000000000000000e"] = "source-s1-vpc";
    const { error } = await synthError({ drRegion: "eu-west-2", stagingVpcCidr: "10.0.0.0/16", sources }, account);
    assert.ok(error instanceof ConfigError);
    // 4 made here + the default VPC + the look-alike: 6, one over; this stack's four are not counted again.
    assert.match(error.message, /need 6 of AWS's quota "VPCs per Region" \(vpc L-F678F1CE\) in eu-west-1.*VPCs in eu-west-1: 6 \(2 already there\)/);
    delete account.vpcs["vpc-0000000000000000e"];
    const result = await synth({ drRegion: "eu-west-2", stagingVpcCidr: "10.0.0.0/16", sources }, account);
    assert.equal(result.resources.filter((r) => r.type === T.vpc).length, 5);
  });

  it("counts an adopted route table's own routes against the routes per table", async () => {
    const account = emptyAccount();
    account.vpcs["vpc-0123456789abcdef0"] = { region: "eu-west-1", cidrBlocks: ["172.20.0.0/16"] };
    account.routeTables["rtb-0123456789abcdef0"] = { region: "eu-west-1", vpcId: "vpc-0123456789abcdef0" };
    account.routes = { "rtb-0123456789abcdef0": Array.from({ length: 500 }, (_, i) => ({ cidrBlock: `192.168.${i % 250}.${i < 250 ? 0 : 128}/25` })) };
    const { error } = await synthError(
      { sourceRegion: "eu-west-1", drRegion: "eu-west-2", sourceVpc: { vpcId: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-0123456789abcdef0"] } },
      account,
    );
    assert.ok(error instanceof ConfigError);
    assert.equal(error.problems[0].key, "sourceRegion");
    // The local route, this stack's route to the staging VPC, and the 500 already there: one over AWS's default.
    assert.match(error.problems[0].message, /need 501 of AWS's quota "Routes per route table" \(vpc L-93826ACB\) in eu-west-1.*rtb-0123456789abcdef0: 501 \(500 already there\)/);
    assert.match(error.problems[0].message, /--desired-value 501/);
  });

  it("warns, naming servicequotas:GetServiceQuota, where the quotas cannot be read, and deploys what fits AWS's defaults", async () => {
    const account: FakeAccount = { ...emptyAccount(), quotaReadError: "AccessDeniedException: User is not authorized to perform: servicequotas:GetAWSDefaultServiceQuota" };
    const { result, warnings } = await warningsOf(() => synth({ sourceRegion: "eu-west-1", drRegion: "eu-west-2" }, account));
    assert.ok(result.resources.some((r) => r.type === T.vpc));
    const quotaWarnings = warnings.filter((w) => w.startsWith("quotas: "));
    assert.ok(quotaWarnings.some((w) => w.includes('"VPCs per Region" (vpc L-F678F1CE) in eu-west-1')), quotaWarnings.join("\n"));
    assert.ok(quotaWarnings.some((w) => w.includes('"VPCs per hosted zone" (route53 L-84B40094) in us-east-1')), quotaWarnings.join("\n"));
    assert.ok(quotaWarnings.every((w) => /could not read the quota .* AccessDeniedException.* Grant servicequotas:GetServiceQuota and servicequotas:GetAWSDefaultServiceQuota/.test(w)), quotaWarnings[0]);
  });

  it("with quotaIncreases: request, declares only the increase requests and says the deploy waits for them", async () => {
    const { result, warnings } = await warningsOf(() => synth({ ...six, quotaIncreases: "request" }));
    assert.deepEqual([...new Set(result.resources.map((r) => r.type))].sort(), [T.provider, "aws:servicequotas/serviceQuota:ServiceQuota"].sort());
    const request = result.resources.find((r) => r.type === "aws:servicequotas/serviceQuota:ServiceQuota");
    assert.equal(request?.name, "quota-L-F678F1CE-eu-west-1");
    assert.deepEqual(request?.inputs, { serviceCode: "vpc", quotaCode: "L-F678F1CE", value: 7 });
    assert.equal(request?.region, "eu-west-1");
    assert.deepEqual(Object.keys(result.outputs).sort(), ["drRegion", "quotaIncreaseRequests", "sourceRegion"]);
    const requests = (result.outputs as unknown as { quotaIncreaseRequests: { quotaCode: string; desiredValue: number; requestStatus: string }[] }).quotaIncreaseRequests;
    assert.deepEqual(requests.map((r) => [r.quotaCode, r.desiredValue, r.requestStatus]), [["L-F678F1CE", 7, "PENDING"]]);
    assert.ok(warnings.some((w) => /^quotaIncreases: requested VPCs per Region \(L-F678F1CE\) to 7 in eu-west-1\. The network is not declared until AWS grants them/.test(w)), warnings.join("\n"));
  });

  it("with quotaIncreases: request, still refuses what AWS cannot raise, and declares nothing but the providers", async () => {
    // An adopted table already at 1,000 routes, the most AWS grants, beside six created sources (which it could raise).
    const account = emptyAccount();
    account.vpcs["vpc-0123456789abcdef0"] = { region: "eu-west-1", cidrBlocks: ["172.20.0.0/16"] };
    account.routeTables["rtb-0123456789abcdef0"] = { region: "eu-west-1", vpcId: "vpc-0123456789abcdef0" };
    account.routes = { "rtb-0123456789abcdef0": Array.from({ length: 1000 }, (_, i) => ({ cidrBlock: `192.168.${i % 250}.${(i >> 8) * 32}/27` })) };
    const sources = [...createdSources(6, ["eu-west-1"]), { name: "old", region: "eu-west-1", vpc: { vpcId: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-0123456789abcdef0"] } }];
    const { error, declared } = await synthError({ drRegion: "eu-west-2", stagingVpcCidr: "10.0.0.0/16", sources, quotaIncreases: "request" }, account);
    assert.ok(error instanceof ConfigError, String(error));
    assert.match(error.message, /"Routes per route table" \(vpc L-93826ACB\).*AWS grants at most 1000/);
    assert.deepEqual([...new Set(declared.map((r) => r.type))], [T.provider]);
  });
});
