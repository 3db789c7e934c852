/**
 * Cross-field rules on the VPCs' IPv4 blocks: the staging VPC's and the sources' apart (VPC peering cannot route
 * between overlapping blocks), every source block within what the staging network ACL can name (lib/networkAcl.ts),
 * and each created VPC's block large enough for its subnets (lib/cidr.ts). A detail derived from a secret block (its
 * network address, its size) is left out. Pure.
 */
import { blocksOverlap, parseIpv4Block, subnetCapacity } from "../../lib/cidr";
import { sourceBlocksAclProblem } from "../../lib/networkAcl";
import { maskDerivedAddresses, SECRET_PLACEHOLDER } from "../../lib/secretText";
import type { RawConfig } from "../codec";
import type { ConfigProblem, Quote } from "../problems";
import type { Fields } from "../schema";
import { SourceEntry, sourceEntries } from "./sourceEntries";

/** Whether `quote` hides the values of `key`. */
const hidden = (quote: Quote, key: string) => quote(key, "") === SECRET_PLACEHOLDER;

/** The sources whose block is known, in config order. */
const sourcesWithBlocks = (f: Partial<Fields>): SourceEntry[] => sourceEntries(f).filter((s) => s.cidr !== undefined);

/** The staging VPC's block overlapping a source VPC's, once for each such source. */
export function stagingOverlapsSource(f: Partial<Fields>, _raw: RawConfig, quote: Quote): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const blocks = sourcesWithBlocks(f);
  if (f.stagingVpcCidr !== undefined) {
    const staging = parseIpv4Block(f.stagingVpcCidr);
    for (const s of blocks) {
      if (blocksOverlap(parseIpv4Block(s.cidr as string), staging)) {
        problems.push({
          key: "stagingVpcCidr",
          message:
            `${quote("stagingVpcCidr", f.stagingVpcCidr)} overlaps the source VPC's ${quote(s.cidrKey, s.cidr as string)} (${s.cidrKey}); ` +
            "VPC peering cannot route between overlapping blocks",
        });
      }
    }
  }
  return problems;
}

/** A source's block overlapping an earlier source's (the first such), under the later source's key. */
export function sourcesOverlapEachOther(f: Partial<Fields>, _raw: RawConfig, quote: Quote): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const blocks = sourcesWithBlocks(f);
  blocks.forEach((s, i) => {
    const earlier = blocks.slice(0, i).find((t) => blocksOverlap(parseIpv4Block(t.cidr as string), parseIpv4Block(s.cidr as string)));
    if (earlier !== undefined) {
      problems.push({
        key: s.cidrKey,
        message: `${quote(s.cidrKey, s.cidr as string)} overlaps ${quote(earlier.cidrKey, earlier.cidr as string)} (${earlier.cidrKey}); the staging VPC could not route to both`,
      });
    }
  });
  return problems;
}

/** Source blocks the staging network ACL cannot name within AWS's rules per ACL (lib/networkAcl.ts). */
export function sourceBlocksFitStagingAcl(f: Partial<Fields>, raw: RawConfig, quote: Quote): ConfigProblem[] {
  const listed = raw.sources !== undefined;
  const blocks = sourcesWithBlocks(f);
  const aclProblem = blocks.length > 0 ? sourceBlocksAclProblem(blocks.map((b) => b.cidr as string)) : undefined;
  if (aclProblem === undefined) return [];
  const message = `the source blocks ${aclProblem}`;
  return [{ key: listed ? "sources" : blocks[0].cidrKey, message: blocks.some((b) => hidden(quote, b.cidrKey)) ? maskDerivedAddresses(message) : message }];
}

/** A created VPC's block (each created source's, then the staging VPC's) too small for a subnet in each of its zones. */
export function blocksHoldTheirSubnets(f: Partial<Fields>, _raw: RawConfig, quote: Quote): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const zoneCountOf = (list: readonly string[] | undefined) => list?.length ?? f.availabilityZoneCount;
  const fits = (cidrKey: string, cidr: string | undefined, zones: number | undefined) => {
    if (cidr === undefined || zones === undefined || f.subnetPrefixLength === undefined) return;
    const capacity = subnetCapacity(parseIpv4Block(cidr).prefixLength, f.subnetPrefixLength);
    if (capacity < zones) {
      problems.push({
        key: cidrKey,
        message:
          `${quote(cidrKey, cidr)} is too small for ${zones} subnet${zones === 1 ? "" : "s"} of /${f.subnetPrefixLength}` +
          `${hidden(quote, cidrKey) ? "" : ` (it holds ${capacity})`}; use a larger block or a larger subnetPrefixLength`,
      });
    }
  };
  for (const s of sourceEntries(f)) {
    if (!s.adopted) fits(s.cidrKey, s.cidr, zoneCountOf(s.zones));
  }
  fits("stagingVpcCidr", f.stagingVpcCidr, zoneCountOf(f.stagingAvailabilityZones));
  return problems;
}
