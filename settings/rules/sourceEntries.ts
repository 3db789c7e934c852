/**
 * The sources of a config as the cross-field rules see them, each value with the config key it came from: the
 * `sources` list, or the single source of the shorthand keys (`sourceRegion`, `sourceVpcCidr`, `sourceVpc`, ...).
 * Pure; read from the fields that are valid on their own, so any value may be missing.
 */
import type { Fields } from "../schema";

/** A source as the cross-field checks see it, with the config keys its values came from. */
export interface SourceEntry {
  readonly name: string;
  readonly region?: string;
  readonly regionKey: string;
  readonly cidr?: string;
  readonly cidrKey: string;
  readonly adopted: boolean;
  readonly zones?: readonly string[];
  readonly zonesKey: string;
  readonly kmsKeyArn?: string;
  readonly kmsKeyName: string;
}

/** The source VPCs of a config: the `sources` list's VPC entries, or the single source of the shorthand keys. */
export function sourceEntries(f: Partial<Fields>): SourceEntry[] {
  if (f.sources !== undefined) {
    return f.sources.flatMap((s, i) => (s.external !== undefined ? [] : [{
      name: s.name,
      region: s.region,
      regionKey: `sources[${i}].region`,
      cidr: s.vpc?.cidrBlock ?? s.vpcCidr,
      cidrKey: s.vpc !== undefined ? `sources[${i}].vpc.cidrBlock` : `sources[${i}].vpcCidr`,
      adopted: s.vpc !== undefined,
      zones: s.availabilityZones,
      zonesKey: `sources[${i}].availabilityZones`,
      kmsKeyArn: s.flowLogsKmsKeyArn,
      kmsKeyName: `sources[${i}].flowLogsKmsKeyArn`,
    }]));
  }
  return [
    {
      name: "",
      region: f.sourceRegion,
      regionKey: "sourceRegion",
      cidr: f.sourceVpc !== undefined ? f.sourceVpc.cidrBlock : f.sourceVpcCidr,
      cidrKey: f.sourceVpc !== undefined ? "sourceVpc.cidrBlock" : "sourceVpcCidr",
      adopted: f.sourceVpc !== undefined,
      zones: f.sourceAvailabilityZones,
      zonesKey: "sourceAvailabilityZones",
      kmsKeyArn: f.flowLogs?.sourceKmsKeyArn,
      kmsKeyName: "flowLogs.sourceKmsKeyArn",
    },
  ];
}

/** An IPv4 block of a source, a VPC's or one of an external network's, with the key it came from. */
export interface SourceBlock {
  readonly cidr: string;
  readonly key: string;
  /** The block is an external network's, not a VPC's. */
  readonly external: boolean;
  /** The block is an external network's whose servers ask the inbound resolver (DNS admitted from it). */
  readonly resolver: boolean;
}

/** Every source block in config order: each source VPC's, and each external network's blocks. */
export function sourceBlocks(f: Partial<Fields>): SourceBlock[] {
  if (f.sources === undefined) return sourceEntries(f).flatMap((s) => (s.cidr !== undefined ? [{ cidr: s.cidr, key: s.cidrKey, external: false, resolver: false }] : []));
  return f.sources.flatMap((s, i): SourceBlock[] => {
    if (s.external !== undefined) {
      const resolver = s.external.dns === "resolver";
      return s.external.cidrBlocks.map((cidr, j) => ({ cidr, key: `sources[${i}].external.cidrBlocks[${j}]`, external: true, resolver }));
    }
    const cidr = s.vpc?.cidrBlock ?? s.vpcCidr;
    return cidr !== undefined ? [{ cidr, key: s.vpc !== undefined ? `sources[${i}].vpc.cidrBlock` : `sources[${i}].vpcCidr`, external: false, resolver: false }] : [];
  });
}
