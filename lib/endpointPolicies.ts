/**
 * Endpoint policies: which buckets the S3 endpoints let through, and the policy documents of every endpoint. Pure.
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

/**
 * The policy of an interface endpoint of AWS's service `service` (drs, ec2, ssm, ssmmessages, ec2messages, logs,
 * sts): what passes it is limited to the stack's own accounts, on both ends. An endpoint without a policy admits any
 * principal acting on any account's resources, so a compromised server could, for one, write its data into another
 * account's log group through it. The statements follow AWS's data-perimeter endpoint policies
 * (aws-samples/data-perimeter-policy-examples, vpc_endpoint_policies/), with accounts in place of an organization:
 * - the stack's principals on the stack's resources (`aws:PrincipalAccount` and `aws:ResourceAccount`);
 * - AWS services acting for the account (`aws:PrincipalIsAWSService`);
 * - the reads of AWS's own resources the service needs: EC2 and DRS descriptions (no resource of another account to
 *   act on), Systems Manager's AWS-owned documents and public parameters, and DRS's session API, which AWS's DRS guide
 *   says a restricted DRS endpoint policy must admit ("installing the agent on a blocked network":
 *   `execute-api:Invoke` on `arn:aws:execute-api:<region>:*.*\/POST/CreateSessionForDrs`).
 * Widening it, for a principal of another account or another account's resource, means adding that account to
 * `accountIds`' statement (docs/dns-and-endpoints.md, Endpoint policies).
 */
export function interfaceEndpointPolicy(service: string, region: string, accountIds: readonly string[]): string {
  const accounts = [...new Set(accountIds)].sort();
  if (accounts.length === 0 || accounts.some((a) => !/^\d{12}$/.test(a))) throw new Error(`an endpoint policy needs the stack's account ids, not ${JSON.stringify(accountIds)}`);
  const ours = { "aws:PrincipalAccount": accounts };
  const statement = (sid: string, action: string | string[], resource: string | string[], condition: Record<string, unknown>) => ({ Sid: sid, Effect: "Allow", Principal: "*", Action: action, Resource: resource, Condition: condition });
  const extras: Record<string, unknown>[] =
    service === "drs"
      ? [
          statement("ReadDrsByTheStacksAccounts", ["drs:Describe*", "drs:List*", "drs:Get*"], "*", { StringEquals: ours }),
          { Sid: "DrsAgentSession", Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: `arn:aws:execute-api:${region}:*.*/POST/CreateSessionForDrs` },
        ]
      : service === "ec2"
        ? [statement("ReadEc2ByTheStacksAccounts", "ec2:Describe*", "*", { StringEquals: ours })]
        : service === "ssm"
          ? [
              statement("AwsOwnedDocumentsAndParameters", ["ssm:Describe*", "ssm:List*", "ssm:Get*"], [`arn:aws:ssm:${region}::document/*`, `arn:aws:ssm:${region}::parameter/aws/*`], {
                StringEquals: ours,
              }),
            ]
          : [];
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      statement("TheStacksAccountsOnTheirOwnResources", `${service}:*`, "*", { StringEquals: { ...ours, "aws:ResourceAccount": accounts } }),
      statement("AwsServicesForTheAccounts", `${service}:*`, "*", { Bool: { "aws:PrincipalIsAWSService": "true" } }),
      ...extras,
    ],
  });
}
