/**
 * What the accounts say about their quotas and their usage, read through each side's provider before anything is
 * declared: the applied value of every quota of lib/quotas.ts on every side, the VPCs a region already holds that
 * this stack does not make, and the peerings this stack already made (a later `pulumi up` requests none again).
 * Lookups only; lib/quotas.ts judges. A lookup that fails is kept as its error, never as a guess.
 *
 * Permissions: servicequotas:GetAWSDefaultServiceQuota and servicequotas:GetServiceQuota (the data source reads the
 * default, then the applied value; terraform-provider-aws internal/service/servicequotas/service_quota_data_source.go),
 * ec2:DescribeVpcs and ec2:DescribeVpcPeeringConnections.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { AppliedQuota, appliedKey, QUOTAS, QuotaKey, QuotaSide } from "../lib/quotas";

/** A side to read, with one of its providers. */
export interface SideToRead {
  readonly side: QuotaSide;
  readonly provider: pulumi.ProviderResource;
  /** The VPCs this stack makes there: Name tag and block, to tell them from the account's others. */
  readonly plannedVpcs: readonly { readonly name: string; readonly cidr: string }[];
  /** The Name tags of the peerings this stack requests from there. */
  readonly plannedPeerings: readonly string[];
  /** Adopted VPCs there whose other peerings count against their quota, by source key. */
  readonly adoptedVpcs: readonly { readonly sourceKey: string; readonly vpcId: string }[];
}

/** What the reads found. */
export interface QuotaFacts {
  readonly applied: Map<string, AppliedQuota>;
  /** VPCs in each side's region that this stack does not make, by side key, where they could be counted. */
  readonly existingVpcs: Record<string, number>;
  /** Peerings this stack already has, by side key. */
  readonly madePeerings: Record<string, number>;
  /** An adopted VPC's active peerings that this stack did not make, by source key. */
  readonly adoptedPeerings: Record<string, number>;
  /** Usage that could not be counted, each naming the permission. */
  readonly warnings: string[];
}

/** The message of a failed lookup, as the engine reports it. */
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The quotas that apply on every side (every quota but Route 53's, which is read once in us-east-1). */
const REGIONAL: readonly QuotaKey[] = (Object.keys(QUOTAS) as QuotaKey[]).filter((k) => !("global" in QUOTAS[k]));

/** Read every side's quotas and usage in parallel; `zoneSide` (the DR side in us-east-1) gets Route 53's quota. */
export async function readQuotaFacts(sides: readonly SideToRead[], zoneSide?: { readonly side: QuotaSide; readonly provider: pulumi.ProviderResource }): Promise<QuotaFacts> {
  const facts: QuotaFacts = { applied: new Map(), existingVpcs: {}, madePeerings: {}, adoptedPeerings: {}, warnings: [] };
  const reads: Promise<void>[] = [];
  const quota = (side: QuotaSide, provider: pulumi.ProviderResource, key: QuotaKey, region?: string) =>
    reads.push(
      readQuota(provider, key, region).then((applied) => {
        facts.applied.set(appliedKey(side, key), applied);
      }),
    );
  for (const { side, provider, plannedVpcs, plannedPeerings, adoptedVpcs } of sides) {
    for (const key of REGIONAL) quota(side, provider, key);
    reads.push(
      countOtherVpcs(provider, plannedVpcs).then(
        (n) => void (facts.existingVpcs[side.key] = n),
        (err) => void facts.warnings.push(`could not count the VPCs already in ${side.region} (account of ${side.credentials}): ${messageOf(err)}; grant ec2:DescribeVpcs`),
      ),
    );
    const made = plannedPeerings.length > 0 ? ourPeerings(provider, plannedPeerings) : Promise.resolve([]);
    reads.push(
      made.then(
        (ids) => void (facts.madePeerings[side.key] = ids.length),
        (err) => void facts.warnings.push(`could not read the peerings already made in ${side.region} (account of ${side.credentials}): ${messageOf(err)}; grant ec2:DescribeVpcPeeringConnections`),
      ),
    );
    for (const adopted of adoptedVpcs) {
      reads.push(
        Promise.all([activePeeringsOf(provider, adopted.vpcId), made.catch(() => [] as string[])]).then(
          ([ids, ours]) => void (facts.adoptedPeerings[adopted.sourceKey] = ids.filter((id) => !ours.includes(id)).length),
          (err) => void facts.warnings.push(`could not count the peerings of ${adopted.vpcId} (account of ${side.credentials}): ${messageOf(err)}; grant ec2:DescribeVpcPeeringConnections`),
        ),
      );
    }
  }
  if (zoneSide !== undefined) quota(zoneSide.side, zoneSide.provider, "vpcsPerHostedZone", "us-east-1");
  await Promise.all(reads);
  return facts;
}

/** A quota's applied value (the default where none was ever set), or the error of the read. */
async function readQuota(provider: pulumi.ProviderResource, key: QuotaKey, region?: string): Promise<AppliedQuota> {
  const spec = QUOTAS[key];
  try {
    const found = await aws.servicequotas.getServiceQuota(
      { serviceCode: spec.serviceCode, quotaCode: spec.code, ...(region !== undefined ? { region } : {}) },
      { provider },
    );
    return { value: found.value, defaultValue: found.defaultValue, adjustable: found.adjustable };
  } catch (err) {
    return { error: messageOf(err) };
  }
}

/**
 * The VPCs of the region that this stack does not make: all of them, less at most one per VPC the stack plans whose
 * Name tag and block match one there (the VPCs this stack made on an earlier `pulumi up`).
 */
async function countOtherVpcs(provider: pulumi.ProviderResource, planned: readonly { name: string; cidr: string }[]): Promise<number> {
  const invoke = { provider };
  const [all, named] = await Promise.all([
    aws.ec2.getVpcs({}, invoke),
    planned.length > 0 ? aws.ec2.getVpcs({ filters: [{ name: "tag:Name", values: [...new Set(planned.map((p) => p.name))] }] }, invoke) : Promise.resolve({ ids: [] as string[] }),
  ]);
  const candidates = await Promise.all(named.ids.map((id) => aws.ec2.getVpc({ id }, invoke)));
  const unmatched = [...planned];
  let ours = 0;
  for (const vpc of candidates) {
    const i = unmatched.findIndex((p) => p.name === vpc.tags?.Name && p.cidr === vpc.cidrBlock);
    if (i >= 0) {
      unmatched.splice(i, 1);
      ours++;
    }
  }
  return all.ids.length - ours;
}

/** The peerings this stack made from a side: by their Name tags, in any state that holds a quota. */
async function ourPeerings(provider: pulumi.ProviderResource, names: readonly string[]): Promise<string[]> {
  const found = await aws.ec2.getVpcPeeringConnections(
    { filters: [{ name: "tag:Name", values: [...names] }, { name: "status-code", values: ["active", "pending-acceptance", "provisioning"] }] },
    { provider },
  );
  return found.ids;
}

/** An adopted VPC's active peerings, as requester or accepter. */
async function activePeeringsOf(provider: pulumi.ProviderResource, vpcId: string): Promise<string[]> {
  const invoke = { provider };
  const active = { name: "status-code", values: ["active"] };
  const [asRequester, asAccepter] = await Promise.all([
    aws.ec2.getVpcPeeringConnections({ filters: [{ name: "requester-vpc-info.vpc-id", values: [vpcId] }, active] }, invoke),
    aws.ec2.getVpcPeeringConnections({ filters: [{ name: "accepter-vpc-info.vpc-id", values: [vpcId] }, active] }, invoke),
  ]);
  return [...new Set([...asRequester.ids, ...asAccepter.ids])];
}
