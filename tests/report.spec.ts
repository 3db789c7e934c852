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
    assert.deepEqual(Object.keys(json), ["stack", "sourceRegion", "drRegion", "drsDnsMode", "replication", "resources", "outputs", "outputsArePlaceholders", "diagram", "cost", "quotas", "verdicts", "passed", "notes"]);
    for (const r of report.resources) assert.deepEqual(Object.keys(r), ["region", "component", "type", "name", "inputs"]);
    assert.deepEqual(Object.keys(report.cost), ["currency", "source", "asOf", "lines", "monthlyTotal", "complete", "unpriced", "notes"]);
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
      // One edge per VPC and target: the source VPC's 6 flows to the staging endpoints as one.
      '  source_vpc -->|"TCP 443, 6 flows"| staging_vpc',
      '  source_vpc -->|"S3 prefix list, 2 flows"| source_s3_gateway_endpoint',
      '  staging_vpc -->|"TCP 443, 2 flows"| link_drs_endpoint',
      '  staging_vpc -->|"TCP 443, 2 flows"| link_ec2_endpoint',
      '  staging_vpc -->|"S3 prefix list, 2 flows"| link_s3_gateway_endpoint',
    ]) {
      assert.ok(lines.includes(expected), `missing: ${expected}`);
    }
    assert.equal(lines.filter((l) => l.includes(" -->|")).length, 5);
  });

  it("shows each security group rule's peer: a block, a group by name, or a prefix list by its service", async () => {
    const result = await synth({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", replication: { enabled: true } });
    const drs = buildReport({ stack: "drs", sourceRegion: "eu-west-1", drRegion: "eu-west-2", drsDnsMode: "private-hosted-zone", replication: true, resources: declaredResources(result.resources), outputs: result.outputs });
    assert.deepEqual(drs.resources.find((r) => r.name === "replication-replication-sg")?.inputs.egress, ["TCP 443 sg link-endpoints-sg", "TCP 443 prefix list com.amazonaws.eu-west-2.s3"]);
    assert.deepEqual(drs.resources.find((r) => r.name === "replication-source-server-sg")?.inputs.egress, [
      "TCP 443 10.0.0.0/24, 10.0.1.0/24",
      "TCP 1500 10.0.0.0/24, 10.0.1.0/24",
      "TCP 443 prefix list com.amazonaws.eu-west-1.s3",
    ]);
    assert.deepEqual((drs.resources.find((r) => r.name === "staging-nacl")?.inputs.ingress as string[]).slice(2, 3), ["120 deny ALL 10.1.0.0/16"]);
  });

  it("says the total is partial, and which lines lack a price, for a region the table does not price", async () => {
    const result = await synth({ sourceRegion: "eu-central-1", drRegion: "eu-west-3" });
    const partial = buildReport({ stack: "p", sourceRegion: "eu-central-1", drRegion: "eu-west-3", drsDnsMode: "private-hosted-zone", replication: false, resources: declaredResources(result.resources), outputs: result.outputs });
    assert.equal(partial.cost.complete, false);
    assert.equal(partial.cost.unpriced.length, 3);
    const markdown = reportToMarkdown(partial);
    assert.match(markdown, /Fixed cost \*\*not known in full\*\*: at least \$0\.50 a month, without 3 unpriced lines/);
    assert.doesNotMatch(markdown, /about \*\*\$/);
    assert.ok(markdown.includes("| **Total of the priced lines only (partial)** | | | | **at least $0.50** |"));
    assert.ok(markdown.includes("- Traffic over the peering between eu-central-1 and eu-west-3 is billed as inter-region data transfer out of each side's region (AWS EC2 pricing"));
    assert.doesNotMatch(markdown, /eu-west-1 to eu-west-2/);
  });

  it("warns, without failing, that a DR copy in the servers' own region is not regionally isolated", async () => {
    const result = await synth({ sourceRegion: "eu-central-1", drRegion: "eu-central-1" });
    const same = buildReport({ stack: "s", sourceRegion: "eu-central-1", drRegion: "eu-central-1", drsDnsMode: "private-hosted-zone", replication: false, resources: declaredResources(result.resources), outputs: result.outputs });
    assert.equal(same.passed, true);
    const warning = same.verdicts.find((v) => v.kind === "warning");
    assert.equal(warning?.id, "warning:same-region:link-peering");
    const markdown = reportToMarkdown(same);
    assert.match(markdown, /all passed\*\*, \*\*1 warning\*\*\./);
    assert.ok(markdown.includes("- WARN the DR copy is in the same region as the servers it protects (link-peering)\n  - note: link-peering joins two VPCs of eu-central-1: the DR copy is not regionally isolated"));
    assert.equal(same.cost.complete, true);
  });

  it("draws a blocked flow as blocked, naming the component", async () => {
    const broken = await devReport((r) => r.filter((x) => x.name !== "link-peering-accepter"));
    assert.equal(broken.passed, false);
    assert.ok(broken.diagram.includes('  source_vpc <-->|"link-peering (NOT accepted)"| staging_vpc'));
    assert.ok(broken.diagram.includes('  source_vpc -.-x|"TCP 443, 6 flows: 6 blocked by link-peering"| staging_vpc'), broken.diagram);
  });

  it("renders Markdown with the verdicts, the diagram, the resources, the outputs and the cost", () => {
    const markdown = reportToMarkdown(report);
    assert.match(markdown, /^# drs-secured-network synth: dev\n/);
    assert.match(markdown, /37 resources, 27 verdicts, \*\*all passed\*\*\. Fixed cost about \*\*\$48\.18 a month\*\*/);
    for (const heading of ["## Verdicts", "## Diagram", "## Resources", "### eu-west-2 / StagingVpc", "## Stack outputs", "## Fixed monthly cost"]) {
      assert.ok(markdown.includes(`\n${heading}\n`), heading);
    }
    assert.ok(markdown.includes("```mermaid\nflowchart LR\n"));
    assert.ok(markdown.includes("placeholders from the mock runtime until the stack is deployed"));
    assert.ok(markdown.includes("- PASS source-subnet-0 (10.1.0.0/24) reaches the DRS interface endpoint on TCP 443, and the replies come back"));
    assert.ok(markdown.includes("| **Total** | | | | **$48.18** |"));
    assert.ok(markdown.includes("- Traffic over the peering between eu-west-1 and eu-west-2 is billed as inter-region data transfer out of each side's region, about $0.02/GB from eu-west-1 to eu-west-2"));
    assert.ok(markdown.includes("> a note"));
    // A pipe inside a value must not break its table row.
    assert.ok(markdown.includes("sha512sum aws-replication-installer-init \\| cut"));
  });
});
