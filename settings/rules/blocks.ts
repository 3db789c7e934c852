/**
 * Cross-field rules on the IPv4 blocks: the staging VPC's and the sources' (each source VPC's and each external
 * network's) apart, since neither a peering nor a connection routes between overlapping blocks; every source block
 * within what the staging network ACL can name (lib/networkAcl.ts),
 * and each created VPC's block large enough for its subnets (lib/cidr.ts). A detail derived from a secret block (its
 * network address, its size) is left out. Pure.
 */
import { blocksOverlap, parseIpv4Block, subnetCapacity } from "../../lib/cidr";
import { sourceBlocksAclProblem } from "../../lib/networkAcl";
import { maskDerivedAddresses, SECRET_PLACEHOLDER } from "../../lib/secretText";
import type { RawConfig } from "../codec";
import type { ConfigProblem, Quote } from "../problems";
import type { Fields } from "../schema";
import { sourceBlocks, sourceEntries } from "./sourceEntries";

/** Whether `quote` hides the values of `key`. */
const hidden = (quote: Quote, key: string) => quote(key, "") === SECRET_PLACEHOLDER;

/** The staging VPC's block overlapping a source block, once for each such block. */
export function stagingOverlapsSource(f: Partial<Fields>, _raw: RawConfig, quote: Quote): ConfigProblem[] {
  if (f.stagingVpcCidr === undefined) return [];
  const staging = parseIpv4Block(f.stagingVpcCidr);
  return sourceBlocks(f)
    .filter((b) => blocksOverlap(parseIpv4Block(b.cidr), staging))
    .map((b) => ({
      key: "stagingVpcCidr",
      message:
        `${quote("stagingVpcCidr", f.stagingVpcCidr as string)} overlaps the ${b.external ? "external network" : "source VPC"}'s ${quote(b.key, b.cidr)} (${b.key}); ` +
        (b.external ? "the staging VPC cannot route to a block that overlaps its own" : "VPC peering cannot route between overlapping blocks"),
    }));
}

/** A source block overlapping an earlier one (the first such), under the later block's key. */
export function sourcesOverlapEachOther(f: Partial<Fields>, _raw: RawConfig, quote: Quote): ConfigProblem[] {
  const blocks = sourceBlocks(f);
  return blocks.flatMap((s, i) => {
    const earlier = blocks.slice(0, i).find((t) => blocksOverlap(parseIpv4Block(t.cidr), parseIpv4Block(s.cidr)));
    return earlier === undefined
      ? []
      : [{ key: s.key, message: `${quote(s.key, s.cidr)} overlaps ${quote(earlier.key, earlier.cidr)} (${earlier.key}); the staging VPC could not route to both` }];
  });
}

/** Source blocks the staging network ACL cannot name within AWS's rules per ACL (lib/networkAcl.ts). */
export function sourceBlocksFitStagingAcl(f: Partial<Fields>, raw: RawConfig, quote: Quote): ConfigProblem[] {
  const listed = raw.sources !== undefined;
  const blocks = sourceBlocks(f);
  const aclProblem = blocks.length > 0 ? sourceBlocksAclProblem(blocks.map((b) => b.cidr), blocks.filter((b) => b.resolver).map((b) => b.cidr)) : undefined;
  if (aclProblem === undefined) return [];
  const message = `the source blocks ${aclProblem}`;
  return [{ key: listed ? "sources" : blocks[0].key, message: blocks.some((b) => hidden(quote, b.key)) ? maskDerivedAddresses(message) : message }];
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
