import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { estimateMonthlyCost } from "../lib/cost";
import { CostModelSettings, CostReplication, costReport, DAYS_PER_MONTH, ModelLine } from "../lib/costModel";
import { DRS_SERVER_HOUR, EBS_GB_MONTH, EC2_INSTANCE_HOUR, interRegionTransferPerGb, PRICE_SOURCES, SNAPSHOT_GB_MONTH } from "../lib/prices";
import type { DeclaredResource } from "../lib/verifier";
import { parseSettings } from "../settings";
import { EstimateSettings, estimateSchema } from "../settings/estimateSchema";
import { declaredResources, synth } from "../synth/run";

const endpoint = (name: string, region: string, subnets: number): DeclaredResource => ({
  type: "aws:ec2/vpcEndpoint:VpcEndpoint",
  name,
  urn: `urn:${name}`,
  region,
  props: { vpcEndpointType: "Interface", subnetIds: Array.from({ length: subnets }, (_, i) => `subnet-${i}`) },
});
const zone: DeclaredResource = { type: "aws:route53/zone:Zone", name: "drs-zone", urn: "urn:zone", props: {} };

const template = (over: Partial<CostReplication> = {}): CostReplication => ({
  instanceType: "t3.small",
  useDedicatedReplicationServer: false,
  stagingDiskType: "GP3",
  pitRetentionDays: 7,
  ...over,
});
/** A stack's settings; `replication` null for one that does not manage replication. */
const stack = (drRegion: string, sourceRegions: string[], replication: CostReplication | null = template(), external = 0): CostModelSettings => ({
  drRegion,
  sources: sourceRegions.map((region) => ({ region })),
  externalSources: Array.from({ length: external }, (_, i) => ({ name: `dc${i}` })),
  ...(replication === null ? {} : { replication }),
});
const estimate = (over: Partial<EstimateSettings> = {}): EstimateSettings =>
  estimateSchema.parse({ servers: 10, disks: [{ gb: 100 }, { gb: 500 }], dailyChangeGb: 5, drillsPerYear: 4, drillHours: 4, ...over });
const byPart = (lines: readonly ModelLine[], part: ModelLine["part"]) => lines.filter((l) => l.part === part);
const cents = (v: number) => Math.round(v * 100) / 100;

describe("lib/costModel", () => {
  describe("each line against a hand-computed example", () => {
    it("bills DRS per source server-hour: 3 servers x 730 h x $0.028 = $61.32 in us-east-2", () => {
      const r = costReport(stack("us-east-2", ["us-east-1"]), [], estimate({ servers: 3 }));
      assert.deepEqual(byPart(r.monthly.lines, "drs").map((l) => [l.item, l.quantity, l.unit, l.unitPrice, l.cost]), [["DRS source servers", 2190, "server-hours", 0.028, 61.32]]);
      assert.equal(byPart(r.monthly.lines, "drs")[0].source, PRICE_SOURCES.drsUse2);
    });

    it("shares a replication server among 15 volumes, and gives each server its own when dedicated", () => {
      const sixteen = Array.from({ length: 8 }, () => ({ gb: 50 }));
      const shared = costReport(stack("us-east-1", ["us-east-2"]), [], estimate({ servers: 2, disks: sixteen }));
      // 2 servers x 8 disks = 16 volumes: ceil(16 / 15) = 2 t3.small, 1460 h x $0.0208 = $30.37.
      assert.deepEqual(byPart(shared.monthly.lines, "replication-servers").map((l) => [l.item, l.quantity, l.cost]), [["2 replication servers (t3.small, shared)", 1460, 30.37]]);
      const dedicated = costReport(stack("us-east-1", ["us-east-2"], template({ useDedicatedReplicationServer: true })), [], estimate({ servers: 3, disks: sixteen }));
      // Dedicated: one per server (8 disks fit one): 3 x 730 h = 2190 h x $0.0208 = $45.55.
      assert.deepEqual(byPart(dedicated.monthly.lines, "replication-servers").map((l) => [l.item, l.quantity, l.cost]), [["3 replication servers (t3.small, dedicated: one per server)", 2190, 45.55]]);
      const big = costReport(stack("us-east-1", ["us-east-2"], template({ useDedicatedReplicationServer: true })), [], estimate({ servers: 2, disks: Array.from({ length: 16 }, () => ({ gb: 10 })) }));
      assert.equal(byPart(big.monthly.lines, "replication-servers")[0].quantity, 2 * 2 * 730);
    });

    it("puts disks of 125 GB or less on Magnetic and larger ones on the template's type, one line per type", () => {
      const disks = [{ gb: 125 }, { gb: 126 }, { gb: 1000 }];
      const rows = (t: CostReplication["stagingDiskType"]) =>
        byPart(costReport(stack("us-east-1", ["us-east-2"], template({ stagingDiskType: t })), [], estimate({ servers: 2, disks })).monthly.lines, "staging-disks").map((l) => [
          l.item,
          l.quantity,
          l.unitPrice,
          l.cost,
          l.lowerBound ?? false,
        ]);
      // 2 x 125 GB x $0.05 = $12.50; 2 x 1126 GB = 2252 GB.
      assert.deepEqual(rows("GP2"), [
        ["staging disks of 125 GB or less (Magnetic, standard)", 250, 0.05, 12.5, false],
        ["staging disks over 125 GB (gp2)", 2252, 0.1, 225.2, false],
      ]);
      assert.deepEqual(rows("GP3")[1], ["staging disks over 125 GB (gp3)", 2252, 0.08, 180.16, false]);
      assert.deepEqual(rows("ST1")[1], ["staging disks over 125 GB (st1)", 2252, 0.045, 101.34, false]);
      assert.deepEqual(rows("AUTO")[1], ["staging disks over 125 GB (Auto: priced as sc1, the cheapest DRS may choose; up to gp3's price)", 2252, 0.015, 33.78, true]);
    });

    it("makes Auto's total a lower bound: at least, never about", () => {
      const r = costReport(stack("us-east-1", ["us-east-1"], template({ stagingDiskType: "AUTO" })), [], estimate({ drillsPerYear: 0 }));
      assert.equal(r.monthly.complete, false);
      assert.deepEqual(r.monthly.unpriced.filter((u) => u.startsWith("staging")), []);
      const gp3 = costReport(stack("us-east-1", ["us-east-1"], template({ stagingDiskType: "GP3" })), [], estimate({ drillsPerYear: 0 }));
      assert.deepEqual(gp3.monthly.unpriced, ["DRS source servers in us-east-1: 7300 server-hours, no price for us-east-1 in the table"]);
    });

    it("keeps each disk's data once and each day's changes for the PIT days, at most the disks a day", () => {
      const r = costReport(stack("us-east-2", ["us-east-1"], template({ pitRetentionDays: 30 })), [], estimate({ servers: 4, disks: [{ gb: 200 }], dailyChangeGb: 10 }));
      // 4 x (200 + 10 x 30) = 2000 GB-months x $0.05 = $100.00.
      assert.deepEqual(byPart(r.monthly.lines, "snapshots").map((l) => [l.item, l.quantity, l.cost]), [["point-in-time snapshots (30 days kept)", 2000, 100]]);
      const churn = costReport(stack("us-east-2", ["us-east-1"]), [], estimate({ servers: 1, disks: [{ gb: 50 }], dailyChangeGb: 500 }));
      // A day changes at most the 50 GB there are: 50 + 50 x 7 = 400 GB-months.
      assert.equal(byPart(churn.monthly.lines, "snapshots")[0].quantity, 400);
    });

    it("sends the initial copy once and each day's writes monthly from each source region; nothing within the DR region", () => {
      const r = costReport(stack("us-east-1", ["eu-west-1"]), [], estimate({ servers: 10, dailyChangeGb: 5 }));
      // 10 x 5 GB x 730/24 days = 1520.83 GB x $0.02 = $30.42; once 10 x 600 GB x $0.02 = $120.00.
      assert.deepEqual(byPart(r.monthly.lines, "transfer").map((l) => [l.item, l.region, l.quantity, l.unitPrice, l.cost]), [["each day's writes, eu-west-1 to us-east-1", "eu-west-1", 1520.83, 0.02, 30.42]]);
      assert.deepEqual(r.oneTime.lines.map((l) => [l.item, l.quantity, l.cost]), [["initial copy, eu-west-1 to us-east-1", 6000, 120]]);
      assert.equal(r.oneTime.total, 120);
      assert.equal(r.oneTime.complete, true);
      const same = costReport(stack("us-east-1", ["us-east-1"]), [], estimate());
      assert.deepEqual(byPart(same.monthly.lines, "transfer"), []);
      assert.deepEqual(same.oneTime.lines, []);
      assert.equal(same.oneTime.total, 0);
      assert.ok(same.notCounted.some((n) => n.startsWith("Within one region the peering's traffic is free inside one availability zone")));
    });

    it("splits the servers evenly over the sources, outside AWS too, and prices each pair at its own rate", () => {
      const r = costReport(stack("us-east-1", ["us-east-2", "ap-northeast-1", "us-east-2"], template(), 1), [], estimate({ servers: 8, disks: [{ gb: 100 }], dailyChangeGb: 1 }));
      // 4 sources: 2 each; us-east-2 has two of them (4 servers) at $0.01, ap-northeast-1 2 at $0.09; the data centre's 2 send nothing billed.
      assert.deepEqual(r.oneTime.lines.map((l) => [l.item, l.quantity, l.unitPrice, l.cost]), [
        ["initial copy, us-east-2 to us-east-1", 400, 0.01, 4],
        ["initial copy, ap-northeast-1 to us-east-1", 200, 0.09, 18],
      ]);
      assert.ok(r.assumptions.includes("The 8 servers are split evenly over the stack's 4 sources, 2 each."));
      assert.ok(r.notCounted.some((n) => n.startsWith("Servers outside AWS: data into AWS over a VPN or Direct Connect is free")));
    });

    it("averages the drills over the months, with the conversion servers shown unpriced", () => {
      const r = costReport(stack("us-east-1", ["us-east-2"]), [], estimate({ servers: 10, drillsPerYear: 4, drillHours: 4 }));
      assert.deepEqual(byPart(r.monthly.lines, "drills").map((l) => [l.item, l.quantity, l.unit, l.unitPrice ?? null, l.cost ?? null]), [
        // 4 x 4 h x 10 / 12 = 13.33 h x $0.096 = $1.28.
        ["drill instances (m5.large, assumed)", 13.33, "instance-hours", 0.096, 1.28],
        // 10 x 600 GB x 16 h / 12 / 730 h = 10.96 GB-months x $0.08 = $0.88.
        ["drill instance volumes (gp3, assumed)", 10.96, "GB-months", 0.08, 0.88],
        ["conversion servers during drill launches", 3.33, "launches", null, null],
      ]);
      assert.ok(r.monthly.unpriced.some((u) => u.startsWith("conversion servers during drill launches in us-east-1: 3.33 launches, DRS runs a conversion server")));
      assert.deepEqual(byPart(costReport(stack("us-east-1", ["us-east-2"]), [], estimate({ drillsPerYear: 0 })).monthly.lines, "drills"), []);
      assert.deepEqual(byPart(costReport(stack("us-east-1", ["us-east-2"]), [], estimate({ drillHours: 0 })).monthly.lines, "drills"), []);
      const other = costReport(stack("us-east-1", ["us-east-2"]), [], estimate({ drillInstanceType: "c7i.4xlarge" }));
      assert.equal(byPart(other.monthly.lines, "drills")[0].unpricedBecause, "no price for us-east-1 in the table");
    });

    it("assumes DRS's own default template when the stack does not manage replication", () => {
      const r = costReport(stack("us-east-1", ["us-east-2"], null), [], estimate());
      assert.ok(r.assumptions.some((a) => a.startsWith("The stack does not manage replication (replication.enabled is false): DRS's own default template is assumed, t3.small replication servers, shared, Auto staging disks, 7 days")));
      assert.equal(byPart(r.monthly.lines, "staging-disks")[1].lowerBound, true);
    });
  });

  describe("regions without a sourced price", () => {
    it("leaves every DR line of eu-west-2 unpriced, the total the network's alone and 'at least', never $0", () => {
      const network = [endpoint("drs", "eu-west-2", 2), zone];
      const r = costReport(stack("eu-west-2", ["eu-west-1"]), network, estimate());
      const dr = r.monthly.lines.filter((l) => l.part !== "network" && l.part !== "transfer");
      assert.ok(dr.length > 0);
      for (const l of dr) {
        assert.equal(l.cost, undefined, l.item);
        assert.equal(l.unitPrice, undefined, l.item);
      }
      // Transfer out of eu-west-1 has a price: only it is counted beside the network.
      assert.deepEqual(byPart(r.monthly.lines, "transfer").map((l) => l.cost), [30.42]);
      assert.equal(r.monthly.total, cents(estimateMonthlyCost(network).monthlyTotal + 30.42));
      assert.equal(r.monthly.complete, false);
      assert.ok(r.monthly.unpriced.includes("DRS source servers in eu-west-2: 7300 server-hours, no price for eu-west-2 in the table"));
    });

    it("leaves transfer from a region without a rate unpriced, with why", () => {
      const r = costReport(stack("us-east-1", ["me-central-1"]), [], estimate());
      assert.deepEqual(r.oneTime.unpriced, ["initial copy, me-central-1 to us-east-1 in me-central-1: 6000 GB, no inter-region transfer price from me-central-1 in the table"]);
      assert.equal(r.oneTime.complete, false);
      assert.equal(r.oneTime.total, 0);
    });

    it("has a price only where a source gives it, each naming a source", () => {
      assert.deepEqual(Object.keys(DRS_SERVER_HOUR).sort(), ["ap-south-2", "us-east-2", "us-gov-east-1", "us-gov-west-1"]);
      for (const table of [DRS_SERVER_HOUR, SNAPSHOT_GB_MONTH, ...Object.values(EC2_INSTANCE_HOUR), ...Object.values(EBS_GB_MONTH)]) {
        for (const price of Object.values(table)) {
          assert.ok(price !== undefined && price.usd > 0);
          assert.ok(PRICE_SOURCES[price.source].length > 40);
        }
      }
      assert.equal(interRegionTransferPerGb("us-east-1", "us-east-1"), undefined);
      assert.equal(interRegionTransferPerGb("us-east-1", "us-east-2")?.usd, 0.01);
      assert.equal(interRegionTransferPerGb("us-east-1", "us-west-2")?.usd, 0.02);
      assert.equal(interRegionTransferPerGb("ca-west-2", "us-east-1"), undefined);
    });
  });

  describe("over generated estimates (fast-check)", () => {
    const regions = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-west-2", "ap-south-2", "me-central-1"];
    const arbStack = fc.record({
      dr: fc.constantFrom(...regions),
      sources: fc.array(fc.constantFrom(...regions), { minLength: 1, maxLength: 3 }),
      external: fc.integer({ min: 0, max: 2 }),
      replication: fc.option(
        fc.record({
          instanceType: fc.constantFrom("t3.small", "m5.large", "c5.large"),
          useDedicatedReplicationServer: fc.boolean(),
          stagingDiskType: fc.constantFrom("GP2", "GP3", "ST1", "AUTO") as fc.Arbitrary<CostReplication["stagingDiskType"]>,
          pitRetentionDays: fc.integer({ min: 1, max: 365 }),
        }),
        { nil: null },
      ),
    });
    const arbEstimate = fc.record({
      servers: fc.integer({ min: 0, max: 300 }),
      disks: fc.array(fc.record({ gb: fc.integer({ min: 1, max: 65536 }) }), { minLength: 1, maxLength: 60 }),
      dailyChangeGb: fc.double({ min: 0, max: 5000, noNaN: true }),
      drillsPerYear: fc.integer({ min: 0, max: 12 }),
      drillHours: fc.integer({ min: 0, max: 48 }),
    });
    type Generated = { dr: string; sources: string[]; external: number; replication: CostReplication | null };
    const run = (s: Generated, e: Omit<EstimateSettings, "drillInstanceType">) =>
      costReport(stack(s.dr, s.sources, s.replication, s.external), [endpoint("drs", s.dr, 2), zone], { ...e, drillInstanceType: "m5.large" });
    const notLess = (a: ReturnType<typeof run>, b: ReturnType<typeof run>) => b.monthly.total >= a.monthly.total && b.oneTime.total >= a.oneTime.total;

    it("gives exactly today's network figure for zero servers", () => {
      fc.assert(
        fc.property(arbStack, arbEstimate, (s, e) => {
          const network = [endpoint("drs", s.dr, 2), zone];
          const r = run(s, { ...e, servers: 0 });
          const today = estimateMonthlyCost(network);
          return r.monthly.total === today.monthlyTotal && r.monthly.complete === today.complete && r.monthly.lines.every((l) => l.part === "network") && r.oneTime.total === 0;
        }),
      );
    });

    it("never falls as servers are added", () => {
      fc.assert(fc.property(arbStack, arbEstimate, fc.integer({ min: 0, max: 50 }), (s, e, more) => notLess(run(s, e), run(s, { ...e, servers: Math.min(300, e.servers + more) }))));
    });

    it("never falls as a disk is added or grows", () => {
      fc.assert(
        fc.property(arbStack, arbEstimate, fc.integer({ min: 1, max: 65536 }), fc.nat(), (s, e, gb, pick) => {
          const bigger = e.disks.map((d, i) => (i === pick % e.disks.length ? { gb: Math.min(65536, d.gb + gb) } : d));
          const more = e.disks.length < 60 ? [...e.disks, { gb }] : e.disks;
          return notLess(run(s, e), run(s, { ...e, disks: bigger })) && notLess(run(s, e), run(s, { ...e, disks: more }));
        }),
      );
    });

    it("never falls as each server writes more a day", () => {
      fc.assert(fc.property(arbStack, arbEstimate, fc.double({ min: 0, max: 1000, noNaN: true }), (s, e, more) => notLess(run(s, e), run(s, { ...e, dailyChangeGb: e.dailyChangeGb + more }))));
    });

    it("totals exactly its priced lines, and says 'at least' whenever a line is unpriced or a lower bound", () => {
      fc.assert(
        fc.property(arbStack, arbEstimate, (s, e) => {
          const r = run(s, e);
          return [r.monthly, r.oneTime].every(
            (sec) =>
              sec.total === cents(sec.lines.reduce((t, l) => t + (l.cost ?? 0), 0)) &&
              sec.complete === sec.lines.every((l) => l.cost !== undefined && l.lowerBound !== true) &&
              sec.unpriced.length === sec.lines.filter((l) => l.cost === undefined).length,
          );
        }),
      );
    });
  });

  describe("the worked example of docs/cost.md: 10 servers in us-east-2 protected to us-east-1", () => {
    // The published figures each unit price is read from (lib/prices.ts names the sources).
    const published = {
      t3small: 0.0208, // "$0.0208 per On Demand Linux t3.small Instance Hour", us-east-1
      m5large: 0.096, // "$0.096 per On Demand Linux m5.large Instance Hour", us-east-1
      gp3: 3.2 / 40, // infracost: gp3 40 GB $3.20
      magnetic: 1.0 / 20, // infracost: magnetic 20 GB $1.00
      snapshot: 0.5 / 10, // infracost: 10 GB-months $0.50
      usEastToUsEast: 2.0 / 200, // infracost: 200 GB from us-east-2 to US East regions $2.00
      endpointAzHour: 0.01, // PrivateLink pricing, us-east-1
      hostedZone: 0.5, // Route 53 pricing
    };
    const config = { sourceRegion: "us-east-2", drRegion: "us-east-1", replication: { enabled: true } };
    const example = estimate({ servers: 10, disks: [{ gb: 100 }, { gb: 500 }], dailyChangeGb: 5, drillsPerYear: 4, drillHours: 4 });
    let report: ReturnType<typeof costReport>;
    before(async () => {
      const result = await synth(config);
      report = costReport(parseSettings(config), declaredResources(result.resources), example);
    });

    it("recomputes every priced line from the published prices", () => {
      const expected = [
        ["2 replication servers (t3.small, shared)", cents(Math.ceil(20 / 15) * 730 * published.t3small)],
        ["staging disks of 125 GB or less (Magnetic, standard)", cents(10 * 100 * published.magnetic)],
        ["staging disks over 125 GB (gp3)", cents(10 * 500 * published.gp3)],
        ["point-in-time snapshots (7 days kept)", cents(10 * (600 + 5 * 7) * published.snapshot)],
        ["each day's writes, us-east-2 to us-east-1", cents(10 * 5 * DAYS_PER_MONTH * published.usEastToUsEast)],
        ["drill instances (m5.large, assumed)", cents(((4 * 4 * 10) / 12) * published.m5large)],
        ["drill instance volumes (gp3, assumed)", cents(((10 * 600 * 4 * 4) / 12 / 730) * published.gp3)],
      ] as const;
      const dr = report.monthly.lines.filter((l) => l.part !== "network" && l.cost !== undefined).map((l) => [l.item, l.cost]);
      assert.deepEqual(dr, expected);
      assert.deepEqual(
        expected.map(([, c]) => c),
        [30.37, 50, 400, 317.5, 15.21, 1.28, 0.88],
      );
      const network = cents(3 * 2 * 730 * published.endpointAzHour + published.hostedZone);
      assert.equal(network, 44.3);
      assert.equal(report.network.monthlyTotal, network);
      assert.equal(report.monthly.total, cents(expected.reduce((s, [, c]) => s + c, 0) + network));
      assert.equal(report.monthly.total, 859.54);
    });

    it("is a lower bound: DRS's fee in us-east-1 and the conversion servers have no sourced price", () => {
      assert.equal(report.monthly.complete, false);
      assert.deepEqual(report.monthly.unpriced, [
        "DRS source servers in us-east-1: 7300 server-hours, no price for us-east-1 in the table",
        "conversion servers during drill launches in us-east-1: 3.33 launches, DRS runs a conversion server in the staging subnet for a launch; its instance type and run time are in no source read, so it is not priced",
      ]);
    });

    it("sends 6,000 GB once for the initial sync: $60.00", () => {
      assert.deepEqual(report.oneTime.lines.map((l) => [l.item, l.quantity, l.cost]), [["initial copy, us-east-2 to us-east-1", 6000, cents(6000 * published.usEastToUsEast)]]);
      assert.equal(report.oneTime.total, 60);
      assert.equal(report.oneTime.complete, true);
    });
  });
});
