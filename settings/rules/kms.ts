/**
 * Cross-field rules on KMS keys: a key works only in its own region, so each key given is in its VPC's (or the
 * staging disks') region; and `flowLogs.kms: create` makes the flow-log keys, so none is given beside it. The key's
 * region is left out where the key is a secret. Pure.
 */
import { SECRET_PLACEHOLDER } from "../../lib/secretText";
import type { RawConfig } from "../codec";
import type { ConfigProblem, Quote } from "../problems";
import type { Fields } from "../schema";
import { sourceEntries } from "./sourceEntries";

/** KMS keys outside their region: the staging disks' key, each source's flow-log key, the staging flow-log key. */
export function kmsKeysInTheirRegions(f: Partial<Fields>, raw: RawConfig, quote: Quote): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const listed = raw.sources !== undefined;
  const keyRegion = (key: string, keyName: string, region: string | undefined, regionKey: string, what: string) => {
    const keysRegion = key.split(":")[3];
    if (region !== undefined && keysRegion !== region) {
      const where = quote(keyName, key) === SECRET_PLACEHOLDER ? "another region" : keysRegion;
      problems.push({ key: keyName, message: `${quote(keyName, key)} is a key in ${where}; ${what} in ${regionKey} ${quote(regionKey, region)}, so the key must be too` });
    }
  };
  if (f.replication?.ebsKmsKeyArn !== undefined) keyRegion(f.replication.ebsKmsKeyArn, "replication.ebsKmsKeyArn", f.drRegion, "drRegion", "the staging disks are");
  for (const s of sourceEntries(f)) {
    if (s.kmsKeyArn !== undefined && (listed || f.sourceRegion !== undefined)) keyRegion(s.kmsKeyArn, s.kmsKeyName, s.region, s.regionKey, "the source VPC's flow logs are");
  }
  if (f.flowLogs?.stagingKmsKeyArn !== undefined) keyRegion(f.flowLogs.stagingKmsKeyArn, "flowLogs.stagingKmsKeyArn", f.drRegion, "drRegion", "the staging VPC's flow logs are");
  return problems;
}

/** Flow-log keys given beside `flowLogs.kms: create`, named in one problem. */
export function createdKeysNotGiven(f: Partial<Fields>): ConfigProblem[] {
  if (f.flowLogs?.kms !== "create") return [];
  const given = [
    ...(f.flowLogs.sourceKmsKeyArn !== undefined ? ["flowLogs.sourceKmsKeyArn"] : []),
    ...(f.flowLogs.stagingKmsKeyArn !== undefined ? ["flowLogs.stagingKmsKeyArn"] : []),
    ...sourceEntries(f).filter((s) => s.kmsKeyArn !== undefined && s.kmsKeyName.startsWith("sources")).map((s) => s.kmsKeyName),
  ];
  if (given.length === 0) return [];
  return [{ key: "flowLogs.kms", message: `"create" cannot be set together with ${given.join(", ")}: either the program makes the keys, or you give them` }];
}
