import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, parseSettings } from "../settings";
import { DEFAULT_DRILL_INSTANCE_TYPE, estimateSchema } from "../settings/estimateSchema";
import { main, summaryLine, synthReport } from "../synth/cli";
import { reportToMarkdown, SynthReport } from "../synth/report";

const P = "drs-secured-network";
const ESTIMATE_KEY = `${P}:estimate`;
const EXAMPLE = { servers: 10, disks: [{ gb: 100 }, { gb: 500 }], dailyChangeGb: 5, drillsPerYear: 4, drillHours: 4 };

/** The problems the settings report for an estimate value (as Pulumi config holds it), one line each. */
function problemsOf(value: unknown): string[] {
  try {
    parseSettings({ sourceRegion: "us-east-2", drRegion: "us-east-1", estimate: JSON.stringify(value) });
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.problems.map((p) => `${p.key}: ${p.message}`);
  }
  return [];
}

describe("settings/estimateSchema", () => {
  it("takes the issue's example, drills defaulting to none and the drill type to m5.large", () => {
    assert.deepEqual(estimateSchema.parse(EXAMPLE), { ...EXAMPLE, drillInstanceType: "m5.large" });
    assert.deepEqual(estimateSchema.parse({ servers: 0, disks: [{ gb: 1 }], dailyChangeGb: 0 }), {
      servers: 0,
      disks: [{ gb: 1 }],
      dailyChangeGb: 0,
      drillsPerYear: 0,
      drillHours: 0,
      drillInstanceType: DEFAULT_DRILL_INSTANCE_TYPE,
    });
  });

  it("refuses what AWS does not allow, each message completing '<key>: <value> ...'", () => {
    assert.deepEqual(problemsOf({ ...EXAMPLE, servers: 301 }), ["estimate.servers: 301 must be from 0 to 300: DRS replicates at most 300 source servers per account and Region"]);
    assert.deepEqual(problemsOf({ ...EXAMPLE, servers: 2.5 }), ["estimate.servers: 2.5 must be a whole number from 0 to 300: DRS replicates at most 300 source servers per account and Region"]);
    assert.deepEqual(problemsOf({ ...EXAMPLE, disks: [] }), ["estimate.disks: [] must list at least one disk: each server has a boot disk"]);
    const sixtyOne = problemsOf({ ...EXAMPLE, disks: Array.from({ length: 61 }, () => ({ gb: 1 })) });
    assert.equal(sixtyOne.length, 1);
    assert.match(sixtyOne[0], /^estimate\.disks: \[\{"gb":1\}.*\.\.\. lists more than 60 disks: DRS replicates at most 60 volumes of a source server$/);
    assert.deepEqual(problemsOf({ ...EXAMPLE, disks: [{ gb: 65537 }] }), ["estimate.disks[0].gb: 65537 must be from 1 to 65536 GB: an EBS volume is at most 64 TiB"]);
    assert.deepEqual(problemsOf({ ...EXAMPLE, dailyChangeGb: -1 }), ["estimate.dailyChangeGb: -1 must be a number of GB from 0 up: what each server writes in a day"]);
    assert.deepEqual(problemsOf({ ...EXAMPLE, drillsPerYear: 366 }), ["estimate.drillsPerYear: 366 must be from 0 to 365 drills a year"]);
    assert.deepEqual(problemsOf({ ...EXAMPLE, drillHours: 9000 }), ["estimate.drillHours: 9000 must be from 0 to 8760 hours (a year's) a drill"]);
    assert.deepEqual(problemsOf({ ...EXAMPLE, drillsPerYear: 365, drillHours: 25 }), [
      `estimate: ${JSON.stringify({ ...EXAMPLE, drillsPerYear: 365, drillHours: 25 })} has more drill hours (drillsPerYear x drillHours) than the 8760 hours of a year`,
    ]);
    assert.deepEqual(problemsOf({ ...EXAMPLE, servers: "10" }), ["estimate.servers: \"10\" is a string, not a number: write 10 without quotes"]);
    assert.deepEqual(problemsOf([1]), ["estimate: [1] must be an object: { servers, disks, dailyChangeGb, drillsPerYear?, drillHours?, drillInstanceType? }"]);
    assert.equal(problemsOf({ ...EXAMPLE, server: 1 }).length, 1);
  });
});

describe("synth/cli: the estimate reaches the report", () => {
  it("reads the estimate key, and an empty value (Pulumi.yaml's default) as none", () => {
    const base = { sourceRegion: "us-east-2", drRegion: "us-east-1" };
    assert.equal(parseSettings(base).estimate, undefined);
    for (const empty of ["{}", ""]) assert.equal(parseSettings({ ...base, estimate: empty }).estimate, undefined);
    assert.deepEqual(parseSettings({ ...base, estimate: JSON.stringify(EXAMPLE) }).estimate, { ...EXAMPLE, drillInstanceType: "m5.large" });
  });

  describe("with the worked example's estimate (us-east-2 to us-east-1)", () => {
    let report: SynthReport;
    let markdown: string;
    before(async () => {
      report = await synthReport("example", {
        [`${P}:sourceRegion`]: "us-east-2",
        [`${P}:drRegion`]: "us-east-1",
        [`${P}:replication`]: JSON.stringify({ enabled: true }),
        [ESTIMATE_KEY]: JSON.stringify(EXAMPLE),
      });
      markdown = reportToMarkdown(report);
    });

    it("carries the model in the JSON beside today's fixed cost, which is unchanged", () => {
      const json = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
      const keys = Object.keys(json);
      assert.equal(keys[keys.indexOf("cost") + 1], "drCost");
      const dr = report.drCost;
      assert.ok(dr !== undefined);
      assert.deepEqual(Object.keys(dr), ["currency", "asOf", "drRegion", "estimate", "monthly", "oneTime", "assumptions", "notCounted", "withoutEstimate", "failbackActiveAdds", "sources", "network"]);
      assert.equal(dr.monthly.total, 859.54);
      assert.equal(dr.oneTime.total, 60);
      assert.deepEqual(dr.network, report.cost);
      assert.equal(report.cost.monthlyTotal, 44.3);
    });

    it("says the monthly steady state and the one-time initial sync in the headline and its section", () => {
      assert.match(markdown, /Fixed cost about \*\*\$44\.30 a month\*\*\. With the estimate \(10 servers\), DR costs \*\*at least \$859\.54\*\* a month and about \*\*\$60\.00\*\* once for the initial sync \(see What DR will cost\)\./);
      assert.ok(markdown.includes("## What DR will cost"));
      assert.ok(markdown.includes("Estimate: 10 servers in all, each with 100 GB + 500 GB of disks and 5 GB written a day, 4 drills a year of 4 h; DR region us-east-1; prices as of 2026-12."));
      assert.ok(markdown.includes("**Monthly, steady state: at least $859.54.** **Once, the initial sync: about $60.00.**"));
    });

    it("shows each line with its quantity, unit price, formula and numbered source, unpriced lines as not known", () => {
      const rows = markdown.split("\n").filter((l) => l.startsWith("| "));
      assert.ok(rows.includes("| DRS source servers | us-east-1 | 7300 server-hours | not known | ? | 10 servers x 730 h |  |"));
      assert.ok(rows.includes("| staging disks over 125 GB (gp3) | us-east-1 | 5000 GB-months | $0.08 | $400.00 | 10 servers x (500) GB | 2 |"));
      assert.ok(rows.includes("| each day's writes, us-east-2 to us-east-1 | us-east-2 | 1520.83 GB | $0.01 | $15.21 | 10 servers x 5 GB a day x 30.42 days | 4 |"));
      assert.ok(rows.includes("| initial copy, us-east-2 to us-east-1 | us-east-2 | 6000 GB | $0.01 | $60.00 | 10 servers x 600 GB | 4 |"));
      assert.ok(rows.includes("| **Total of the priced lines only (partial)** | | | | **at least $859.54** | | |"));
      assert.ok(rows.includes("| **Total** | | | | **$60.00** | | |"));
      // The network's lines are the fixed cost's table: one row here, each line still in the JSON.
      assert.ok(rows.includes("| the network: the 9 lines of the fixed monthly cost above | us-east-2, global, us-east-1 | | | $44.30 | fixed: billed whether or not a byte flows | 5 |"));
      assert.equal(report.drCost?.monthly.lines.filter((l) => l.part === "network").length, 9);
      assert.ok(markdown.includes("- Not priced: DRS source servers in us-east-1: 7300 server-hours, no price for us-east-1 in the table"));
      assert.match(markdown, /\n1\. AWS Price List \(AmazonEC2 version 20260320042925/);
    });

    it("lists the assumptions and what is not counted", () => {
      for (const heading of ["### Monthly", "### Once: the initial sync", "### Assumptions", "### Not counted", "### Sources"]) assert.ok(markdown.includes(`\n${heading}\n`), heading);
      assert.ok(markdown.includes("- A month is 730 hours (30.42 days), as AWS bills; DRS bills each replicating server every hour of it."));
      assert.ok(markdown.includes("- Staging disk types: DRS guide, Amazon EBS volumes, https://docs.aws.amazon.com/drs/latest/userguide/volumes-drs.html"));
      assert.ok(markdown.includes("- Replication data goes from the agents to the replication servers on TCP 1500 over the peering, not through the interface endpoints"));
    });

    it("prints the DR figures in the one-line summary", () => {
      assert.equal(
        summaryLine({ ...report, verdicts: report.verdicts }),
        `example: ${report.resources.length} resources, all ${report.verdicts.length} verdicts passed, fixed cost about $44.30 a month; with the estimate's 10 servers, DR at least $859.54 a month and about $60.00 once (see What DR will cost)\n`,
      );
    });
  });

  it("without an estimate, says the total is the network's and what one would add, priced or not in the DR region", async () => {
    const report = await synthReport("dev", { [`${P}:sourceRegion`]: "eu-west-1", [`${P}:drRegion`]: "eu-west-2" });
    const dr = report.drCost;
    assert.ok(dr !== undefined);
    assert.equal(dr.estimate, undefined);
    assert.equal(dr.monthly.total, report.cost.monthlyTotal);
    assert.deepEqual(dr.oneTime.lines, []);
    const markdown = reportToMarkdown(report);
    assert.doesNotMatch(markdown, /With the estimate/);
    assert.ok(markdown.includes(`## What DR will cost\n\nMonthly, steady state: the network above, about **$${report.cost.monthlyTotal.toFixed(2)}**.`));
    assert.ok(markdown.includes("No estimate is set, so this is the network only. With `estimate: { servers, disks: [{ gb }], dailyChangeGb, drillsPerYear, drillHours }` the report adds, in eu-west-2:"));
    for (const item of [
      "- DRS's fee per source server-hour (not priced: no DRS price for eu-west-2 in the table);",
      "- the replication servers, t3.small (not priced: no EC2 price for eu-west-2 in the table);",
      "- the staging disks, Magnetic up to 125 GB (not priced: no Magnetic price for eu-west-2 in the table) and sc1 above (not priced: no sc1 price for eu-west-2 in the table);",
      "- the transfer of the initial copy, once, and of each day's writes: eu-west-1 to eu-west-2 $0.02 per GB;",
    ]) {
      assert.ok(markdown.includes(item), item);
    }
    assert.equal(summaryLine(report), `dev: ${report.resources.length} resources, all ${report.verdicts.length} verdicts passed, fixed cost about $${report.cost.monthlyTotal.toFixed(2)} a month\n`);
  });

  it("runs `npm run synth -- --stack` with an estimate from the stack file, as Pulumi.yaml declares it", async () => {
    const root = mkdtempSync(join(tmpdir(), "drs-estimate-"));
    try {
      writeFileSync(join(root, "Pulumi.yaml"), readFileSync(join(__dirname, "..", "Pulumi.yaml"), "utf8"));
      writeFileSync(
        join(root, "Pulumi.example.yaml"),
        [
          "config:",
          `  ${P}:sourceRegion: us-east-2`,
          `  ${P}:drRegion: us-east-1`,
          `  ${P}:replication:`,
          "    enabled: true",
          `  ${P}:estimate:`,
          "    servers: 10",
          "    disks: [ { gb: 100 }, { gb: 500 } ]",
          "    dailyChangeGb: 5",
          "    drillsPerYear: 4",
          "    drillHours: 4",
          "",
        ].join("\n"),
      );
      writeFileSync(join(root, "Pulumi.none.yaml"), `config:\n  ${P}:sourceRegion: us-east-2\n  ${P}:drRegion: us-east-1\n`);
      let out = "";
      let err = "";
      const json = join(root, "report.json");
      const code = await main(["--stack", "example", "--json", json], (t) => (out += t), (t) => (err += t), root);
      assert.equal(code, 0, err);
      assert.match(out, /fixed cost about \$44\.30 a month; with the estimate's 10 servers, DR at least \$859\.54 a month and about \$60\.00 once \(see What DR will cost\)\n$/);
      const report = JSON.parse(readFileSync(json, "utf8")) as SynthReport;
      assert.equal(report.drCost?.monthly.total, 859.54);
      // The declared default, {}, is no estimate.
      out = "";
      assert.equal(await main(["--stack", "none", "--json", json], (t) => (out += t), (t) => (err += t), root), 0, err);
      assert.doesNotMatch(out, /estimate/);
      assert.equal((JSON.parse(readFileSync(json, "utf8")) as SynthReport).drCost?.estimate, undefined);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("refuses a bad estimate with the config's own error, naming the key", async () => {
    await assert.rejects(
      synthReport("bad", { [`${P}:sourceRegion`]: "eu-west-1", [`${P}:drRegion`]: "eu-west-2", [ESTIMATE_KEY]: JSON.stringify({ ...EXAMPLE, servers: 400 }) }),
      (e: unknown) => e instanceof ConfigError && /estimate\.servers: 400 must be from 0 to 300/.test(e.message),
    );
  });
});
