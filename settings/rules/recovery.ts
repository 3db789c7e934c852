/**
 * Cross-field rules of the recovery side: one way to give its VPC, and with `copyPrivateIp` every source's addresses
 * inside it (DRS launches a server at its source address only where the subnet holds it: "ensure that the IP is
 * included in the subnet's CIDR block range", https://docs.aws.amazon.com/drs/latest/userguide/ec2-key-considerations.html). Pure.
 */
import { blockContains, blocksOverlap, parseIpv4Block } from "../../lib/cidr";
import type { RawConfig } from "../codec";
import { DEFAULTS } from "../defaults";
import type { ConfigProblem, Quote } from "../problems";
import type { Fields } from "../schema";

/** An adopted recovery VPC beside the keys of a created one. */
export function recoveryVpcOneWay(f: Partial<Fields>): ConfigProblem[] {
  const r = f.recovery;
  if (r?.enabled !== true || r.vpc === undefined) return [];
  return (["vpcCidr", "availabilityZoneCount"] as const)
    .filter((k) => r[k] !== undefined)
    .map((k) => ({ key: `recovery.${k}`, message: "cannot be set together with recovery.vpc: give a VPC to create (vpcCidr, availabilityZoneCount) or one to adopt (vpc), not both" }));
}

/** With `copyPrivateIp`, each source block (a VPC's, an external network's) inside the recovery VPC's block. */
export function copiedAddressesFit(f: Partial<Fields>, _raw: RawConfig, quote: Quote): ConfigProblem[] {
  const r = f.recovery;
  if (r?.enabled !== true || !r.launch.copyPrivateIp) return [];
  const recoveryBlock = r.vpc?.cidrBlock ?? r.vpcCidr ?? DEFAULTS.recoveryVpcCidr;
  const blocks = sourceBlocks(f);
  const outside = blocks.filter((b) => !blockContains(parseIpv4Block(recoveryBlock), parseIpv4Block(b.cidr)));
  return outside.map((b) => ({
    key: "recovery.launch.copyPrivateIp",
    message:
      `is true, but ${b.key}'s ${quote(b.configKey, b.cidr)} is not inside the recovery VPC's ${quote("recovery", recoveryBlock)}: ` +
      "DRS launches a server at its source address only in a subnet that holds it; give the recovery VPC a block that holds every source's, or set copyPrivateIp to false",
  }));
}

/** Every source block with the key that gave it. */
function sourceBlocks(f: Partial<Fields>): { key: string; configKey: string; cidr: string }[] {
  if (f.sources !== undefined) {
    return f.sources.flatMap((s, i) => [
      ...(s.vpcCidr !== undefined ? [{ key: `sources[${i}].vpcCidr`, configKey: "sources", cidr: s.vpcCidr }] : []),
      ...(s.vpc !== undefined ? [{ key: `sources[${i}].vpc.cidrBlock`, configKey: "sources", cidr: s.vpc.cidrBlock }] : []),
      ...(s.external?.cidrBlocks ?? []).map((cidr, j) => ({ key: `sources[${i}].external.cidrBlocks[${j}]`, configKey: "sources", cidr })),
    ]);
  }
  if (f.sourceVpc !== undefined) return [{ key: "sourceVpc.cidrBlock", configKey: "sourceVpc", cidr: f.sourceVpc.cidrBlock }];
  return f.sourceVpcCidr !== undefined ? [{ key: "sourceVpcCidr", configKey: "sourceVpcCidr", cidr: f.sourceVpcCidr }] : [];
}

/**
 * No recovery ingress rule admits a source VPC's or the staging VPC's addresses: recovered servers must not be
 * reachable from the servers they replace, nor from DRS's staging area (a block inside the recovery VPC's own, as
 * with copyPrivateIp, is the recovery VPC's).
 */
export function recoveryIngressApart(f: Partial<Fields>, _raw: RawConfig, quote: Quote): ConfigProblem[] {
  const r = f.recovery;
  if (r?.enabled !== true) return [];
  const own = parseIpv4Block(r.vpc?.cidrBlock ?? r.vpcCidr ?? DEFAULTS.recoveryVpcCidr);
  const others = [
    ...(f.stagingVpcCidr !== undefined ? [{ key: "stagingVpcCidr", what: "the staging VPC", cidr: f.stagingVpcCidr }] : []),
    ...sourceBlocks(f).filter((b) => !b.key.includes("external")).map((b) => ({ key: b.key, what: "a source VPC", cidr: b.cidr })),
  ];
  return r.ingress.flatMap((rule, i) => {
    const block = parseIpv4Block(rule.from);
    if (blockContains(own, block)) return [];
    const hit = others.find((o) => blocksOverlap(parseIpv4Block(o.cidr), block));
    return hit === undefined
      ? []
      : [{ key: `recovery.ingress[${i}].from`, message: `${quote("recovery", rule.from)} overlaps ${hit.what}'s ${quote(hit.key.split(/[.[]/)[0], hit.cidr)} (${hit.key}): recovered servers must not be reachable from the servers they replace or from DRS's staging area` }];
  });
}
