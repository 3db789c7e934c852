import * as assert from "node:assert/strict";
import type { DeclaredResource } from "../lib/verifier";
import { buildReport, reportToMarkdown, SynthReport } from "../synth/report";
import { declaredResources, synth } from "../synth/run";

async function devReport(change: (r: DeclaredResource[]) => DeclaredResource[] = (r) => r): Promise<SynthReport> {
  // The blog's form (--endpoint, no zone): the DNS-mode line and the zone's cost are covered in cost.spec and synthCli.
  const result = await synth({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", drsDnsMode: "endpoint-flag" });
  return buildReport({
    stack: "dev",
    sourceRegion: "eu-west-1",
    drRegion: "eu-west-2",
    drsDnsMode: "endpoint-flag",
    replication: false,
    resources: change(declaredResources(result.resources)),
    outputs: result.outputs,
    notes: ["a note"],
  });
}

describe("synth/report", () => {
  let report: SynthReport;
  before(async () => {
    report = await devReport();
  });

  it("has the documented JSON shape", () => {
    const json = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ["stack", "sourceRegion", "drRegion", "drsDnsMode", "replication", "resources", "outputs", "outputsArePlaceholders", "diagram", "cost", "verdicts", "passed", "notes"]);
    for (const r of report.resources) assert.deepEqual(Object.keys(r), ["region", "component", "type", "name", "inputs"]);
    assert.deepEqual(Object.keys(report.cost), ["currency", "source", "asOf", "lines", "monthlyTotal", "unpriced", "notes"]);
    for (const v of report.verdicts) {
      assert.deepEqual(Object.keys(v).filter((k) => !["id", "kind", "flow", "between", "description", "passed", "path", "blockedBy", "offenders", "notes"].includes(k)), []);
    }
    assert.equal(json.outputsArePlaceholders, true);
    assert.equal(json.passed, true);
  });

  it("lists every declared resource but the components, grouped by region then component in data-flow order", () => {
    assert.equal(report.resources.length, 37);
    const groups = [...new Set(report.resources.map((r) => `${r.region}/${r.component}`))];
    assert.deepEqual(groups, ["eu-west-1/providers", "eu-west-1/SourceVpc", "eu-west-1/Link", "eu-west-2/providers", "eu-west-2/StagingVpc", "eu-west-2/Link"]);
  });

  it("shows key inputs with other resources' ids as their logical names", () => {
    const route = report.resources.find((r) => r.name === "link-source-rt-to-staging");
    assert.deepEqual(route?.inputs, { routeTableId: "source-rt", destinationCidrBlock: "10.0.0.0/16", vpcPeeringConnectionId: "link-peering" });
    const sg = report.resources.find((r) => r.name === "link-endpoints-sg");
    assert.deepEqual(sg?.inputs, { vpcId: "staging-vpc", ingress: ["TCP 443 10.1.0.0/16", "TCP 443 10.0.0.0/24", "TCP 443 10.0.1.0/24"], egress: [] });
    const endpoint = report.resources.find((r) => r.name === "link-drs-endpoint");
    assert.deepEqual(endpoint?.inputs.subnetIds, ["staging-subnet-0", "staging-subnet-1"]);
  });

  it("draws both VPCs with their subnets and endpoints, the accepted peering, and every flow", () => {
    const lines = report.diagram.split("\n");
    assert.equal(lines[0], "flowchart LR");
    for (const expected of [
      '  subgraph region_eu_west_1["eu-west-1"]',
      '    subgraph source_vpc["source-vpc 10.1.0.0/16"]',
      '      source_subnet_0["source-subnet-0<br/>10.1.0.0/24 eu-west-1a"]',
      '      link_drs_endpoint{{"link-drs-endpoint<br/>drs Interface"}}',
      '      link_s3_gateway_endpoint{{"link-s3-gateway-endpoint<br/>s3 Gateway"}}',
      '  source_vpc <-->|"link-peering (accepted)"| staging_vpc',
      '  source_subnet_1 -->|"TCP 443"| link_s3_endpoint',
      '  staging_subnet_0 -->|"S3 prefix list"| link_s3_gateway_endpoint',
    ]) {
      assert.ok(lines.includes(expected), `missing: ${expected}`);
    }
    // 12 flows to the staging endpoints, and 2 to the source VPC's package repository endpoint.
    assert.equal(lines.filter((l) => l.includes(" -->|")).length, 14);
  });

  it("draws a blocked flow as blocked, naming the component", async () => {
    const broken = await devReport((r) => r.filter((x) => x.name !== "link-peering-accepter"));
    assert.equal(broken.passed, false);
    assert.ok(broken.diagram.includes('  source_vpc <-->|"link-peering (NOT accepted)"| staging_vpc'));
    assert.ok(broken.diagram.includes('  source_subnet_0 -.-x|"TCP 443 blocked by link-peering"| link_drs_endpoint'));
  });

  it("renders Markdown with the verdicts, the diagram, the resources, the outputs and the cost", () => {
    const markdown = reportToMarkdown(report);
    assert.match(markdown, /^# drs-secured-network synth: dev\n/);
    assert.match(markdown, /37 resources, 26 verdicts, \*\*all passed\*\*\. Fixed cost about \*\*\$48\.18 a month\*\*/);
    for (const heading of ["## Verdicts", "## Diagram", "## Resources", "### eu-west-2 / StagingVpc", "## Stack outputs", "## Fixed monthly cost"]) {
      assert.ok(markdown.includes(`\n${heading}\n`), heading);
    }
    assert.ok(markdown.includes("```mermaid\nflowchart LR\n"));
    assert.ok(markdown.includes("placeholders from the mock runtime until the stack is deployed"));
    assert.ok(markdown.includes("- PASS source-subnet-0 (10.1.0.0/24) reaches the DRS interface endpoint on TCP 443, and the replies come back"));
    assert.ok(markdown.includes("| **Total (priced lines)** | | | | **$48.18** |"));
    assert.ok(markdown.includes("> a note"));
    // A pipe inside a value must not break its table row.
    assert.ok(markdown.includes("sha512sum aws-replication-installer-init \\| cut"));
  });
});
