/**
 * Cross-field rules of failback: it needs the recovery side (the recovered instances are failback's sources) and DRS
 * replication initialized in both regions; one failback staging block per source region, apart from the recovery
 * VPC's and from each other (each is peered to the recovery VPC). Pure.
 */
import { blocksOverlap, parseIpv4Block } from "../../lib/cidr";
import type { RawConfig } from "../codec";
import { DEFAULTS } from "../defaults";
import type { ConfigProblem, Quote } from "../problems";
import type { Fields } from "../schema";

/** The regions of the source VPCs, in config order: the ones failback returns to. */
export function sourceVpcRegions(f: Partial<Fields>): string[] {
  const regions = f.sources !== undefined ? f.sources.flatMap((s) => (s.external === undefined && s.region !== undefined ? [s.region] : [])) : f.sourceRegion !== undefined ? [f.sourceRegion] : [];
  return [...new Set(regions)];
}

/** Failback without the recovery side, without replication, or without DRS initialized in the source regions. */
export function failbackNeedsItsParts(f: Partial<Fields>): ConfigProblem[] {
  const fb = f.failback;
  if (fb?.enabled !== true) return [];
  const problems: ConfigProblem[] = [];
  if (f.recovery !== undefined && !f.recovery.enabled) problems.push({ key: "failback.enabled", message: "is true, but recovery.enabled is not: the recovered instances in the recovery VPC are what fails back; turn the recovery side on" });
  if (f.replication !== undefined && !f.replication.enabled) problems.push({ key: "failback.enabled", message: "is true, but replication.enabled is not: failback is a second DRS replication; manage replication with this stack" });
  else if (f.replication !== undefined && !f.replication.failback) {
    problems.push({ key: "replication.failback", message: "is false, but failback.enabled needs DRS initialized in each source region ahead of time: set replication.failback to true" });
  }
  if (fb.active && fb.mode === "standby") problems.push({ key: "failback.active", message: 'is true, but failback.mode is "standby", where everything is built already: active applies to mode "on-demand"' });
  if (sourceVpcRegions(f).length === 0) problems.push({ key: "failback.enabled", message: "is true, but no source is a VPC in AWS: failback here returns to source regions (servers outside AWS fail back with DRS's Failback Client)" });
  return problems;
}

/** One failback staging block per source region, none for another region. */
export function failbackRegionsCovered(f: Partial<Fields>, _raw: RawConfig, quote: Quote): ConfigProblem[] {
  const fb = f.failback;
  if (fb?.enabled !== true) return [];
  const regions = sourceVpcRegions(f);
  const given = Object.keys(fb.stagingVpcCidrs);
  return [
    ...regions
      .filter((r) => !given.includes(r))
      .map((r) => ({ key: "failback.stagingVpcCidrs", message: `has no block for ${quote("failback", r)}, a source region: give its failback staging VPC's block, e.g. ${r}: 10.3.0.0/16` })),
    ...given
      .filter((r) => !regions.includes(r))
      .map((r) => ({ key: `failback.stagingVpcCidrs.${r}`, message: `is not the region of any source VPC (${regions.join(", ") || "none"}): remove it` })),
    ...Object.keys(fb.templateIds)
      .filter((r) => !regions.includes(r))
      .map((r) => ({ key: `failback.templateIds.${r}`, message: `is not the region of any source VPC (${regions.join(", ") || "none"}): remove it` })),
  ];
}

/** The failback staging blocks apart from the recovery VPC's and from each other: each is peered to the recovery VPC. */
export function failbackBlocksApart(f: Partial<Fields>, _raw: RawConfig, quote: Quote): ConfigProblem[] {
  const fb = f.failback;
  if (fb?.enabled !== true || f.recovery?.enabled !== true) return [];
  const recovery = f.recovery.vpc?.cidrBlock ?? f.recovery.vpcCidr ?? DEFAULTS.recoveryVpcCidr;
  const entries = Object.entries(fb.stagingVpcCidrs);
  return entries.flatMap(([region, block], i) => {
    const others = [{ what: `the recovery VPC's ${quote("recovery", recovery)}`, block: recovery }, ...entries.slice(0, i).map(([r, b]) => ({ what: `${r}'s ${quote("failback", b)}`, block: b }))];
    const hit = others.find((o) => blocksOverlap(parseIpv4Block(o.block), parseIpv4Block(block)));
    return hit === undefined
      ? []
      : [{ key: `failback.stagingVpcCidrs.${region}`, message: `${quote("failback", block)} overlaps ${hit.what}: the recovery VPC is peered to each failback staging VPC and cannot route to overlapping blocks` }];
  });
}

/**
 * The recovery subnets' ACL takes, per failback region, one reply rule in and two rules out (443, 1500), beside the
 * ingress rules' own (lib/recovery.ts): within AWS's 20 a direction with the default deny, as every ACL of the program.
 */
export function failbackFitsRecoveryAcl(f: Partial<Fields>): ConfigProblem[] {
  const fb = f.failback;
  if (fb?.enabled !== true || f.recovery?.enabled !== true) return [];
  const regions = Object.keys(fb.stagingVpcCidrs).length;
  const ingress = f.recovery.ingress.length;
  const out = 1 + ingress + 2 * regions + (f.recovery.launch.postLaunchActions ? 1 : 0);
  const inbound = 1 + ingress + regions + (f.recovery.launch.postLaunchActions ? 2 : 0);
  if (Math.max(out, inbound) <= 19) return [];
  return [
    {
      key: "failback.stagingVpcCidrs",
      message:
        `with ${regions} failback region${regions === 1 ? "" : "s"} and ${ingress} recovery.ingress rule${ingress === 1 ? "" : "s"}, the recovery subnets' network ACL needs ${inbound} rules in and ${out} out, ` +
        "more than AWS's 20 a direction allow with the default deny (Amazon VPC quotas, rules per network ACL): give fewer, wider ingress rules",
    },
  ];
}

/**
 * Failed-back instances launch into the first subnet of the region's first source VPC (region A's default launch
 * template): an adopted one must list its subnets.
 */
export function failbackLaunchSubnets(f: Partial<Fields>): ConfigProblem[] {
  if (f.failback?.enabled !== true) return [];
  if (f.sources === undefined) {
    return f.sourceVpc !== undefined && f.sourceVpc.subnetIds.length === 0
      ? [{ key: "sourceVpc.subnetIds", message: "is empty, but failback launches failed-back instances into the source VPC's first subnet: list its subnets" }]
      : [];
  }
  return sourceVpcRegions(f).flatMap((region) => {
    const i = f.sources!.findIndex((s) => s.external === undefined && s.region === region);
    const vpc = f.sources![i].vpc;
    return vpc !== undefined && vpc.subnetIds.length === 0
      ? [{ key: `sources[${i}].vpc.subnetIds`, message: `is empty, but failback launches failed-back instances of ${region} into this source VPC's first subnet (the region's first source VPC): list its subnets` }]
      : [];
  });
}
