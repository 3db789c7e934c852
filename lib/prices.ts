/**
 * The unit prices of DR itself (lib/costModel.ts): DRS's fee, EC2 instance-hours, EBS volumes and snapshots, and
 * inter-region transfer, by region, each with the source it was read from. Only what a source we could read gives:
 * a region or a type missing here is "not known", and the model shows its line unpriced (never $0, never a guess
 * from another region). The network's own prices (endpoints, hosted zone, VPN, ...) stay in lib/cost.ts PRICE_TABLE.
 * All USD, on demand, Linux, excluding tax. Read 2026-12. Pure data.
 */

/** One price and where it comes from (a key of `PRICE_SOURCES`). */
export interface SourcedPrice {
  readonly usd: number;
  readonly source: PriceSourceId;
}

/** Every source a price below was read from, in words a reviewer can follow to the number. */
export const PRICE_SOURCES = {
  drsUse2:
    "AWS Price List, offer AWSElasticDisasterRecovery, usage type USE2-DRS-Replication (SKU PVX69GGW8WY67FUE, $0.028 per " +
    "Replication-hour, the offer's one price dimension), as quoted by a public AWS Pricing Calculator reference that " +
    "reproduces the calculator's DRS estimate to the cent; read 2026-12",
  drsPriceListCsv:
    "AWS Price List, offer AWSElasticDisasterRecovery as CSV (\"USD0.028 per Replication-hour for " +
    "DRS-Replication:Normal-Replication\", effective 2024-10-01), as mirrored by the Hugging Face dataset " +
    "labofsahil/aws-pricing-dataset (AWSElasticDisasterRecovery.csv, revision b691c14a); rows read for us-gov-east-1, " +
    "us-gov-west-1 and ap-south-2 only; read 2026-12",
  ebsUse1:
    "AWS Price List (AmazonEC2 storage, EBS:VolumeUsage.*) as infracost prices it: its golden test " +
    "internal/providers/terraform/aws/testdata/ebs_volume_test/ebs_volume_test.golden, a us-east-1 stack " +
    "(gp2 10 GB $1.00, gp3 40 GB $3.20, st1 40 GB $1.80, sc1 50 GB $0.75, magnetic 20 GB $1.00 plus $0.05 per " +
    "million I/O requests); read 2026-12",
  snapshotUse1:
    "AWS Price List (EBS:SnapshotUsage) as infracost prices it: ebs_snapshot_test.golden, a us-east-1 stack " +
    "(10 GB-months of snapshot storage $0.50); read 2026-12",
  ebsUse2:
    "AWS Price List (AmazonEC2 productFamily Storage: volumeApiName gp3 $0.08, sc1 $0.015, standard $0.05 per GB-Mo; " +
    "Storage Snapshot USE2-EBS:SnapshotUsage SKU EZ8T7N34G3H5Y4ER $0.05 per GB-Mo), us-east-2, as quoted by the same " +
    "AWS Pricing Calculator reference as drsUse2; read 2026-12",
  ec2Use1:
    "AWS Price List (AmazonEC2 version 20260320042925, effective 2026-03-01), Linux, shared tenancy, on demand, as " +
    "captured from the AWS Pricing MCP server on 2026-03-22 in a public test fixture: t3.small SKU QA3NBPZEQKZ2K9AR " +
    "\"$0.0208 per On Demand Linux t3.small Instance Hour\", m5.large SKU 6C86BEPQVG73ZGGR \"$0.096 per On Demand " +
    "Linux m5.large Instance Hour\" (us-east-1)",
  ec2Usw2:
    "AWS Pricing API read 2026-09-01 and quoted in a public write-up: \"$0.0208 per On Demand Linux t3.small Instance " +
    "Hour\" (us-west-2)",
  transfer:
    "AWS Price List (AWSDataTransfer) as infracost prices it: its golden test " +
    "internal/providers/terraform/aws/testdata/data_transfer_test/data_transfer_test.golden (commit 01c59b17): " +
    "\"Outbound data transfer to other regions\", 750 GB from each source region ($15.00 from us-east-1, us-east-2, " +
    "us-west-1, us-west-2, ca-central-1, ca-west-1, eu-central-1, eu-north-1, eu-south-1, eu-west-1, eu-west-2 and " +
    "eu-west-3: $0.02/GB; $67.50 from ap-northeast-1, ap-northeast-3, ap-east-1 and ap-southeast-1: $0.09; $73.50 " +
    "from ap-southeast-2: $0.098; $64.50 from ap-south-1 and ap-south-2: $0.086; $60.00 from ap-northeast-2 and " +
    "il-central-1: $0.08; $82.88 from me-south-1: $0.1105; $103.50 from sa-east-1: $0.138; $110.25 from af-south-1: " +
    "$0.147; $22.50 from us-gov-east-1 and us-gov-west-1: $0.03), and \"to US East regions\" ($5.00 for 500 GB from " +
    "us-east-1, $2.00 for 200 GB from us-east-2: $0.01/GB between those two). infracost applies one rate from a " +
    "region to every other region but that pair; AWS's list prices each pair, and the receiving side pays nothing " +
    "(https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer); read 2026-12",
} as const;

export type PriceSourceId = keyof typeof PRICE_SOURCES;

/** When the prices below were read. */
export const DR_PRICES_AS_OF = "2026-12";

const p = (usd: number, source: PriceSourceId): SourcedPrice => ({ usd, source });

/** DRS: per replicating source server per hour (Price List unit "Replication-hour"), by the DR region. */
export const DRS_SERVER_HOUR: Readonly<Record<string, SourcedPrice>> = {
  "us-east-2": p(0.028, "drsUse2"),
  "us-gov-east-1": p(0.028, "drsPriceListCsv"),
  "us-gov-west-1": p(0.028, "drsPriceListCsv"),
  "ap-south-2": p(0.028, "drsPriceListCsv"),
};

/** EC2 on demand, Linux, shared tenancy: per instance-hour, by region then instance type. */
export const EC2_INSTANCE_HOUR: Readonly<Record<string, Readonly<Record<string, SourcedPrice>>>> = {
  "us-east-1": { "t3.small": p(0.0208, "ec2Use1"), "m5.large": p(0.096, "ec2Use1") },
  "us-west-2": { "t3.small": p(0.0208, "ec2Usw2") },
};

/** The EBS volume types a staging or drill disk can have here; `standard` is "Magnetic" (previous generation). */
export type VolumeType = "standard" | "gp2" | "gp3" | "st1" | "sc1";

/** EBS volume storage, per GB-month, by region then volume type. */
export const EBS_GB_MONTH: Readonly<Record<string, Readonly<Partial<Record<VolumeType, SourcedPrice>>>>> = {
  "us-east-1": { standard: p(0.05, "ebsUse1"), gp2: p(0.1, "ebsUse1"), gp3: p(0.08, "ebsUse1"), st1: p(0.045, "ebsUse1"), sc1: p(0.015, "ebsUse1") },
  "us-east-2": { standard: p(0.05, "ebsUse2"), gp3: p(0.08, "ebsUse2"), sc1: p(0.015, "ebsUse2") },
};

/** EBS snapshot storage (standard tier), per GB-month, by region. */
export const SNAPSHOT_GB_MONTH: Readonly<Record<string, SourcedPrice>> = {
  "us-east-1": p(0.05, "snapshotUse1"),
  "us-east-2": p(0.05, "ebsUse2"),
};

/** Data transfer out of a region to another AWS region, per GB: one rate per source region, and the pairs that differ. */
const TRANSFER_OUT: Readonly<Record<string, number>> = {
  "us-east-1": 0.02,
  "us-east-2": 0.02,
  "us-west-1": 0.02,
  "us-west-2": 0.02,
  "ca-central-1": 0.02,
  "ca-west-1": 0.02,
  "eu-central-1": 0.02,
  "eu-north-1": 0.02,
  "eu-south-1": 0.02,
  "eu-west-1": 0.02,
  "eu-west-2": 0.02,
  "eu-west-3": 0.02,
  "ap-northeast-1": 0.09,
  "ap-northeast-3": 0.09,
  "ap-east-1": 0.09,
  "ap-southeast-1": 0.09,
  "ap-southeast-2": 0.098,
  "ap-south-1": 0.086,
  "ap-south-2": 0.086,
  "ap-northeast-2": 0.08,
  "il-central-1": 0.08,
  "me-south-1": 0.1105,
  "sa-east-1": 0.138,
  "af-south-1": 0.147,
  "us-gov-east-1": 0.03,
  "us-gov-west-1": 0.03,
};
const TRANSFER_PAIRS: Readonly<Record<string, number>> = { "us-east-1 us-east-2": 0.01, "us-east-2 us-east-1": 0.01 };

/** The per-GB price of data sent from `from` to another region `to`, or `undefined` when no source gives it. */
export function interRegionTransferPerGb(from: string, to: string): SourcedPrice | undefined {
  if (from === to) return undefined;
  const usd = TRANSFER_PAIRS[`${from} ${to}`] ?? TRANSFER_OUT[from];
  return usd === undefined ? undefined : p(usd, "transfer");
}

/** Regions with a price of every kind above, for the docs and tests: what a stack's DR region can be fully priced in. */
export function pricedKinds(region: string): { drs: boolean; ec2: readonly string[]; ebs: readonly VolumeType[]; snapshots: boolean } {
  return {
    drs: DRS_SERVER_HOUR[region] !== undefined,
    ec2: Object.keys(EC2_INSTANCE_HOUR[region] ?? {}),
    ebs: Object.keys(EBS_GB_MONTH[region] ?? {}) as VolumeType[],
    snapshots: SNAPSHOT_GB_MONTH[region] !== undefined,
  };
}
