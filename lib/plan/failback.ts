/**
 * Failback, planned: per source region, the failback staging VPC (the mirror of the staging VPC, its ACL admitting
 * DRS's ports from the recovery VPC's block only), whether its interface endpoints exist now (`standby`, or
 * `on-demand` made `active`), the template to import if any, and where failed-back instances launch (the region's
 * first source VPC's first subnet, with its source-server group, so re-protection takes the forward path again). Pure;
 * components/failback/ declares it.
 *
 * The path back (DRS guide, "Performing a failback for cross-Region replication"): reversed replication from the
 * recovered instances in the DR region to region A's staging subnet on TCP 1500, the instances reaching DRS, EC2 and
 * S3 of region A on 443 by their regional names, which the zone `drs.<A>.amazonaws.com` on the recovery VPC answers.
 */
import { stagingNetworkAclRules, NetworkAclRules } from "../networkAcl";
import type { Settings } from "../../settings";
import type { FlowLogPlan, SourcePlan, SubnetPlan } from "./types";

/** One source region's failback side. */
export interface FailbackRegionPlan {
  /** The source region, part of every logical name (`failback-eu-west-1-vpc`). */
  readonly region: string;
  /** The source whose provider (region and account) builds this side: the region's first source VPC. */
  readonly sourceIndex: number;
  readonly cidrBlock: string;
  readonly subnets: readonly SubnetPlan[];
  readonly flowLogs?: FlowLogPlan;
  /** The failback staging subnets' ACL: DRS's ports from the recovery VPC's block, as the staging ACL admits from a source. */
  readonly networkAcl: NetworkAclRules;
  /** The DRS, EC2 and S3 interface endpoints and the zone's alias exist now. */
  readonly interfaceEndpoints: boolean;
  /** An existing replication configuration template of the region, to import. */
  readonly templateId?: string;
  /** Where failed-back instances launch: this source's VPC (its first subnet) with its source-server group. */
  readonly launchSourceKey: string;
}

/**
 * Each failback region of the settings, in `stagingVpcCidrs`' order, with its block and its first source VPC (whose
 * provider, region and account, builds its side); a region with no source VPC is left out (the settings refuse it).
 */
export function failbackSides(settings: Pick<Settings, "failback" | "sources">): { readonly region: string; readonly cidrBlock: string; readonly sourceIndex: number }[] {
  return Object.entries(settings.failback?.stagingVpcCidrs ?? {}).flatMap(([region, cidrBlock]) => {
    const sourceIndex = settings.sources.findIndex((s) => s.region === region);
    return sourceIndex < 0 ? [] : [{ region, cidrBlock, sourceIndex }];
  });
}

/** Everything failback declares. */
export interface FailbackPlan {
  readonly mode: "standby" | "on-demand";
  readonly active: boolean;
  /** The recovery VPC's block: the failback staging VPCs admit it, and route it back over the peering. */
  readonly recoveryCidrBlock: string;
  readonly regions: readonly FailbackRegionPlan[];
}

/** What the failback plan is made from besides the settings. */
export interface FailbackInputs {
  readonly sources: readonly SourcePlan[];
  readonly recoveryCidrBlock: string;
  /** The zones of each source region the failback staging VPC uses (as many as the staging VPC has). */
  readonly zones: (region: string) => readonly string[];
  readonly subnets: (cidrBlock: string, prefixLength: number, zones: readonly string[]) => SubnetPlan[];
  readonly flowLogs: (region: string, accountKey: string) => FlowLogPlan | undefined;
}

/** The failback plan, or `undefined` without `failback.enabled`. */
export function failbackPlan(settings: Settings, inputs: FailbackInputs): FailbackPlan | undefined {
  const fb = settings.failback;
  if (fb === undefined) return undefined;
  const regions = [...new Set(inputs.sources.map((s) => s.region))];
  return {
    mode: fb.mode,
    active: fb.active,
    recoveryCidrBlock: inputs.recoveryCidrBlock,
    regions: regions.map((region): FailbackRegionPlan => {
      const sourceIndex = inputs.sources.findIndex((s) => s.region === region);
      const source = inputs.sources[sourceIndex];
      const cidrBlock = fb.stagingVpcCidrs[region];
      const flowLogs = inputs.flowLogs(region, source.accountKey);
      return {
        region,
        sourceIndex,
        cidrBlock,
        subnets: inputs.subnets(cidrBlock, settings.staging.subnetPrefixLength, inputs.zones(region)),
        ...(flowLogs !== undefined ? { flowLogs } : {}),
        networkAcl: stagingNetworkAclRules({ sourceCidrBlocks: [inputs.recoveryCidrBlock], stagingCidrBlock: cidrBlock }),
        interfaceEndpoints: fb.mode === "standby" || fb.active,
        ...(fb.templateIds[region] !== undefined ? { templateId: fb.templateIds[region] } : {}),
        launchSourceKey: source.key,
      };
    }),
  };
}
