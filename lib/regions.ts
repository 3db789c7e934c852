/**
 * AWS regions as this program sees them: which exist, which partition they belong to, and where AWS Elastic
 * Disaster Recovery publishes its agent installer. Pure data and functions: no Pulumi imports.
 *
 * Sources:
 * - DRS installer regions: https://docs.aws.amazon.com/drs/latest/userguide/windows-agent.html (download table).
 * - Bucket suffixes of the newer regions: same page, installer and hashes URLs.
 * - GovCloud and China: https://docs.aws.amazon.com/drs/latest/userguide/supported-regions.html (GovCloud is the
 *   aws-us-gov partition; China is aws-cn).
 */

/** Commercial (`aws` partition) regions where DRS publishes its installer, i.e. where DRS can be the DR region. */
export const DRS_INSTALLER_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
];

/**
 * Regions whose installer bucket and hashes bucket names end with a suffix, e.g.
 * `aws-elastic-disaster-recovery-ca-west-1-2590fa22` and `aws-elastic-disaster-recovery-hashes-ca-west-1-2590fa22`.
 * Every other installer region has no suffix.
 */
export const INSTALLER_BUCKET_SUFFIXES: Readonly<Record<string, string>> = {
  "ap-east-2": "-f1dcde1a",
  "ap-southeast-5": "-ebaf53cb",
  "ap-southeast-6": "-8a759f92",
  "ap-southeast-7": "-69ef66ac",
  "ca-west-1": "-2590fa22",
  "mx-central-1": "-1f310737",
};

/** Regions of the other partitions that a user may plausibly name; known, but not usable with this program. */
export const OTHER_PARTITION_REGIONS: Readonly<Record<string, "aws-us-gov" | "aws-cn">> = {
  "us-gov-east-1": "aws-us-gov",
  "us-gov-west-1": "aws-us-gov",
  "cn-north-1": "aws-cn",
  "cn-northwest-1": "aws-cn",
};

/** The shape of an AWS region code: `eu-west-2`, `us-gov-west-1`, `ap-southeast-7`. */
const REGION_SHAPE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** Why a region cannot be used in a given role, or `undefined` when it can. Messages do not repeat the value. */
export function regionProblem(region: string, role: "source" | "dr"): string | undefined {
  if (!REGION_SHAPE.test(region)) {
    return "is not an AWS region code (expected the form eu-west-2)";
  }
  const partition = OTHER_PARTITION_REGIONS[region];
  if (partition !== undefined) {
    return (
      `is in the ${partition} partition; this program builds in the commercial aws partition only ` +
      "(VPC peering cannot cross partitions, and the DRS installer URLs differ there)"
    );
  }
  if (!DRS_INSTALLER_REGIONS.includes(region)) {
    return role === "dr"
      ? "is not a region where AWS Elastic Disaster Recovery is offered (no DRS agent installer is published there)"
      : "is not a known AWS commercial region";
  }
  return undefined;
}

/** The bucket-name suffix of a DR region's installer and hashes buckets (`""` for most regions). */
export function installerBucketSuffix(region: string): string {
  return INSTALLER_BUCKET_SUFFIXES[region] ?? "";
}

/**
 * Whether an availability zone name belongs to a region and is a plain AZ (`eu-west-2a`), not a Local Zone
 * (`us-west-2-lax-1a`) or Wavelength Zone, where interface endpoints cannot be placed.
 */
export function isAvailabilityZoneOf(zone: string, region: string): boolean {
  return zone.length === region.length + 1 && zone.startsWith(region) && /[a-z]$/.test(zone);
}

/** The interface endpoints the staging VPC gets, by short service name (the blog's four endpoints less the gateway). */
export const INTERFACE_ENDPOINT_SERVICES = ["drs", "ec2", "s3"] as const;
/** One of `INTERFACE_ENDPOINT_SERVICES`. */
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/** `com.amazonaws.<region>.<service>`: the VPC endpoint service name of an AWS service in a region. */
export function endpointServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}
