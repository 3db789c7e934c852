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
    "Amazon Route 53 pricing, https://aws.amazon.com/route53/pricing/ (hosted zone per month); " +
    "AWS KMS pricing, https://aws.amazon.com/kms/pricing/ (key per month)",
  asOf: "2026-11",
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
  const lines: CostLine[] = [];
  for (const r of resources) {
    const region = r.region ?? "unknown";
    if (r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.props.vpcEndpointType === "Interface") {
      const zones = Array.isArray(r.props.subnetIds) ? r.props.subnetIds.length : 0;
      const unitPrice = PRICE_TABLE.interfaceEndpointPerAzHour[region];
      const quantity = zones * PRICE_TABLE.hoursPerMonth;
      lines.push({
        item: `${r.name} (interface endpoint, ${zones} AZ${zones === 1 ? "" : "s"})`,
        region,
        quantity,
        unit: "AZ-hours",
        ...(unitPrice !== undefined ? { unitPrice, monthly: round(quantity * unitPrice) } : {}),
      });
    } else if (r.type === "aws:ec2/vpcEndpoint:VpcEndpoint") {
      lines.push({ item: `${r.name} (gateway endpoint)`, region, quantity: 1, unit: "endpoint", unitPrice: 0, monthly: 0 });
    } else if (r.type === "aws:ec2/vpcPeeringConnection:VpcPeeringConnection") {
      lines.push({ item: `${r.name} (VPC peering)`, region, quantity: 1, unit: "connection", unitPrice: 0, monthly: 0 });
    } else if (r.type === "aws:ec2/flowLog:FlowLog") {
      lines.push({ item: `${r.name} (VPC flow log to CloudWatch Logs)`, region, quantity: 1, unit: "flow log", unitPrice: 0, monthly: 0 });
    } else if (r.type === "aws:kms/key:Key") {
      const rotates = r.props.enableKeyRotation === true;
      lines.push({
        item: `${r.name} (KMS key${rotates ? ", rotated yearly: the first year's price" : ""})`,
        region,
        quantity: 1,
        unit: "key-month",
        unitPrice: PRICE_TABLE.kmsKeyPerMonth,
        monthly: PRICE_TABLE.kmsKeyPerMonth,
      });
    } else if (r.type === "aws:route53/zone:Zone") {
      lines.push({ item: `${r.name} (hosted zone)`, region: "global", quantity: 1, unit: "zone-month", unitPrice: PRICE_TABLE.hostedZonePerMonth, monthly: PRICE_TABLE.hostedZonePerMonth });
    }
  }
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
    ],
  };
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

/** Inter-region transfer figures with a source (AWS EC2 on-demand pricing, data transfer): only the blog's pair. */
const KNOWN_TRANSFER: Readonly<Record<string, string>> = { "eu-west-1 eu-west-2": ", about $0.02/GB from eu-west-1 to eu-west-2" };

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
