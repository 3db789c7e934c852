/**
 * The fixed monthly cost of what the program declares: what is billed by the hour whether or not a byte flows.
 * Traffic-driven charges (data processed by endpoints, inter-region transfer over the peering) depend on the
 * servers protected and are named in the notes, not estimated. Pure: reads `DeclaredResource`s.
 */
import type { DeclaredResource } from "./verifier";

/** The price table: its source, when it was taken, and the prices in USD. Add a region's price here when known. */
export const PRICE_TABLE = {
  source:
    "AWS PrivateLink pricing, https://aws.amazon.com/privatelink/pricing/ (interface endpoint per AZ-hour: us-east-1 " +
    "and eu-west-2 from that page; us-west-2, eu-central-1, ap-southeast-1 and ap-northeast-1 from the AWS Price List " +
    "`<region>-VpcEndpoint-Hours` as quoted by third parties, not yet checked against the live list); " +
    "Amazon Route 53 pricing, https://aws.amazon.com/route53/pricing/ (hosted zone per month; Resolver endpoint per " +
    "ENI-hour and queries per million, one price on that page with no table by region); " +
    "AWS KMS pricing, https://aws.amazon.com/kms/pricing/ (key per month); " +
    "AWS Site-to-Site VPN pricing, https://aws.amazon.com/vpn/pricing/ (connection per hour, which AWS says varies by " +
    "region: us-east-2 from that page's US East (Ohio) example, us-east-1 from the AWS Price List " +
    "`VPN-Usage-Hours:ipsec.1` as quoted by third parties); " +
    "AWS Transit Gateway pricing, https://aws.amazon.com/transit-gateway/pricing/ (VPC attachment per hour and data " +
    "processed per GB: us-east-2 from that page's US East (Ohio) example, us-east-1 from the AWS Price List " +
    "`USE1-TransitGateway-Hours` as quoted by third parties). The endpoint, zone and key prices were taken 2026-11, " +
    "the VPN, transit gateway and Resolver prices 2026-12, the last two through copies of the pages, not the live pages",
  asOf: "2026-12",
  currency: "USD",
  /** AWS bills 730 hours for a month. */
  hoursPerMonth: 730,
  /** Interface endpoint, per endpoint per AZ per hour, by region. */
  interfaceEndpointPerAzHour: {
    "us-east-1": 0.01,
    "us-west-2": 0.01,
    "eu-west-2": 0.011,
    "eu-central-1": 0.012,
    "ap-southeast-1": 0.013,
    "ap-northeast-1": 0.014,
  } as Readonly<Record<string, number>>,
  /** Route 53 private hosted zone, per zone per month (first 25 zones). */
  hostedZonePerMonth: 0.5,
  /** AWS KMS customer-managed key, per key per month (https://aws.amazon.com/kms/pricing/). */
  kmsKeyPerMonth: 1,
  /**
   * What each of a key's first two automatic rotations adds per month; later rotations add nothing (AWS KMS pricing,
   * since the May 2024 change). The program's keys rotate yearly: $1 a month the first year, $2 the second, $3 after.
   */
  kmsRotationPerMonth: 1,
  kmsBilledRotations: 2,
  /** Site-to-Site VPN connection, per connection per hour, by region (AWS: "varies by Region"). */
  vpnConnectionPerHour: {
    "us-east-1": 0.05,
    "us-east-2": 0.05,
  } as Readonly<Record<string, number>>,
  /** Data transfer out over a VPN, per GB after the first 100 GB a month across AWS: the VPN page's us-east-2 example. */
  vpnTransferOutPerGbExample: 0.09,
  /** Transit gateway VPC attachment, per attachment per hour, by region. */
  transitGatewayAttachmentPerHour: {
    "us-east-1": 0.05,
    "us-east-2": 0.05,
  } as Readonly<Record<string, number>>,
  /** Transit gateway data processing, per GB sent into it: the transit gateway page's us-east-2 example. */
  transitGatewayPerGbExample: 0.02,
  /** Route 53 Resolver endpoint, per ENI (one per IP address) per hour. */
  resolverEndpointPerEniHour: 0.125,
  /** Queries through Resolver endpoints, per million: the first billion a month, and every one after. */
  resolverQueriesPerMillion: 0.4,
  resolverQueriesPerMillionOverBillion: 0.2,
} as const;

/** One line of the estimate. */
export interface CostLine {
  /** What is billed, e.g. `link-drs-endpoint (Interface endpoint, 2 AZs)`. */
  readonly item: string;
  readonly region: string;
  /** Billed units a month, e.g. AZ-hours. */
  readonly quantity: number;
  readonly unit: string;
  /** Price per unit, when the table has it. */
  readonly unitPrice?: number;
  /** Monthly cost, when priced. */
  readonly monthly?: number;
}

/** The estimate: every line, the total of the priced ones, and what could not be priced. */
export interface CostEstimate {
  readonly currency: string;
  readonly source: string;
  readonly asOf: string;
  readonly lines: readonly CostLine[];
  /** The sum of every priced line, rounded to cents: the whole cost only when `complete`. */
  readonly monthlyTotal: number;
  /** Whether every line is priced; when not, `monthlyTotal` is a lower bound and `unpriced` says what is missing. */
  readonly complete: boolean;
  /** Lines without a price in the table (their region's price is missing): the total leaves them out. */
  readonly unpriced: readonly string[];
  /** Charges that depend on traffic, not estimated. */
  readonly notes: readonly string[];
}

/** Estimate the fixed monthly cost of the declared resources. */
export function estimateMonthlyCost(resources: readonly DeclaredResource[]): CostEstimate {
  const lines = resources.flatMap((r) => LINE_OF[r.type]?.(r, r.region ?? "unknown") ?? []);
  return {
    currency: PRICE_TABLE.currency,
    source: PRICE_TABLE.source,
    asOf: PRICE_TABLE.asOf,
    lines,
    monthlyTotal: round(lines.reduce((sum, l) => sum + (l.monthly ?? 0), 0)),
    complete: lines.every((l) => l.monthly !== undefined),
    unpriced: lines.filter((l) => l.monthly === undefined).map((l) => `${l.item} in ${l.region}: ${l.quantity} ${l.unit}, no price for ${l.region} in the table`),
    notes: [
      "Interface endpoints also bill $0.01 per GB processed (first PB a month).",
      ...transferNotes(resources),
      ...rotationNotes(resources),
      ...(lines.some((l) => l.unit === "flow log")
        ? ["Flow logs have no fixed charge: CloudWatch Logs bills their ingestion and storage per GB (https://aws.amazon.com/cloudwatch/pricing/)."]
        : []),
      ...externalNotes(resources),
      ...readinessNotes(resources),
    ],
  };
}

/**
 * The readiness alarms query CloudWatch Metrics Insights across every source server: CloudWatch bills such an alarm per
 * metric it analyzes per month, with no free tier (CloudWatch pricing), so the charge grows with the servers and has
 * no fixed line here. The topic's key has its line; SNS and EventBridge bill per message, DRS's events on the default
 * bus are free.
 */
function readinessNotes(resources: readonly DeclaredResource[]): string[] {
  const alarms = resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm").length;
  if (alarms === 0) return [];
  return [
    `The ${alarms} readiness alarm${alarms === 1 ? "" : "s"} query Metrics Insights: CloudWatch bills each per metric it analyzes (one per source server) per month, without the free tier of standard alarms (https://aws.amazon.com/cloudwatch/pricing/); not estimated here.`,
    "The readiness topic bills per publish and per email delivery (https://aws.amazon.com/sns/pricing/); DRS's events reach EventBridge's default bus at no charge (https://aws.amazon.com/eventbridge/pricing/).",
  ];
}

/** The cost line of one declared resource, by its type token; a type not listed here has no line. */
const LINE_OF: Readonly<Partial<Record<string, (r: DeclaredResource, region: string) => CostLine>>> = {
  "aws:ec2/vpcEndpoint:VpcEndpoint": endpointLine,
  "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": (r, region) => free(`${r.name} (VPC peering)`, region, "connection"),
  "aws:ec2/flowLog:FlowLog": (r, region) => free(`${r.name} (VPC flow log to CloudWatch Logs)`, region, "flow log"),
  "aws:kms/key:Key": kmsKeyLine,
  "aws:route53/zone:Zone": (r) => priced(`${r.name} (hosted zone)`, "global", 1, "zone-month", PRICE_TABLE.hostedZonePerMonth),
  "aws:ec2/vpnConnection:VpnConnection": (r, region) =>
    hourly(`${r.name} (Site-to-Site VPN connection)`, region, 1, "connection-hours", PRICE_TABLE.vpnConnectionPerHour[region]),
  "aws:ec2transitgateway/vpcAttachment:VpcAttachment": (r, region) =>
    hourly(`${r.name} (transit gateway VPC attachment)`, region, 1, "attachment-hours", PRICE_TABLE.transitGatewayAttachmentPerHour[region]),
  "aws:route53/resolverEndpoint:ResolverEndpoint": resolverEndpointLine,
};

/** An interface endpoint bills per AZ-hour, one AZ per subnet; a gateway endpoint bills nothing. */
function endpointLine(r: DeclaredResource, region: string): CostLine {
  if (r.props.vpcEndpointType !== "Interface") return free(`${r.name} (gateway endpoint)`, region, "endpoint");
  const zones = countOf(r.props.subnetIds);
  return hourly(`${r.name} (interface endpoint, ${plural(zones, "AZ")})`, region, zones, "AZ-hours", PRICE_TABLE.interfaceEndpointPerAzHour[region]);
}

/** A KMS key at its first year's price; `rotationNotes` says what rotation adds later. */
function kmsKeyLine(r: DeclaredResource, region: string): CostLine {
  const rotates = r.props.enableKeyRotation === true;
  return priced(`${r.name} (KMS key${rotates ? ", rotated yearly: the first year's price" : ""})`, region, 1, "key-month", PRICE_TABLE.kmsKeyPerMonth);
}

/** A Resolver endpoint bills per ENI-hour, one ENI per entry of `ipAddresses`. */
function resolverEndpointLine(r: DeclaredResource, region: string): CostLine {
  const enis = countOf(r.props.ipAddresses);
  const direction = typeof r.props.direction === "string" ? `${r.props.direction.toLowerCase()} ` : "";
  return hourly(`${r.name} (Route 53 Resolver ${direction}endpoint, ${plural(enis, "ENI")})`, region, enis, "ENI-hours", PRICE_TABLE.resolverEndpointPerEniHour);
}

/** A line billed by the hour for `units` things all month; unpriced when the region has no price. */
function hourly(item: string, region: string, units: number, unit: string, unitPrice: number | undefined): CostLine {
  const quantity = units * PRICE_TABLE.hoursPerMonth;
  return unitPrice === undefined ? { item, region, quantity, unit } : priced(item, region, quantity, unit, unitPrice);
}

function priced(item: string, region: string, quantity: number, unit: string, unitPrice: number): CostLine {
  return { item, region, quantity, unit, unitPrice, monthly: round(quantity * unitPrice) };
}

function free(item: string, region: string, unit: string): CostLine {
  return { item, region, quantity: 1, unit, unitPrice: 0, monthly: 0 };
}

function countOf(list: unknown): number {
  return Array.isArray(list) ? list.length : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The peerings' region pairs, each named, with the one figure the project has a source for. */
function transferNotes(resources: readonly DeclaredResource[]): string[] {
  const pairs = [
    ...new Set(
      resources
        .filter((r) => r.type === "aws:ec2/vpcPeeringConnection:VpcPeeringConnection" && r.region !== undefined)
        .map((r) => `${r.region} ${typeof r.props.peerRegion === "string" ? r.props.peerRegion : r.region}`),
    ),
  ].map((pair) => pair.split(" "));
  return pairs.map(([from, to]) =>
    from === to
      ? `Traffic over the peering within ${from} is billed as data transfer within the region (AWS EC2 pricing, Data Transfer: https://aws.amazon.com/ec2/pricing/on-demand/).`
      : `Traffic over the peering between ${from} and ${to} is billed as inter-region data transfer out of each side's region` +
        `${KNOWN_TRANSFER[`${from} ${to}`] ?? ""} (AWS EC2 pricing, Data Transfer: https://aws.amazon.com/ec2/pricing/on-demand/).`,
  );
}

/** What yearly key rotation adds in later years, since the total prices each key at its first year's $1. */
function rotationNotes(resources: readonly DeclaredResource[]): string[] {
  const rotating = resources.filter((r) => r.type === "aws:kms/key:Key" && r.props.enableKeyRotation === true).length;
  if (rotating === 0) return [];
  const { kmsKeyPerMonth: key, kmsRotationPerMonth: rotation, kmsBilledRotations: billed } = PRICE_TABLE;
  return [
    `The ${rotating} KMS key${rotating === 1 ? "" : "s"} rotate${rotating === 1 ? "s" : ""} yearly, and each of a key's first ${billed} rotations adds $${rotation} a month ` +
      `(later ones are free, https://aws.amazon.com/kms/pricing/): $${key + rotation} a key in the second year and $${key + billed * rotation} from the third, ` +
      `$${round(rotating * billed * rotation)} a month more than this total by then.`,
  ];
}

/** The external sources' traffic charges and billing, one note per kind of resource declared, in this order. */
function externalNotes(resources: readonly DeclaredResource[]): string[] {
  const declared = new Set(resources.map((r) => r.type));
  return EXTERNAL_NOTES.filter(([types]) => types.some((t) => declared.has(t))).map(([, note]) => note);
}

const EXTERNAL_NOTES: readonly (readonly [readonly string[], string])[] = [
  [
    ["aws:ec2/vpnConnection:VpnConnection"],
    "Site-to-Site VPN connections also bill data transfer out over them as EC2 data transfer out, per GB after the first 100 GB a month across AWS " +
      `($${PRICE_TABLE.vpnTransferOutPerGbExample}/GB in AWS's us-east-2 example; data in is free): https://aws.amazon.com/vpn/pricing/, https://aws.amazon.com/ec2/pricing/on-demand/.`,
  ],
  [
    ["aws:ec2/vpnGateway:VpnGateway", "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment", "aws:ec2/customerGateway:CustomerGateway"],
    "The virtual private gateway, its attachment and the customer gateways have no line: AWS's VPN pricing page bills the VPN connection-hour " +
      "and data transfer out and names no charge for them, but does not say they are free (https://aws.amazon.com/vpn/pricing/).",
  ],
  [
    ["aws:ec2transitgateway/vpcAttachment:VpcAttachment"],
    `Transit gateway attachments also bill each GB sent from the staging VPC into the transit gateway ($${PRICE_TABLE.transitGatewayPerGbExample}/GB in AWS's us-east-2 example). ` +
      "AWS bills the attachment-hours to the VPC's account (the staging VPC's), not the transit gateway owner's, from when the owner accepts the attachment; " +
      "data processing goes to the account that owns the attachment the traffic enters by, unless the transit gateway's owner sets a metering policy " +
      "(https://aws.amazon.com/transit-gateway/pricing/, https://docs.aws.amazon.com/vpc/latest/tgw/metering-policy.html).",
  ],
  [
    ["aws:route53/resolverEndpoint:ResolverEndpoint"],
    `Resolver endpoints also bill the DNS queries they handle: $${PRICE_TABLE.resolverQueriesPerMillion.toFixed(2)} per million for the first billion a month, ` +
      `$${PRICE_TABLE.resolverQueriesPerMillionOverBillion.toFixed(2)} per million after (https://aws.amazon.com/route53/pricing/).`,
  ],
];

/** Inter-region transfer figures with a source (AWS EC2 on-demand pricing, data transfer): only the blog's pair. */
const KNOWN_TRANSFER: Readonly<Record<string, string>> = { "eu-west-1 eu-west-2": ", about $0.02/GB from eu-west-1 to eu-west-2" };

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
