/**
 * The cross-field rule on availability zones named in the config: each listed once, and each a zone of its VPC's
 * region (lib/regions.ts); the example zone is left out where the region is a secret. Pure.
 */
import { isAvailabilityZoneOf } from "../../lib/regions";
import { SECRET_PLACEHOLDER } from "../../lib/secretText";
import type { RawConfig } from "../codec";
import type { ConfigProblem, Quote } from "../problems";
import type { Fields } from "../schema";
import { sourceEntries } from "./sourceEntries";

/** Zones listed twice, or outside their region: each source's list, then the staging VPC's. */
export function zonesInTheirRegions(f: Partial<Fields>, _raw: RawConfig, quote: Quote): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const zonesBelong = (listKey: string, list: readonly string[] | undefined, region: string | undefined, regionKey: string) => {
    if (list === undefined || region === undefined) return;
    const example = quote(regionKey, region) === SECRET_PLACEHOLDER ? "" : ` (expected e.g. ${region}a)`;
    list.forEach((zone, i) => {
      if (list.indexOf(zone) !== i) {
        problems.push({ key: `${listKey}[${i}]`, message: `${quote(listKey, zone)} is listed more than once` });
      } else if (!isAvailabilityZoneOf(zone, region)) {
        problems.push({ key: `${listKey}[${i}]`, message: `${quote(listKey, zone)} is not an availability zone of ${regionKey} ${quote(regionKey, region)}${example}` });
      }
    });
  };
  for (const s of sourceEntries(f)) zonesBelong(s.zonesKey, s.zones, s.region, s.regionKey);
  zonesBelong("stagingAvailabilityZones", f.stagingAvailabilityZones, f.drRegion, "drRegion");
  return problems;
}
