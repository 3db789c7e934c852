/**
 * The synth report: what the program declares, grouped by region and component with each resource's key inputs;
 * the stack outputs; a Mermaid diagram of the network and its flows; the fixed monthly cost and, from the stack's
 * settings, what DR costs with its servers and data (lib/costModel.ts); and the verifier's verdicts. Built from a mock-runtime run; rendered as JSON (its shape is documented in docs/verify.md) or Markdown.
 */
import { CostEstimate, estimateMonthlyCost } from "../lib/cost";
import { CostModelSettings, CostReport, costReport, ModelLine, ModelSection, RULE_SOURCES } from "../lib/costModel";
import type { EstimateSettings } from "../settings/estimateSchema";
import type { QuotaRow } from "../lib/quotas";
import { allPassed, DeclaredResource, Verdict, verdictMarkdown, verifyNetwork, VerifierContext } from "../lib/verifier";

/** One declared resource in the report. */
export interface ReportResource {
  /** The provider's region, or `global` for a provider-less resource such as a component. */
  readonly region: string;
  /** The component it belongs to (`SourceVpc`, `StagingVpc`, `Link`), or `providers`/`stack`. */
  readonly component: string;
  readonly type: string;
  readonly name: string;
  /** The inputs that say what it is; ids of other declared resources are shown as their logical names. */
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** The whole report; `JSON.stringify` of this is the `--json` file. */
export interface SynthReport {
  /** The stack (or config file) the report is for. */
  readonly stack: string;
  readonly sourceRegion: string;
  readonly drRegion: string;
  /** How source servers find the DRS endpoint: `endpoint-flag` or `private-hosted-zone`. */
  readonly drsDnsMode: string;
  /** Whether the program manages DRS replication (`replication.enabled`). */
  readonly replication: boolean;
  readonly resources: readonly ReportResource[];
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Always true: ids and DNS names come from the mock runtime until the stack is deployed. */
  readonly outputsArePlaceholders: true;
  /** A Mermaid `flowchart` of the VPCs, subnets, peering, endpoints and flows. */
  readonly diagram: string;
  readonly cost: CostEstimate;
  /**
   * What DR costs (lib/costModel.ts): the network above plus, with the stack's `estimate`, DRS's fee, the replication
   * servers, staging disks, snapshots, transfer and drills, monthly and once. Present when the report is built from a
   * stack's settings (always from the CLI).
   */
  readonly drCost?: CostReport;
  /**
   * AWS's quotas against the network: per quota and account/region, the largest need, the mock account's value (AWS's
   * default unless the synth was given `--quota`), AWS's default and the headroom.
   */
  readonly quotas: readonly QuotaRow[];
  readonly verdicts: readonly Verdict[];
  /** Whether every verdict passed. */
  readonly passed: boolean;
  /** Things the offline run took on trust. */
  readonly notes: readonly string[];
}

/** What `buildReport` needs from a synth run. */
export interface ReportInput {
  readonly stack: string;
  readonly sourceRegion: string;
  readonly drRegion: string;
  readonly drsDnsMode: string;
  readonly replication: boolean;
  readonly resources: readonly DeclaredResource[];
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly context?: VerifierContext;
  readonly quotas?: readonly QuotaRow[];
  readonly notes?: readonly string[];
  /** The stack's settings, for the DR cost model; without them the report has no `drCost`. */
  readonly settings?: CostModelSettings;
  /** The stack's `estimate`, when it has one. */
  readonly estimate?: EstimateSettings;
}

/** Which inputs to show, per resource type. */
const KEY_INPUTS: Readonly<Record<string, readonly string[]>> = {
  "pulumi:providers:aws": ["region", "profile", "assumeRoles"],
  "aws:ec2/vpc:Vpc": ["cidrBlock", "enableDnsSupport", "enableDnsHostnames"],
  "aws:ec2/subnet:Subnet": ["vpcId", "cidrBlock", "availabilityZone", "mapPublicIpOnLaunch"],
  "aws:ec2/routeTable:RouteTable": ["vpcId"],
  "aws:ec2/routeTableAssociation:RouteTableAssociation": ["subnetId", "routeTableId"],
  "aws:ec2/route:Route": ["routeTableId", "destinationCidrBlock", "vpcPeeringConnectionId"],
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ["vpcId", "ingress", "egress"],
  "aws:ec2/securityGroup:SecurityGroup": ["vpcId", "ingress", "egress"],
  "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": ["vpcId", "peerVpcId", "peerRegion", "peerOwnerId"],
  "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": ["vpcPeeringConnectionId", "autoAccept"],
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["vpcId", "serviceName", "vpcEndpointType", "subnetIds", "securityGroupIds", "privateDnsEnabled", "routeTableIds", "policy"],
  "aws:route53/zone:Zone": ["name", "vpcs"],
  "aws:ssm/document:Document": ["name", "documentType", "targetType"],
  "aws:ssm/association:Association": ["name", "targets", "automationTargetParameterName", "maxConcurrency", "maxErrors", "scheduleExpression"],
  "aws:iam/instanceProfile:InstanceProfile": ["role"],
  "aws:route53/record:Record": ["zoneId", "name", "type", "aliases"],
  "aws:drs/replicationConfigurationTemplate:ReplicationConfigurationTemplate": [
    "stagingAreaSubnetId",
    "dataPlaneRouting",
    "createPublicIp",
    "associateDefaultSecurityGroup",
    "replicationServersSecurityGroupsIds",
    "replicationServerInstanceType",
    "ebsEncryption",
    "ebsEncryptionKeyArn",
    "pitPolicies",
  ],
  "pulumi-nodejs:dynamic/drsInitialization:DrsInitialization": ["region"],
  "aws:cloudwatch/logGroup:LogGroup": ["retentionInDays", "kmsKeyId"],
  "aws:iam/role:Role": ["description"],
  "aws:iam/rolePolicy:RolePolicy": ["role", "policy"],
  "aws:ec2/flowLog:FlowLog": ["vpcId", "trafficType", "logDestinationType", "logDestination", "iamRoleArn"],
  "aws:ec2/networkAcl:NetworkAcl": ["subnetIds", "ingress", "egress"],
};

/** Build the report: run the verifier and the cost estimate over the declared resources. */
export function buildReport(input: ReportInput): SynthReport {
  const verdicts = verifyNetwork(input.resources, input.context);
  // The first resource with an id names it (a peering accepter's id is the peering's).
  const names = new Map<string, string>();
  for (const r of input.resources) {
    if (typeof r.props.id === "string" && !names.has(r.props.id)) names.set(r.props.id, r.name);
  }
  const named = (value: unknown): unknown =>
    typeof value === "string" ? names.get(value) ?? value : Array.isArray(value) ? value.map(named) : value;
  // A prefix list is named by the service of the gateway endpoint it belongs to.
  const prefixLists = new Map(
    input.resources.flatMap((r) => (typeof r.props.prefixListId === "string" && typeof r.props.serviceName === "string" ? [[r.props.prefixListId, String(r.props.serviceName)] as const] : [])),
  );

  const resources = input.resources
    // Components are the groups, not entries.
    .filter((r) => !r.type.startsWith("drs-secured-network:"))
    .map((r) => ({
      // A provider, or a resource without an AWS provider (DRS initialization), names its region itself.
      region: r.region ?? (typeof r.props.region === "string" ? r.props.region : "global"),
      component: componentOf(r),
      type: r.type,
      name: r.name,
      inputs: Object.fromEntries(
        (KEY_INPUTS[r.type] ?? Object.keys(r.props).filter((k) => k !== "tags" && k !== "id" && k !== "arn"))
          .filter((k) => r.props[k] !== undefined)
          .map((k) => [k, k === "ingress" || k === "egress" ? describeRules(r.props[k], named, prefixLists) : named(r.props[k])]),
      ),
    }))
    .sort((a, b) => a.region.localeCompare(b.region) || componentRank(a.component) - componentRank(b.component) || a.component.localeCompare(b.component) || a.name.localeCompare(b.name));

  return {
    stack: input.stack,
    sourceRegion: input.sourceRegion,
    drRegion: input.drRegion,
    drsDnsMode: input.drsDnsMode,
    replication: input.replication,
    resources,
    outputs: input.outputs,
    outputsArePlaceholders: true,
    diagram: diagram(input.resources, verdicts, new Map((input.context?.externalVpcs ?? []).flatMap((v) => (v.label !== undefined ? [[v.id, v.label] as const] : [])))),
    cost: estimateMonthlyCost(input.resources),
    ...(input.settings === undefined ? {} : { drCost: costReport(input.settings, input.resources, input.estimate) }),
    quotas: input.quotas ?? [],
    verdicts,
    passed: allPassed(verdicts),
    notes: input.notes ?? [],
  };
}

/** The report as Markdown, for people. */
export function reportToMarkdown(report: SynthReport): string {
  const lines: string[] = [];
  const failed = report.verdicts.filter((v) => !v.passed);
  const warned = report.verdicts.filter((v) => v.kind === "warning");
  lines.push(`# drs-secured-network synth: ${report.stack}`, "");
  lines.push(
    `Source region **${report.sourceRegion}**, DR region **${report.drRegion}**: ${report.resources.length} resources, ` +
      `${report.verdicts.length} verdicts, ${failed.length === 0 ? "**all passed**" : `**${failed.length} failed**`}` +
      `${warned.length > 0 ? `, **${warned.length} warning${warned.length === 1 ? "" : "s"}**` : ""}. ` +
      (report.cost.complete
        ? `Fixed cost about **$${report.cost.monthlyTotal.toFixed(2)} a month**.`
        : `Fixed cost **not known in full**: at least $${report.cost.monthlyTotal.toFixed(2)} a month, without ${report.cost.unpriced.length} unpriced line${report.cost.unpriced.length === 1 ? "" : "s"} (see the cost table).`) +
      drHeadline(report.drCost),
    "",
    `DRS DNS mode **${report.drsDnsMode}**; DRS replication ${report.replication ? "**managed** by this program" : "**not managed** (replication.enabled is false)"}.`,
    "",
  );
  for (const note of report.notes) lines.push(`> ${note}`, "");

  lines.push("## Verdicts", "");
  for (const v of report.verdicts) lines.push(...verdictMarkdown(v));
  lines.push("");

  lines.push("## Diagram", "", "```mermaid", report.diagram, "```", "");

  lines.push("## Resources", "");
  let group = "";
  for (const r of report.resources) {
    const heading = `${r.region} / ${r.component}`;
    if (heading !== group) {
      lines.push("", `### ${heading}`, "", "| Resource | Type | Key inputs |", "| --- | --- | --- |");
      group = heading;
    }
    const inputs = Object.entries(r.inputs).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join("<br>");
    lines.push(`| ${r.name} | \`${r.type}\` | ${inputs.replace(/\|/g, "\\|")} |`);
  }
  lines.push("");

  lines.push("## Stack outputs", "", "Endpoint ids and DNS names below are placeholders from the mock runtime until the stack is deployed.", "");
  lines.push("| Output | Value |", "| --- | --- |");
  for (const [k, v] of Object.entries(report.outputs)) {
    lines.push(`| ${k} | \`${(typeof v === "string" ? v : JSON.stringify(v)).replace(/\|/g, "\\|")}\` |`);
  }
  lines.push("");

  lines.push(...quotaMarkdown(report.quotas));

  lines.push("## Fixed monthly cost", "", `Prices: ${report.cost.source}, as of ${report.cost.asOf}.`, "");
  lines.push("| Item | Region | Quantity | Unit price | Monthly |", "| --- | --- | --- | --- | --- |");
  for (const l of report.cost.lines) {
    lines.push(`| ${l.item} | ${l.region} | ${l.quantity} ${l.unit} | ${l.unitPrice === undefined ? "not in table" : `$${l.unitPrice}`} | ${l.monthly === undefined ? "?" : `$${l.monthly.toFixed(2)}`} |`);
  }
  lines.push(
    report.cost.complete
      ? `| **Total** | | | | **$${report.cost.monthlyTotal.toFixed(2)}** |`
      : `| **Total of the priced lines only (partial)** | | | | **at least $${report.cost.monthlyTotal.toFixed(2)}** |`,
    "",
  );
  for (const u of report.cost.unpriced) lines.push(`- Not priced: ${u}`);
  for (const n of report.cost.notes) lines.push(`- ${n}`);
  lines.push("");
  if (report.drCost !== undefined) lines.push(...drCostMarkdown(report.drCost));
  return lines.join("\n");
}

/** The headline's DR sentence: the estimate's monthly and one-time figures, or none without an estimate. */
function drHeadline(dr: CostReport | undefined): string {
  if (dr?.estimate === undefined) return "";
  return ` With the estimate (${dr.estimate.servers} servers), DR costs ${amount(dr.monthly)} a month and ${amount(dr.oneTime)} once for the initial sync (see What DR will cost).`;
}

/** A section's total as the report says it: about $X when complete, at least $X when not. */
function amount(s: ModelSection): string {
  return s.complete ? `about **$${s.total.toFixed(2)}**` : `**at least $${s.total.toFixed(2)}**`;
}

/** The "What DR will cost" section: monthly steady state, the one-time initial sync, each line, the assumptions. */
function drCostMarkdown(dr: CostReport): string[] {
  const out = ["## What DR will cost", ""];
  if (dr.failbackActiveAdds.length > 0) {
    out.push("Failback is on demand: `failback.active: true` adds, on the day,", "", ...dr.failbackActiveAdds.map((a) => `- ${a}`), "");
  }
  if (dr.estimate === undefined) {
    out.push(`Monthly, steady state: the network above, ${amount(dr.monthly)}.`, "");
    out.push(dr.withoutEstimate[0], "");
    for (const w of dr.withoutEstimate.slice(1)) out.push(`- ${w}`);
    out.push("");
    return out;
  }
  const e = dr.estimate;
  const drills = e.drillsPerYear * e.drillHours > 0 ? `, ${e.drillsPerYear} drills a year of ${e.drillHours} h` : ", no drills";
  out.push(
    `Estimate: ${e.servers} servers in all, each with ${e.disks.map((d) => `${d.gb} GB`).join(" + ")} of disks and ${e.dailyChangeGb} GB written a day${drills}; DR region ${dr.drRegion}; prices as of ${dr.asOf}.`,
    "",
    `**Monthly, steady state: ${amount(dr.monthly).replace(/\*\*/g, "")}.** **Once, the initial sync: ${amount(dr.oneTime).replace(/\*\*/g, "")}.**`,
    "",
  );
  const sources = [...new Set([...dr.monthly.lines, ...dr.oneTime.lines].flatMap((l) => (l.part !== "network" && l.source !== undefined ? [l.source] : [])))];
  const table = (title: string, s: ModelSection, period: string) => {
    out.push(`### ${title}`, "", `| Line | Region | Quantity | Unit price | ${period} | How | Source |`, "| --- | --- | --- | --- | --- | --- | --- |");
    // The network's lines are the fixed monthly cost's table above: one row here, its total.
    const network = s.lines.filter((l) => l.part === "network");
    if (network.length > 0) {
      const priced = network.reduce((t, l) => t + (l.cost ?? 0), 0);
      const whole = network.every((l) => l.cost !== undefined);
      out.push(
        `| the network: the ${plural(network.length, "line")} of the fixed monthly cost above | ${[...new Set(network.map((l) => l.region))].join(", ")} | | | ${whole ? "" : "at least "}$${(Math.round(priced * 100) / 100).toFixed(2)} | fixed: billed whether or not a byte flows | ${sources.length + 1} |`,
      );
    }
    for (const l of s.lines.filter((x) => x.part !== "network")) out.push(lineRow(l, sources));
    out.push(
      s.complete
        ? `| **Total** | | | | **$${s.total.toFixed(2)}** | | |`
        : `| **Total of the priced lines only (partial)** | | | | **at least $${s.total.toFixed(2)}** | | |`,
      "",
    );
    for (const u of s.unpriced) out.push(`- Not priced: ${u}`);
    if (s.unpriced.length > 0) out.push("");
  };
  table("Monthly", dr.monthly, "Monthly");
  if (dr.oneTime.lines.length > 0) table("Once: the initial sync", dr.oneTime, "Once");
  else out.push("### Once: the initial sync", "", "Nothing: every source is in the DR region or outside AWS, so the initial copy crosses no region.", "");
  out.push("### Assumptions", "", ...dr.assumptions.map((a) => `- ${a}`), "", "### Not counted", "", ...dr.notCounted.map((n) => `- ${n}`), "", "### Sources", "");
  sources.forEach((s, i) => out.push(`${i + 1}. ${s}`));
  out.push(`${sources.length + 1}. Network lines: lib/cost.ts PRICE_TABLE (the fixed monthly cost above).`, "", "DRS's rules the lines follow:", "", ...RULE_SOURCES.map((r) => `- ${r}`), "");
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function lineRow(l: ModelLine, sources: readonly string[]): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const price = l.unitPrice === undefined ? "not known" : `$${l.unitPrice}`;
  const cost = l.cost === undefined ? "?" : `${l.lowerBound === true ? "at least " : ""}$${l.cost.toFixed(2)}`;
  const source = l.source === undefined ? "" : `${sources.indexOf(l.source) + 1}`;
  return `| ${cell(l.item)} | ${l.region} | ${l.quantity} ${l.unit} | ${price} | ${cost} | ${cell(l.formula)} | ${source} |`;
}

/** Components in the order the data flows: providers, the two VPCs, then the link. */
function componentRank(component: string): number {
  const order = ["providers", "SourceVpc", "StagingVpc", "Link", "Replication"];
  return order.includes(component) ? order.indexOf(component) : order.length;
}

function componentOf(r: DeclaredResource): string {
  if (r.type.startsWith("pulumi:providers:")) return "providers";
  const qualified = r.urn.split("::")[2] ?? "";
  const parts = qualified.split("$");
  if (parts.length < 2) return r.type.startsWith("drs-secured-network:") ? r.type.split(":")[2] : "stack";
  return parts[parts.length - 2].split(":").pop() ?? "stack";
}

/**
 * Rules as short lines with their peer: a network ACL rule as `<no> <action> <protocol> <ports> <block>`; a security
 * group rule as `<protocol> <ports> <peers>`, each peer a block, a security group by its logical name (`sg ...`) or
 * a prefix list by its service (`prefix list com.amazonaws.<region>.s3`).
 */
function describeRules(value: unknown, named: (v: unknown) => unknown, prefixLists: ReadonlyMap<string, string>): string[] {
  if (!Array.isArray(value)) return [];
  const portsOf = (protocol: string, rule: Record<string, unknown>) =>
    protocol === "-1" || protocol === "all" ? "ALL" : `${protocol.toUpperCase()} ${rule.fromPort === rule.toPort ? String(rule.fromPort) : `${rule.fromPort}-${rule.toPort}`}`;
  const list = (v: unknown) => (Array.isArray(v) ? (v as unknown[]) : []);
  return (value as Record<string, unknown>[]).map((rule) => {
    const protocol = String(rule.protocol ?? "-1").toLowerCase();
    if (rule.ruleNo !== undefined) {
      return `${rule.ruleNo} ${String(rule.action)} ${portsOf(protocol, rule)} ${String(rule.cidrBlock)}`;
    }
    const peers = [
      ...list(rule.cidrBlocks).map(String),
      ...list(rule.ipv6CidrBlocks).map(String),
      ...list(rule.securityGroups).map((g) => `sg ${String(named(g))}`),
      ...(rule.self === true ? ["sg itself"] : []),
      ...list(rule.prefixListIds).map((p) => `prefix list ${prefixLists.get(String(p)) ?? String(p)}`),
    ];
    return `${portsOf(protocol, rule)} ${peers.length > 0 ? peers.join(", ") : "nowhere"}`;
  });
}

/**
 * A Mermaid flowchart: regions, VPCs with their subnets and endpoints, the peerings, and the flows grouped: one edge
 * per VPC and target (an endpoint, the replication servers, or another VPC's interface endpoints as a set) and kind of
 * traffic, labelled with how many flows it stands for; the verdicts list each flow. An adopted VPC is labelled by its
 * source's name.
 */
function diagram(resources: readonly DeclaredResource[], verdicts: readonly Verdict[], externalLabels: ReadonlyMap<string, string>): string {
  const id = (name: string) => name.replace(/[^A-Za-z0-9]/g, "_");
  const byId = new Map(resources.flatMap((r) => (typeof r.props.id === "string" ? [[r.props.id, r] as const] : [])));
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const vpcs = ofType("aws:ec2/vpc:Vpc");
  const peerings = ofType("aws:ec2/vpcPeeringConnection:VpcPeeringConnection");
  const accepted = new Set(ofType("aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter").map((a) => a.props.vpcPeeringConnectionId));
  const vpcName = (vpcId: unknown) => byId.get(String(vpcId))?.name ?? String(vpcId);

  // VPCs the stack does not declare (an adopted source VPC) still get a box, in the region that routes from them.
  const external = peerings.filter((p) => !byId.has(String(p.props.vpcId))).map((p) => ({ name: String(p.props.vpcId), region: p.region ?? "unknown" }));
  const regions = [...new Set([...vpcs.map((v) => v.region ?? "unknown"), ...external.map((e) => e.region)])];

  const out = ["flowchart LR"];
  for (const region of regions) {
    out.push(`  subgraph ${id(`region ${region}`)}["${region}"]`);
    for (const vpc of vpcs.filter((v) => (v.region ?? "unknown") === region)) {
      out.push(`    subgraph ${id(vpc.name)}["${vpc.name} ${vpc.props.cidrBlock}"]`);
      for (const s of ofType("aws:ec2/subnet:Subnet").filter((s) => vpcName(s.props.vpcId) === vpc.name)) {
        out.push(`      ${id(s.name)}["${s.name}<br/>${s.props.cidrBlock} ${s.props.availabilityZone}"]`);
      }
      for (const e of ofType("aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => vpcName(e.props.vpcId) === vpc.name)) {
        const service = String(e.props.serviceName).split(".").pop();
        out.push(`      ${id(e.name)}{{"${e.name}<br/>${service} ${e.props.vpcEndpointType}"}}`);
      }
      out.push("    end");
    }
    for (const e of external.filter((x) => x.region === region)) {
      const label = externalLabels.get(e.name);
      out.push(`    ${id(e.name)}[("${label !== undefined ? `${label}: adopted source VPC<br/>${e.name}` : `${e.name}<br/>adopted source VPC`}")]`);
    }
    out.push("  end");
  }
  for (const p of peerings) {
    const state = accepted.has(p.props.id) || p.props.autoAccept === true ? "accepted" : "NOT accepted";
    out.push(`  ${id(vpcName(p.props.vpcId))} <-->|"${p.name} (${state})"| ${id(vpcName(p.props.peerVpcId))}`);
  }
  const drawn = new Set(resources.map((r) => r.name).concat(external.map((e) => e.name)));
  const byName = new Map(resources.map((r) => [r.name, r]));
  const vpcOfNode = (name: string): string | undefined => {
    const r = byName.get(name);
    return r === undefined ? undefined : r.type === "aws:ec2/vpc:Vpc" ? r.name : typeof r.props.vpcId === "string" ? vpcName(r.props.vpcId) : undefined;
  };
  const edges = new Map<string, { from: string; to: string; label: string; flows: number; blocked: string[] }>();
  for (const v of verdicts) {
    if (v.between === undefined || !drawn.has(v.between.from) || !drawn.has(v.between.to)) continue;
    const fromVpc = vpcOfNode(v.between.from) ?? v.between.from;
    const target = byName.get(v.between.to);
    const toVpc = vpcOfNode(v.between.to);
    // Interface endpoints of another VPC are one target: that VPC's endpoint set.
    const to = target?.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && target.props.vpcEndpointType === "Interface" && toVpc !== undefined && toVpc !== fromVpc ? toVpc : v.between.to;
    const label = v.flow ?? "";
    const key = `${fromVpc}|${to}|${label}`;
    const edge = edges.get(key) ?? { from: fromVpc, to, label, flows: 0, blocked: [] };
    edge.flows++;
    if (!v.passed) edge.blocked.push(v.blockedBy?.component ?? "?");
    edges.set(key, edge);
  }
  for (const e of edges.values()) {
    const count = e.flows === 1 ? "" : `, ${e.flows} flows`;
    out.push(
      e.blocked.length === 0
        ? `  ${id(e.from)} -->|"${e.label}${count}"| ${id(e.to)}`
        : `  ${id(e.from)} -.-x|"${e.label}${count}: ${e.blocked.length} blocked by ${[...new Set(e.blocked)].join(", ")}"| ${id(e.to)}`,
    );
  }
  return out.join("\n");
}

/** The headroom table: the tightest quota first. */
function quotaMarkdown(rows: readonly QuotaRow[]): string[] {
  if (rows.length === 0) return [];
  const sorted = [...rows].sort((a, b) => a.headroom - b.headroom || a.code.localeCompare(b.code) || a.region.localeCompare(b.region));
  return [
    "## AWS quotas",
    "",
    "What the network needs of each AWS quota that binds it, per account and region (the largest need where the quota is per VPC, table, ACL or group), against the mock account's value: AWS's default unless given with `--quota <code>=<value>`. `pulumi up` reads the real account's before anything is made.",
    "",
    "| Quota | Code | Region | Account of | Need | For | Value | AWS default | Headroom |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...sorted.map(
      (r) =>
        `| ${r.name} | ${r.serviceCode} ${r.code} | ${r.region} | ${r.credentials} | ${r.need} | ${r.what} | ${r.applied ?? "not read"} | ${r.defaultValue} | ${r.headroom < 0 ? `**${r.headroom}**` : r.headroom} |`,
    ),
    "",
  ];
}
