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

/** The sources of a config: the `sources` list, or the single source of the shorthand keys. */
export function sourceEntries(f: Partial<Fields>): SourceEntry[] {
  if (f.sources !== undefined) {
    return f.sources.map((s, i) => ({
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
    }));
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
