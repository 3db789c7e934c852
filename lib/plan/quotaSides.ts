/**
 * The quota sides of the network (each account and region it makes things in) and what account/ reads on each: the
 * VPCs and peerings this stack plans there, to tell them from the account's own, and the adopted VPCs. Pure: a side
 * names the provider that reads it by source index (`undefined`: the DR side's).
 */
import { globalSide, QuotaSide } from "../quotas";
import { peeringNameTag, sourceComponentName } from "../quotaInput";
import type { Settings } from "../../settings";

/** What to read on one side. */
export interface SideSpec {
  readonly side: QuotaSide;
  /** The source whose provider reads it; `undefined` for the DR side's provider. */
  readonly sourceIndex?: number;
  readonly plannedVpcs: readonly { readonly name: string; readonly cidr: string }[];
  readonly plannedPeerings: readonly string[];
  readonly adoptedVpcs: readonly { readonly sourceKey: string; readonly vpcId: string }[];
}

/** The sides: the DR side, each source's (several sources of one account and region share theirs), and what to read. */
export interface QuotaSides {
  readonly dr: QuotaSide;
  readonly sourceSides: readonly QuotaSide[];
  readonly toRead: readonly SideSpec[];
  /** The DR account in us-east-1, where Route 53's quota is read, when the private zone is made. */
  readonly zoneSide?: QuotaSide;
  /** The source whose provider reaches a side (`undefined`: the DR side's). */
  sourceIndexOf(sideKey: string): number | undefined;
}

/** The quota sides of these settings, given each source's account key. */
export function quotaSides(settings: Settings, accountKeyOf: (i: number) => string): QuotaSides {
  const dr: QuotaSide = { key: `/${settings.drRegion}`, region: settings.drRegion, credentials: settings.drProvider !== undefined ? "drProvider" : "the ambient credentials" };
  const byKey = new Map<string, QuotaSide>([[dr.key, dr]]);
  const sourceSides = settings.sources.map((source, i): QuotaSide => {
    const key = `${accountKeyOf(i)}/${source.region}`;
    const credentials = source.provider === undefined ? "the ambient credentials" : source.name === "" ? "sourceProvider" : `sources[${source.configIndex}].provider`;
    if (!byKey.has(key)) byKey.set(key, { key, region: source.region, credentials });
    return byKey.get(key) as QuotaSide;
  });
  // A side's provider: the DR provider for the DR side (and the DR account's us-east-1), else the first of its sources'.
  const sourceIndexOf = (key: string) => {
    const i = sourceSides.findIndex((s) => s.key === key);
    return key === dr.key || i < 0 ? undefined : i;
  };
  const toRead = [...byKey.values()].map((side): SideSpec => {
    const mine = settings.sources.filter((_, i) => sourceSides[i] === side);
    return {
      side,
      sourceIndex: sourceIndexOf(side.key),
      plannedVpcs: [
        ...(side === dr ? [{ name: "staging-vpc", cidr: settings.staging.vpcCidr }] : []),
        ...mine.filter((s) => s.vpc.kind === "create").map((s) => ({ name: `${sourceComponentName(s.name)}-vpc`, cidr: s.vpc.vpcCidr })),
      ],
      plannedPeerings: mine.map((s) => peeringNameTag(s.name)),
      adoptedVpcs: mine.flatMap((s) => (s.vpc.kind === "adopt" ? [{ sourceKey: s.name, vpcId: s.vpc.vpcId }] : [])),
    };
  });
  return { dr, sourceSides, toRead, zoneSide: settings.drsDnsMode === "private-hosted-zone" ? globalSide(dr) : undefined, sourceIndexOf };
}
