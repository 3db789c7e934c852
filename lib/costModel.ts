/**
 * What DR costs: the network the stack declares (lib/cost.ts) plus what DRS bills for the servers it protects and
 * their data, from the stack's settings and an `estimate` (settings/estimateSchema.ts): DRS's fee per source
 * server-hour, the replication servers, the staging disks, the point-in-time snapshots, inter-region transfer (the
 * initial copy once, each day's writes monthly) and the drills. Every unit price comes from lib/prices.ts with its
 * source; a line whose price no source gives is shown unpriced and left out of the total, which then says "at least".
 * The formulas, their sources and a worked example are in docs/cost.md. Pure.
 */
import type { EstimateSettings } from "../settings/estimateSchema";
import type { ReplicationSettings } from "../settings/types";
import { CostEstimate, estimateMonthlyCost, PRICE_TABLE } from "./cost";
import { DR_PRICES_AS_OF, DRS_SERVER_HOUR, EBS_GB_MONTH, EC2_INSTANCE_HOUR, interRegionTransferPerGb, PRICE_SOURCES, SNAPSHOT_GB_MONTH, SourcedPrice, VolumeType } from "./prices";
import type { DeclaredResource } from "./verifier";

/** AWS bills 730 hours for a month; a month is 730 / 24 days. */
export const HOURS_PER_MONTH = PRICE_TABLE.hoursPerMonth;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

/**
 * DRS's rules the model applies, each from AWS's guides.
 *
 * - Staging disks: the template's disk type (`stagingDiskType`, DRS's "default large staging disk type") "only affects
 *   disks over 125 GiB (by default, smaller disks always use Magnetic HDD volumes)"; Auto "dynamically switches between
 *   performance/cost optimized volume type according to the replicated disk write throughput" (DRS guide, Amazon EBS
 *   volumes, https://docs.aws.amazon.com/drs/latest/userguide/volumes-drs.html). The API lists the types Auto may pick
 *   (optimizedStagingDiskType: GP2, GP3, IO1, SC1, ST1, STANDARD); AWS's pricing calculator prices Auto between sc1
 *   and gp3, so the model prices it at sc1, the cheapest, and marks the line as a lower bound.
 * - Replication servers: t3.small by default; "t3.small is the default instance type, and it can replicate up to 15
 *   volumes" (AWS SAP guide, Network, storage, and compute, https://docs.aws.amazon.com/sap/latest/general/key-considerations.html);
 *   DRS consolidates servers of identical settings onto shared replication servers unless "Use dedicated replication
 *   server" is set (DRS guide, individual replication settings,
 *   https://docs.aws.amazon.com/drs/latest/userguide/individual-replication-settings.html).
 * - Point-in-time snapshots: a daily one kept for the PIT policy's days, 7 by default, 1 to 365 (AWS SAP guide, same
 *   page); EBS snapshots are incremental and billed per GB stored.
 */
export const DRS_RULES = {
  largeDiskGb: 125,
  volumesPerReplicationServer: 15,
  /** DRS's own template defaults, for a stack that does not manage replication (`replication.enabled` false). */
  defaults: { instanceType: "t3.small", useDedicatedReplicationServer: false, stagingDiskType: "AUTO", pitRetentionDays: 7 },
} as const satisfies { readonly largeDiskGb: number; readonly volumesPerReplicationServer: number; readonly defaults: CostReplication };

/** Where each of DRS's rules above, and the limits of the estimate, are written. */
export const RULE_SOURCES: readonly string[] = [
  "Staging disk types: DRS guide, Amazon EBS volumes, https://docs.aws.amazon.com/drs/latest/userguide/volumes-drs.html (disks of 125 GiB or less on Magnetic; Auto, st1, gp2, gp3 above)",
  "Replication servers: AWS SAP guide, Network, storage, and compute, https://docs.aws.amazon.com/sap/latest/general/key-considerations.html (t3.small by default, up to 15 volumes each; daily point-in-time snapshots kept 1 to 365 days, 7 by default; drill instances' volumes general purpose SSD)",
  "Consolidation and dedicated replication servers, up to 60 volumes a source server: DRS guide, individual replication settings, https://docs.aws.amazon.com/drs/latest/userguide/individual-replication-settings.html",
  "At most 300 replicating source servers per account and Region: DRS guide, Disaster recovery at scale, https://docs.aws.amazon.com/drs/latest/userguide/drs-at-scale.html",
];

/** The replication settings the model reads. */
export type CostReplication = Pick<ReplicationSettings, "instanceType" | "useDedicatedReplicationServer" | "stagingDiskType" | "pitRetentionDays">;

/** What the model reads of a stack's settings; `Settings` (settings/types.ts) is one. */
export interface CostModelSettings {
  readonly drRegion: string;
  readonly sources: readonly { readonly region: string }[];
  readonly externalSources: readonly { readonly name: string }[];
  readonly replication?: CostReplication;
  /** Failback on demand: what `failback.active` would add is said, not counted. */
  readonly failback?: { readonly mode: "standby" | "on-demand"; readonly active: boolean; readonly stagingVpcCidrs: Readonly<Record<string, string>> };
}

/** What a line bills for. */
export type CostPart = "network" | "drs" | "replication-servers" | "staging-disks" | "snapshots" | "transfer" | "drills";

/** One line of the model: monthly in `monthly`, or once in `oneTime`. */
export interface ModelLine {
  readonly part: CostPart;
  /** What is billed, e.g. `DRS source servers`. */
  readonly item: string;
  readonly region: string;
  /** Billed units in the section's period (a month, or once), to 2 decimals; the cost is from the unrounded figure. */
  readonly quantity: number;
  readonly unit: string;
  /** Price per unit, when a source gives it. */
  readonly unitPrice?: number;
  /** USD for the section's period, rounded to cents, when priced. */
  readonly cost?: number;
  /** How the quantity is reached, in words and numbers. */
  readonly formula: string;
  /** Where the unit price comes from. */
  readonly source?: string;
  /** Why the line is unpriced, when it is. */
  readonly unpricedBecause?: string;
  /** Priced at the cheapest of the types DRS may choose: the real cost may be higher. */
  readonly lowerBound?: boolean;
}

/** Lines and their total. */
export interface ModelSection {
  readonly lines: readonly ModelLine[];
  /** The sum of the priced lines, rounded to cents: the whole cost only when `complete`. */
  readonly total: number;
  /** Whether every line is priced and none is a lower bound; when not, `total` is a lower bound ("at least"). */
  readonly complete: boolean;
  /** The unpriced lines, each with why. */
  readonly unpriced: readonly string[];
}

/** The whole cost: monthly steady state and the one-time initial sync, what they assume and what they leave out. */
export interface CostReport {
  readonly currency: string;
  readonly asOf: string;
  readonly drRegion: string;
  /** The estimate priced, as parsed; absent when the stack has none (then `monthly` is the network alone). */
  readonly estimate?: EstimateSettings;
  readonly monthly: ModelSection;
  readonly oneTime: ModelSection;
  readonly assumptions: readonly string[];
  readonly notCounted: readonly string[];
  /** Without an estimate: what one would add, and whether each part has a price in the DR region. */
  readonly withoutEstimate: readonly string[];
  /** Failback on demand and not active: what `failback.active: true` adds to the monthly figure, region by region. */
  readonly failbackActiveAdds: readonly string[];
  /** Every source a priced line quotes. */
  readonly sources: readonly string[];
  /** Today's network estimate (lib/cost.ts), unchanged: its lines are `monthly`'s network lines. */
  readonly network: CostEstimate;
}

/**
 * The cost of DR for a stack: its declared network (`declaredResources`, as the synth records them) and, with an
 * estimate, the servers and their data. With `estimate.servers` 0, or no estimate, the monthly total is exactly
 * today's network figure (`estimateMonthlyCost`).
 */
export function costReport(settings: CostModelSettings, declaredResources: readonly DeclaredResource[], estimate?: EstimateSettings): CostReport {
  const network = estimateMonthlyCost(declaredResources);
  const networkLines = network.lines.map(networkLine);
  const replication = settings.replication ?? DRS_RULES.defaults;
  const dr = estimate !== undefined && estimate.servers > 0 ? drLines(settings, replication, estimate) : { monthly: [], oneTime: [] };
  const monthly = section([...networkLines, ...dr.monthly]);
  const oneTime = section(dr.oneTime);
  const used = [...monthly.lines, ...oneTime.lines].flatMap((l) => (l.part !== "network" && l.source !== undefined ? [l.source] : []));
  return {
    currency: PRICE_TABLE.currency,
    asOf: DR_PRICES_AS_OF,
    drRegion: settings.drRegion,
    ...(estimate === undefined ? {} : { estimate }),
    monthly,
    oneTime,
    assumptions: estimate === undefined ? [] : assumptions(settings, replication, estimate),
    notCounted: estimate === undefined ? [] : notCounted(settings, estimate),
    withoutEstimate: estimate === undefined ? whatAnEstimateAdds(settings, replication) : [],
    failbackActiveAdds: failbackActiveAdds(settings, declaredResources),
    sources: [...new Set([...used, ...(estimate === undefined ? [] : RULE_SOURCES), ...(networkLines.length > 0 ? [`Network: ${PRICE_TABLE.source}`] : [])])],
    network,
  };
}

/**
 * Failback on demand, not active: the three interface endpoints (DRS, EC2, S3) in each zone of each failback staging VPC
 * that `failback.active: true` adds, at the region's interface endpoint price (lib/cost.ts), or "not priced".
 */
function failbackActiveAdds(settings: CostModelSettings, resources: readonly DeclaredResource[]): string[] {
  const fb = settings.failback;
  if (fb === undefined || fb.mode !== "on-demand" || fb.active) return [];
  return Object.keys(fb.stagingVpcCidrs).map((region) => {
    const vpc = resources.find((r) => r.name === `failback-${region}-vpc`);
    const zones = resources.filter((r) => r.type === "aws:ec2/subnet:Subnet" && vpc !== undefined && r.props.vpcId === vpc.props.id).length;
    const azHours = 3 * zones * HOURS_PER_MONTH;
    const price = PRICE_TABLE.interfaceEndpointPerAzHour[region];
    return `${region}: 3 interface endpoints x ${zones} zones x ${HOURS_PER_MONTH} h = ${azHours} AZ-hours, ${price !== undefined ? `$${(azHours * price).toFixed(2)} a month at $${price} (${"https://aws.amazon.com/privatelink/pricing/"})` : `not priced (no interface endpoint price for ${region} in the table)`}, plus $0.01 per GB they process`;
  });
}

/** The DR lines for a positive number of servers. */
function drLines(settings: CostModelSettings, r: CostReplication, e: EstimateSettings): { monthly: ModelLine[]; oneTime: ModelLine[] } {
  const region = settings.drRegion;
  const n = e.servers;
  const disksGb = e.disks.map((d) => d.gb);
  const serverGb = sum(disksGb);
  const monthly: ModelLine[] = [];

  monthly.push(
    line("drs", "DRS source servers", region, n * HOURS_PER_MONTH, "server-hours", DRS_SERVER_HOUR[region], `${n} servers x ${HOURS_PER_MONTH} h`),
  );

  const perServer = Math.ceil(disksGb.length / DRS_RULES.volumesPerReplicationServer);
  const replicationServers = r.useDedicatedReplicationServer ? n * perServer : Math.ceil((n * disksGb.length) / DRS_RULES.volumesPerReplicationServer);
  monthly.push(
    line(
      "replication-servers",
      `${plural(replicationServers, "replication server")} (${r.instanceType}, ${r.useDedicatedReplicationServer ? "dedicated: one per server" : "shared"})`,
      region,
      replicationServers * HOURS_PER_MONTH,
      "instance-hours",
      EC2_INSTANCE_HOUR[region]?.[r.instanceType],
      r.useDedicatedReplicationServer
        ? `${n} servers x ceil(${disksGb.length} disks / ${DRS_RULES.volumesPerReplicationServer}) x ${HOURS_PER_MONTH} h`
        : `ceil(${n} servers x ${disksGb.length} disks / ${DRS_RULES.volumesPerReplicationServer} volumes each) x ${HOURS_PER_MONTH} h`,
    ),
  );

  for (const [type, gbs] of stagingGroups(disksGb, r.stagingDiskType)) {
    const small = type === "standard";
    const auto = !small && r.stagingDiskType === "AUTO";
    monthly.push({
      ...line(
        "staging-disks",
        small
          ? `staging disks of ${DRS_RULES.largeDiskGb} GB or less (Magnetic, standard)`
          : auto
            ? `staging disks over ${DRS_RULES.largeDiskGb} GB (Auto: priced as sc1, the cheapest DRS may choose; up to gp3's price)`
            : `staging disks over ${DRS_RULES.largeDiskGb} GB (${type})`,
        region,
        n * sum(gbs),
        "GB-months",
        EBS_GB_MONTH[region]?.[type],
        `${n} servers x (${gbs.join(" + ")}) GB`,
      ),
      ...(auto ? { lowerBound: true } : {}),
    });
  }

  const changed = Math.min(e.dailyChangeGb, serverGb);
  monthly.push(
    line(
      "snapshots",
      `point-in-time snapshots (${plural(r.pitRetentionDays, "day")} kept)`,
      region,
      n * (serverGb + changed * r.pitRetentionDays),
      "GB-months",
      SNAPSHOT_GB_MONTH[region],
      `${n} servers x (${serverGb} GB once + ${round(changed)} GB changed a day x ${r.pitRetentionDays} days)`,
    ),
  );

  const oneTime: ModelLine[] = [];
  for (const { from, share } of awsSourceShares(settings, n)) {
    if (from === region) continue;
    const price = interRegionTransferPerGb(from, region);
    monthly.push(
      line(
        "transfer",
        `each day's writes, ${from} to ${region}`,
        from,
        share * e.dailyChangeGb * DAYS_PER_MONTH,
        "GB",
        price,
        `${round(share)} servers x ${e.dailyChangeGb} GB a day x ${round(DAYS_PER_MONTH)} days`,
        price === undefined ? `no inter-region transfer price from ${from} in the table` : undefined,
      ),
    );
    oneTime.push(line("transfer", `initial copy, ${from} to ${region}`, from, share * serverGb, "GB", price, `${round(share)} servers x ${serverGb} GB`, price === undefined ? `no inter-region transfer price from ${from} in the table` : undefined));
  }

  const drillHoursPerMonth = (e.drillsPerYear * e.drillHours) / 12;
  if (drillHoursPerMonth > 0) {
    monthly.push(
      line(
        "drills",
        `drill instances (${e.drillInstanceType}, assumed)`,
        region,
        n * drillHoursPerMonth,
        "instance-hours",
        EC2_INSTANCE_HOUR[region]?.[e.drillInstanceType],
        `${e.drillsPerYear} drills a year x ${e.drillHours} h x ${n} servers / 12`,
      ),
      line(
        "drills",
        "drill instance volumes (gp3, assumed)",
        region,
        (n * serverGb * drillHoursPerMonth) / HOURS_PER_MONTH,
        "GB-months",
        EBS_GB_MONTH[region]?.gp3,
        `${n} servers x ${serverGb} GB x ${e.drillsPerYear} x ${e.drillHours} h / 12 / ${HOURS_PER_MONTH} h`,
      ),
      line(
        "drills",
        "conversion servers during drill launches",
        region,
        (n * e.drillsPerYear) / 12,
        "launches",
        undefined,
        `${e.drillsPerYear} drills a year x ${n} servers / 12`,
        "DRS runs a conversion server in the staging subnet for a launch; its instance type and run time are in no source read, so it is not priced",
      ),
    );
  }
  return { monthly, oneTime };
}

/** The staging disks by the EBS type DRS gives them: Magnetic up to 125 GB, the template's type above. */
function stagingGroups(disksGb: readonly number[], stagingDiskType: CostReplication["stagingDiskType"]): [VolumeType, number[]][] {
  const large: VolumeType = stagingDiskType === "GP2" ? "gp2" : stagingDiskType === "GP3" ? "gp3" : stagingDiskType === "ST1" ? "st1" : "sc1";
  const groups = new Map<VolumeType, number[]>();
  for (const gb of disksGb) {
    const type = gb > DRS_RULES.largeDiskGb ? large : "standard";
    groups.set(type, [...(groups.get(type) ?? []), gb]);
  }
  return [...groups.entries()];
}

/** The servers' share of each AWS source region: the servers split evenly over every source, AWS or not. */
function awsSourceShares(settings: CostModelSettings, servers: number): { from: string; share: number }[] {
  const entries = settings.sources.length + settings.externalSources.length;
  if (entries === 0) return [];
  const byRegion = new Map<string, number>();
  for (const s of settings.sources) byRegion.set(s.region, (byRegion.get(s.region) ?? 0) + servers / entries);
  return [...byRegion.entries()].map(([from, share]) => ({ from, share }));
}

function networkLine(l: CostEstimate["lines"][number]): ModelLine {
  return {
    part: "network",
    item: l.item,
    region: l.region,
    quantity: l.quantity,
    unit: l.unit,
    ...(l.unitPrice === undefined ? {} : { unitPrice: l.unitPrice }),
    ...(l.monthly === undefined ? { unpricedBecause: `no price for ${l.region} in the table` } : { cost: l.monthly }),
    formula: "fixed: billed whether or not a byte flows (lib/cost.ts)",
    source: "lib/cost.ts PRICE_TABLE",
  };
}

function line(part: CostPart, item: string, region: string, quantity: number, unit: string, price: SourcedPrice | undefined, formula: string, unpricedBecause?: string): ModelLine {
  const base = { part, item, region, quantity: round(quantity), unit, formula };
  return price === undefined
    ? { ...base, unpricedBecause: unpricedBecause ?? `no price for ${region} in the table` }
    : { ...base, unitPrice: price.usd, cost: round(quantity * price.usd), source: PRICE_SOURCES[price.source] };
}

function section(lines: readonly ModelLine[]): ModelSection {
  return {
    lines,
    total: round(lines.reduce((s, l) => s + (l.cost ?? 0), 0)),
    complete: lines.every((l) => l.cost !== undefined && l.lowerBound !== true),
    unpriced: lines.filter((l) => l.cost === undefined).map((l) => `${l.item} in ${l.region}: ${l.quantity} ${l.unit}, ${l.unpricedBecause ?? "not priced"}`),
  };
}

/** What the figures take as given. */
function assumptions(settings: CostModelSettings, r: CostReplication, e: EstimateSettings): string[] {
  const entries = settings.sources.length + settings.externalSources.length;
  return [
    `Every server alike: ${e.disks.length === 1 ? "one disk" : `${e.disks.length} disks`} of ${e.disks.map((d) => d.gb).join(" + ")} GB, ${e.dailyChangeGb} GB written a day.`,
    settings.replication === undefined
      ? `The stack does not manage replication (replication.enabled is false): DRS's own default template is assumed, ${r.instanceType} replication servers, shared, Auto staging disks, ${r.pitRetentionDays} days of snapshots.`
      : `The stack's replication template: ${r.instanceType} replication servers, ${r.useDedicatedReplicationServer ? "one dedicated to each server" : "shared"}, staging disks over ${DRS_RULES.largeDiskGb} GB on ${r.stagingDiskType}, ${r.pitRetentionDays} days of snapshots.`,
    `A month is ${HOURS_PER_MONTH} hours (${round(DAYS_PER_MONTH)} days), as AWS bills; DRS bills each replicating server every hour of it.`,
    `Replication servers: ${r.useDedicatedReplicationServer ? "one per server" : "shared by all servers (their settings are identical)"}, ${DRS_RULES.volumesPerReplicationServer} volumes each, the figure AWS gives for a t3.small (https://docs.aws.amazon.com/sap/latest/general/key-considerations.html); DRS adds and removes them itself, so the real count varies.`,
    `Staging disks: one EBS volume per source disk, of its size; ${DRS_RULES.largeDiskGb} GB or less on Magnetic (standard), larger on the template's type (https://docs.aws.amazon.com/drs/latest/userguide/volumes-drs.html).`,
    `Snapshots: each disk's data once (its whole size: EBS bills the blocks written, so this is an upper figure for a disk not full) plus each day's changed blocks for the ${r.pitRetentionDays} days kept (at most the server's disks a day); the 10-minute and hourly points of the last day are taken to be within that.`,
    "Transfer: every GB written is sent once, uncompressed (DRS compresses in transit, so it may be less); the initial copy sends every disk's whole size.",
    ...(entries > 1 ? [`The ${e.servers} servers are split evenly over the stack's ${entries} sources, ${round(e.servers / entries)} each.`] : []),
    ...(e.drillsPerYear * e.drillHours > 0
      ? [
          `Drills: every server launched in each of ${e.drillsPerYear} drills a year for ${e.drillHours} h, on ${e.drillInstanceType} (an assumption: DRS right-sizes to each source server; set estimate.drillInstanceType), with gp3 volumes the size of its disks (DRS's launch template uses general purpose SSD); averaged per month.`,
        ]
      : []),
  ];
}

/** What the figures leave out, with the price where a source gives it. */
function notCounted(settings: CostModelSettings, e: EstimateSettings): string[] {
  const sameRegion = settings.sources.some((s) => s.region === settings.drRegion);
  return [
    "Replication data goes from the agents to the replication servers on TCP 1500 over the peering, not through the interface endpoints, so it adds no endpoint data processing; the endpoints carry only the agents' and servers' HTTPS calls to DRS, EC2 and S3 ($0.01 per GB processed).",
    ...(e.disks.some((d) => d.gb <= DRS_RULES.largeDiskGb)
      ? [`The Magnetic staging disks' I/O requests ($0.05 per million in us-east-1, as infracost reads the AWS Price List): they depend on how the servers write.`]
      : []),
    "The replication servers' own boot volumes and any T3 CPU credits beyond the baseline.",
    "A real recovery: recovery instances and their volumes for as long as it lasts, and failback's transfer back.",
    "KMS requests for encrypted volumes, CloudWatch, and anything the recovered applications use.",
    ...(sameRegion
      ? ["Within one region the peering's traffic is free inside one availability zone and billed as intra-region transfer between zones ($0.01 per GB each way as infracost reads the AWS Price List, https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer): it depends on which zones the servers and the staging subnet are in."]
      : []),
    ...(settings.externalSources.length > 0
      ? ["Servers outside AWS: data into AWS over a VPN or Direct Connect is free; a transit gateway bills each GB sent into it ($0.02 in AWS's us-east-2 example, https://aws.amazon.com/transit-gateway/pricing/), and Direct Connect its own port-hours."]
      : []),
  ];
}

/** Without an estimate: each part it would add, and whether the DR region has its price. */
function whatAnEstimateAdds(settings: CostModelSettings, r: CostReplication): string[] {
  const region = settings.drRegion;
  const has = (price: SourcedPrice | undefined, what: string) => (price === undefined ? `not priced: no ${what} price for ${region} in the table` : `$${price.usd} ${unitOf(what)}`);
  const large = stagingGroups([DRS_RULES.largeDiskGb + 1], r.stagingDiskType)[0][0];
  const pairs = [...new Set(settings.sources.map((s) => s.region).filter((from) => from !== region))];
  return [
    "No estimate is set, so this is the network only. With `estimate: { servers, disks: [{ gb }], dailyChangeGb, drillsPerYear, drillHours }` the report adds, in " + `${region}:`,
    `DRS's fee per source server-hour (${has(DRS_SERVER_HOUR[region], "DRS")});`,
    `the replication servers, ${r.instanceType} (${has(EC2_INSTANCE_HOUR[region]?.[r.instanceType], "EC2")});`,
    `the staging disks, Magnetic up to ${DRS_RULES.largeDiskGb} GB (${has(EBS_GB_MONTH[region]?.standard, "Magnetic")}) and ${large} above (${has(EBS_GB_MONTH[region]?.[large], large)});`,
    `the point-in-time snapshots (${has(SNAPSHOT_GB_MONTH[region], "snapshot")});`,
    ...(pairs.length > 0
      ? [`the transfer of the initial copy, once, and of each day's writes: ${pairs.map((from) => `${from} to ${region} ${has(interRegionTransferPerGb(from, region), `transfer from ${from}`)}`).join(", ")};`]
      : ["no inter-region transfer (every source is in the DR region);"]),
    "and the drills' instance-hours and volumes, with the conversion servers shown unpriced.",
  ];
}

function unitOf(what: string): string {
  return what === "DRS" ? "per server-hour" : what === "EC2" ? "per instance-hour" : what.startsWith("transfer") ? "per GB" : "per GB-month";
}

function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
