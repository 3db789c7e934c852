/**
 * IPv4 CIDR rules for VPCs and their subnets: parsing, overlap and the subnet layout. Pure functions; the address
 * arithmetic is `ip-address`'s, this module only states the rules.
 *
 * AWS limits (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html): a VPC's IPv4 block and each
 * subnet's are between /16 and /28.
 */
import { Address4 } from "ip-address";

/** The smallest prefix length (largest block) AWS allows for a VPC or subnet. */
export const MIN_PREFIX_LENGTH = 16;
/** The largest prefix length (smallest block) AWS allows for a VPC or subnet. */
export const MAX_PREFIX_LENGTH = 28;

/** A parsed IPv4 network block. */
export interface Ipv4Block {
  /** The block in canonical `a.b.c.d/n` form. */
  readonly cidr: string;
  /** The prefix length `n`. */
  readonly prefixLength: number;
  /** The first address, as an integer. */
  readonly first: bigint;
  /** The last address, as an integer. */
  readonly last: bigint;
}

/** Address ranges that can never be a VPC's: "this network", loopback, link-local, multicast, reserved. */
const UNUSABLE_RANGES: readonly string[] = ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4"];

/**
 * Each text's parse, once: the verifier judges every packet against the same few blocks, and `ip-address` parses
 * with regular expressions and big integers. Blocks are immutable, so they are shared. Bounded, for callers that
 * parse many different texts (property tests).
 */
const parsed = new Map<string, { readonly block?: Ipv4Block; readonly problem?: string }>();
const PARSE_CACHE_LIMIT = 10_000;

function parseOnce(text: string): { readonly block?: Ipv4Block; readonly problem?: string } {
  let result = parsed.get(text);
  if (result === undefined) {
    const problem = blockProblem(text);
    result = problem === undefined ? { block: toBlock(new Address4(text)) } : { problem };
    if (parsed.size >= PARSE_CACHE_LIMIT) parsed.clear();
    parsed.set(text, result);
  }
  return result;
}

/** Parse `a.b.c.d/n` strictly: the prefix length is required and no host bit may be set. Throws on bad input. */
export function parseIpv4Block(text: string): Ipv4Block {
  const { block, problem } = parseOnce(text);
  if (block === undefined) {
    throw new Error(`${JSON.stringify(text)} ${problem}`);
  }
  return block;
}

/** Why `text` is not a strict IPv4 CIDR block, or `undefined` if it is one. */
export function ipv4BlockProblem(text: string): string | undefined {
  return parseOnce(text).problem;
}

function blockProblem(text: string): string | undefined {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text)) {
    return "is not an IPv4 CIDR block (expected the form 10.0.0.0/16)";
  }
  let address: Address4;
  try {
    address = new Address4(text);
  } catch (err) {
    return `is not an IPv4 CIDR block: ${(err as Error).message}`;
  }
  const block = toBlock(address);
  if (address.bigInt() !== block.first) {
    return `has host bits set: the network address of that block is ${block.cidr}`;
  }
  return undefined;
}

/** Why a block cannot be a VPC's IPv4 range, or `undefined` when it can. */
export function vpcBlockProblem(text: string): string | undefined {
  const problem = ipv4BlockProblem(text);
  if (problem !== undefined) {
    return problem;
  }
  const block = parseIpv4Block(text);
  if (block.prefixLength < MIN_PREFIX_LENGTH || block.prefixLength > MAX_PREFIX_LENGTH) {
    return `has prefix length /${block.prefixLength}; AWS allows a VPC between /${MIN_PREFIX_LENGTH} and /${MAX_PREFIX_LENGTH}`;
  }
  const reserved = UNUSABLE_RANGES.find((range) => blocksOverlap(block, parseIpv4Block(range)));
  if (reserved !== undefined) {
    return `overlaps ${reserved}, which is reserved and cannot be used in a VPC`;
  }
  return undefined;
}

/** Whether two blocks share at least one address. */
export function blocksOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** Whether `inner` lies wholly inside `outer`. */
export function blockContains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

/** How many subnets of `subnetPrefixLength` fit in a block of `vpcPrefixLength` (0 if the subnet is larger). */
export function subnetCapacity(vpcPrefixLength: number, subnetPrefixLength: number): number {
  return subnetPrefixLength < vpcPrefixLength ? 0 : 2 ** (subnetPrefixLength - vpcPrefixLength);
}

/**
 * The subnet layout of a VPC: `count` consecutive blocks of `subnetPrefixLength` from the start of `vpcCidr`,
 * subnet `i` for availability zone `i`. The rest of the VPC stays free for the user's own subnets.
 * Throws if they do not fit; the settings module reports that case as a config error first.
 */
export function subnetBlocks(vpcCidr: string, subnetPrefixLength: number, count: number): string[] {
  const vpc = parseIpv4Block(vpcCidr);
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`subnet count must be a whole number, got ${count}`);
  }
  if (subnetPrefixLength < MIN_PREFIX_LENGTH || subnetPrefixLength > MAX_PREFIX_LENGTH) {
    throw new Error(`subnet prefix length /${subnetPrefixLength} is outside /${MIN_PREFIX_LENGTH} to /${MAX_PREFIX_LENGTH}`);
  }
  if (count > subnetCapacity(vpc.prefixLength, subnetPrefixLength)) {
    throw new Error(`${count} subnets of /${subnetPrefixLength} do not fit in ${vpc.cidr}`);
  }
  const size = 1n << BigInt(32 - subnetPrefixLength);
  return Array.from(
    { length: count },
    (_, i) => `${Address4.fromBigInt(vpc.first + BigInt(i) * size).correctForm()}/${subnetPrefixLength}`,
  );
}

/** The block of `prefixLength` that holds the address `first` (its host bits cleared). */
export function blockAt(address: bigint, prefixLength: number): Ipv4Block {
  const hostBits = BigInt(32 - prefixLength);
  const first = (address >> hostBits) << hostBits;
  return parseIpv4Block(`${Address4.fromBigInt(first).correctForm()}/${prefixLength}`);
}

/** The smallest block that holds both `a` and `b`. */
export function supernetOf(a: Ipv4Block, b: Ipv4Block): Ipv4Block {
  let prefixLength = Math.min(a.prefixLength, b.prefixLength);
  while (prefixLength > 0 && !blockContains(blockAt(a.first, prefixLength), b)) prefixLength--;
  return blockAt(a.first, prefixLength);
}

/** How many addresses a block holds. */
export function blockSize(block: Ipv4Block): bigint {
  return block.last - block.first + 1n;
}

/**
 * The same addresses in the fewest blocks, without adding any: blocks inside others dropped, and two halves of one
 * block joined into it, until nothing changes. Sorted by address.
 */
export function aggregateBlocks(blocks: readonly Ipv4Block[]): Ipv4Block[] {
  let result = [...blocks].sort((x, y) => (x.first < y.first ? -1 : x.first > y.first ? 1 : x.prefixLength - y.prefixLength));
  for (let changed = true; changed; ) {
    changed = false;
    const next: Ipv4Block[] = [];
    for (const block of result) {
      const last = next[next.length - 1];
      if (last !== undefined && blockContains(last, block)) continue;
      if (last !== undefined && last.prefixLength === block.prefixLength && last.prefixLength > 0 && last.last + 1n === block.first) {
        const joined = blockAt(last.first, last.prefixLength - 1);
        if (joined.first === last.first) {
          next[next.length - 1] = joined;
          changed = true;
          continue;
        }
      }
      next.push(block);
    }
    result = next;
  }
  return result;
}

function toBlock(address: Address4): Ipv4Block {
  const first = address.startAddress();
  return {
    cidr: `${first.correctForm()}/${address.subnetMask}`,
    prefixLength: address.subnetMask,
    first: first.bigInt(),
    last: address.endAddress().bigInt(),
  };
}
