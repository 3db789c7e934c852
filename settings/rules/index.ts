/**
 * The cross-field rules, in the order their problems are reported: problems that involve more than one key, checked
 * on the keys that are valid on their own (a key the schema refused is missing from the fields). Each rule is a
 * plain function of the fields, the raw config (what was set at all) and the quoting of values, with a spec of its
 * own (tests/settingsRules.spec.ts). Pure.
 */
import type { RawConfig } from "../codec";
import type { ConfigProblem, Quote } from "../problems";
import type { Fields } from "../schema";
import { sourceBlocksFitStagingAcl, blocksHoldTheirSubnets, sourcesOverlapEachOther, stagingOverlapsSource } from "./blocks";
import { s3EndpointPoliciesFit } from "./endpointPolicies";
import { attachmentSubnetsFitStaging, externalConnectionIsOne, oneVirtualPrivateGateway, resolverHasTwoZones, sharedVpnsAgree } from "./external";
import { createdKeysNotGiven, kmsKeysInTheirRegions } from "./kms";
import { readinessProblems } from "../readinessSchema";
import { failbackBlocksApart, failbackFitsRecoveryAcl, failbackLaunchSubnets, failbackNeedsItsParts, failbackRegionsCovered } from "./failback";
import { copiedAddressesFit, recoveryIngressApart, recoveryVpcOneWay } from "./recovery";
import { adoptedVpcEndpointsHaveSubnets, rolloutHasSourceVpcs } from "./rollout";
import { adoptedSourceVpcZones, listedSourceProblems, shorthandBesideSources, sourceRegionRequired } from "./sources";
import { zonesInTheirRegions } from "./zones";

/**
 * A cross-field rule: the problems it finds in the fields valid on their own. `raw` tells a key given from a key
 * defaulted; `quote` shows a value from a key, or `[secret]` for a secret key's, and a rule leaves out a detail
 * derived from a secret value (a zone's region, a key's region, a block's size).
 */
export type CrossFieldRule = (f: Partial<Fields>, raw: RawConfig, quote: Quote) => ConfigProblem[];

/** Every cross-field rule, in the order its problems are reported. */
export const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  shorthandBesideSources,
  listedSourceProblems,
  sourceRegionRequired,
  externalConnectionIsOne,
  oneVirtualPrivateGateway,
  sharedVpnsAgree,
  stagingOverlapsSource,
  sourcesOverlapEachOther,
  sourceBlocksFitStagingAcl,
  blocksHoldTheirSubnets,
  attachmentSubnetsFitStaging,
  resolverHasTwoZones,
  zonesInTheirRegions,
  kmsKeysInTheirRegions,
  createdKeysNotGiven,
  s3EndpointPoliciesFit,
  adoptedVpcEndpointsHaveSubnets,
  rolloutHasSourceVpcs,
  adoptedSourceVpcZones,
  recoveryVpcOneWay,
  copiedAddressesFit,
  recoveryIngressApart,
  failbackNeedsItsParts,
  failbackRegionsCovered,
  failbackBlocksApart,
  failbackFitsRecoveryAcl,
  failbackLaunchSubnets,
  readinessProblems,
];

/** The problems of every cross-field rule, rule by rule in `CROSS_FIELD_RULES`' order. */
export function crossFieldProblems(f: Partial<Fields>, raw: RawConfig, quote: Quote): ConfigProblem[] {
  return CROSS_FIELD_RULES.flatMap((rule) => rule(f, raw, quote));
}
