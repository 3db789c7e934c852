/**
 * S3 endpoint policies: which buckets the endpoints let through, and the policy documents. Pure.
 *
 * Sources:
 * - DRS buckets to allow with s3:GetObject, region R: aws-drs-clients-R, aws-drs-clients-hashes-R,
 *   aws-drs-internal-R, aws-drs-internal-hashes-R, aws-elastic-disaster-recovery-R,
 *   aws-elastic-disaster-recovery-hashes-R, al2023-repos-R-de612dc2
 *   (https://docs.aws.amazon.com/drs/latest/userguide/Network-Requirements.html).
 *   The installer and hashes buckets carry the region's suffix in the newer regions; AWS documents no suffix for
 *   the other names, so none is added to them.
 * - Amazon Linux package repositories in S3: Amazon Linux 2 `amazonlinux-2-repos-R` and
 *   `amazonlinux.R.amazonaws.com`, Amazon Linux 2023 `al2023-repos-R-de612dc2` (AWS Knowledge Center, "update yum
 *   or install packages without internet access on EC2 instances running Amazon Linux").
 */
import { hashesBucket, installerBucket } from "./installer";

/** The statement ids of the two S3 policies: the staging VPC's S3 endpoints, and each source's gateway endpoint. */
export const S3_POLICY_SIDS = { staging: "DrsBucketsReadOnly", sourceGateway: "PackageRepositoriesReadOnly" } as const;

/** The DR region's buckets DRS needs to read through the S3 endpoints. */
export function drsBuckets(drRegion: string): string[] {
  return [
    `aws-drs-clients-${drRegion}`,
    `aws-drs-clients-hashes-${drRegion}`,
    `aws-drs-internal-${drRegion}`,
    `aws-drs-internal-hashes-${drRegion}`,
    installerBucket(drRegion),
    hashesBucket(drRegion),
    amazonLinux2023RepositoryBucket(drRegion),
  ];
}

/** The Amazon Linux 2023 package repository bucket of a region. */
export function amazonLinux2023RepositoryBucket(region: string): string {
  return `al2023-repos-${region}-de612dc2`;
}

/** The Amazon Linux 2 and 2023 package repository buckets of a region: the source gateway endpoint's default. */
export function packageRepositoryBuckets(region: string): string[] {
  return [`amazonlinux-2-repos-${region}`, `amazonlinux.${region}.amazonaws.com`, amazonLinux2023RepositoryBucket(region)];
}

/** Why a name is not a valid S3 bucket name, or `undefined` (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "is not a bucket name: a bucket name has 3 to 63 characters";
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return "is not a bucket name: only lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit";
  }
  if (/\.\./.test(name) || /^\d+\.\d+\.\d+\.\d+$/.test(name)) return "is not a bucket name: no two adjacent dots, and not an IP address";
  return undefined;
}

/**
 * An endpoint policy that allows only `s3:GetObject` on the objects of the given buckets, for any principal
 * (the endpoint policy limits what passes the endpoint; IAM still decides who may do it). Buckets are deduplicated
 * and sorted, so the document is stable.
 */
export function s3ReadOnlyPolicy(sid: string, buckets: readonly string[]): string {
  const unique = [...new Set(buckets)].sort();
  for (const bucket of unique) {
    const problem = bucketNameProblem(bucket);
    if (problem !== undefined) throw new Error(`${JSON.stringify(bucket)} ${problem}`);
  }
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: sid,
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: unique.map((b) => `arn:aws:s3:::${b}/*`),
      },
    ],
  });
}
