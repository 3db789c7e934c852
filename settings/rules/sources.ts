/**
 * Cross-field rules on how the sources are given: the `sources` list or the shorthand keys of a single source, never
 * both; each listed source with exactly one VPC (or a network outside AWS) and a name of its own; no zones beside an
 * adopted VPC. Pure.
 */
import type { RawConfig } from "../codec";
import type { ConfigProblem, Quote } from "../problems";
import type { Fields } from "../schema";

/** The shorthand keys of a single source set beside the `sources` list, `flowLogs.sourceKmsKeyArn` among them. */
export function shorthandBesideSources(f: Partial<Fields>, raw: RawConfig): ConfigProblem[] {
  if (raw.sources === undefined) return [];
  const problems: ConfigProblem[] = [];
  // sourceVpcCidr has a project default, so it is ignored rather than refused.
  for (const key of ["sourceRegion", "sourceVpc", "sourceAvailabilityZones", "sourceProvider"] as const) {
    if (raw[key] !== undefined) problems.push({ key, message: `cannot be set together with sources: give it in the source's entry` });
  }
  if (f.flowLogs?.sourceKmsKeyArn !== undefined) {
    problems.push({ key: "flowLogs.sourceKmsKeyArn", message: "cannot be set together with sources: give sources[].flowLogsKmsKeyArn" });
  }
  return problems;
}

/**
 * Each listed source in turn: exactly one of vpcCidr, vpc or external, a name no earlier source has, a region for a
 * VPC, no zones beside vpc, and beside external none of what only a VPC has (rules/external.ts checks the rest).
 */
export function listedSourceProblems(f: Partial<Fields>, raw: RawConfig, quote: Quote): ConfigProblem[] {
  if (raw.sources === undefined) return [];
  const problems: ConfigProblem[] = [];
  f.sources?.forEach((s, i) => {
    const kinds = [s.vpcCidr, s.vpc, s.external].filter((k) => k !== undefined).length;
    if (kinds !== 1) {
      problems.push({ key: `sources[${i}]`, message: "needs exactly one of vpcCidr (a VPC to create), vpc (a VPC to adopt) or external (a network outside AWS)" });
    }
    if (f.sources?.findIndex((t) => t.name === s.name) !== i) {
      problems.push({ key: `sources[${i}].name`, message: `${quote("sources", s.name)} is the name of an earlier source; names must be unique` });
    }
    if (s.external === undefined && s.region === undefined) {
      problems.push({ key: `sources[${i}].region`, message: "is required: the source's region, e.g. eu-west-1" });
    }
    if (s.vpc !== undefined && s.availabilityZones !== undefined) {
      problems.push({ key: `sources[${i}].availabilityZones`, message: "cannot be set together with vpc: an adopted VPC's subnets already have their zones" });
    }
    if (s.external !== undefined) problems.push(...externalEntryProblems(f, s, i, quote));
  });
  return problems;
}

/** What an external entry cannot have: a VPC's keys, a provider (its resources are the DR account's), another region. */
function externalEntryProblems(f: Partial<Fields>, s: NonNullable<Fields["sources"]>[number], i: number, quote: Quote): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const key of ["availabilityZones", "flowLogsKmsKeyArn", "provider"] as const) {
    if (s[key] !== undefined) problems.push({ key: `sources[${i}].${key}`, message: "cannot be set together with external: a network outside AWS has no VPC of its own, and its connection is made in the DR account" });
  }
  if (s.region !== undefined && f.drRegion !== undefined && s.region !== f.drRegion) {
    problems.push({
      key: `sources[${i}].region`,
      message: `${quote("sources", s.region)} is not the DR region ${quote("drRegion", f.drRegion)}: a network outside AWS connects to the staging VPC, in the DR region; leave region out`,
    });
  }
  return problems;
}

/** Without a `sources` list, `sourceRegion` names the single source's region. */
export function sourceRegionRequired(_f: Partial<Fields>, raw: RawConfig): ConfigProblem[] {
  if (raw.sources !== undefined || raw.sourceRegion !== undefined) return [];
  return [{ key: "sourceRegion", message: "is required: the region of the servers to protect, e.g. eu-west-1 (or list sources)" }];
}

/** The shorthand's adopted `sourceVpc` beside `sourceAvailabilityZones`: its subnets already have their zones. */
export function adoptedSourceVpcZones(f: Partial<Fields>, raw: RawConfig): ConfigProblem[] {
  const listed = raw.sources !== undefined;
  if (listed || f.sourceVpc === undefined || f.sourceAvailabilityZones === undefined) return [];
  return [{ key: "sourceAvailabilityZones", message: "cannot be set together with sourceVpc: an adopted VPC's subnets already have their zones" }];
}
