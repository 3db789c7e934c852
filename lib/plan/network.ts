/**
 * The network's shape from the settings and the facts (the external sources' part is external.ts): each source's VPC (its subnets in the zones the account offers,
 * or the adopted VPC as the account confirms it), the staging VPC, the flow-log keys, and the agent rollout's
 * endpoints; with every problem the facts reveal, in the order the config names them. Pure.
 */
import { rolloutEndpointServices } from "../agentRollout";
import { subnetBlocks } from "../cidr";
import { stagingNetworkAclRules } from "../networkAcl";
import { sourceComponentName } from "../quotaInput";
import type { AvailabilityZoneChoice, ConfigProblem, Settings, SourceSettings } from "../../settings";
import type { AccountView } from "./accounts";
import { stagingAclBlocks } from "./external";
import { adoptedVpcProblems, chooseAvailabilityZones } from "./checks";
import type { AccountFacts, FlowLogPlan, NetworkPlan, SourcePlan, SubnetPlan, ZoneFacts } from "./types";

/** The config keys a source's problems are reported under. */
export function sourceKeys(source: SourceSettings): { region: string; list: string; vpc: string } {
  const i = source.configIndex;
  return source.name === ""
    ? { region: "sourceRegion", list: "sourceAvailabilityZones", vpc: "sourceVpc" }
    : { region: `sources[${i}].region`, list: `sources[${i}].availabilityZones`, vpc: `sources[${i}].vpc` };
}

/** The subnets of a created VPC: one block of `prefixLength` per zone, from the start of its block. */
export function subnetPlans(vpcCidr: string, prefixLength: number, zones: readonly string[]): SubnetPlan[] {
  const blocks = subnetBlocks(vpcCidr, prefixLength, zones.length);
  return zones.map((availabilityZone, i) => ({ availabilityZone, cidrBlock: blocks[i] }));
}

/** The zones a created VPC uses, or why none can be chosen. */
function zonesOf(choice: AvailabilityZoneChoice, region: string, keys: { readonly region: string; readonly list: string }, facts: ZoneFacts) {
  return chooseAvailabilityZones({ choice, region, regionKey: keys.region, listKey: keys.list, countKey: "availabilityZoneCount", offered: facts.offered, services: facts.services });
}

/** Each source's zones or adopted-VPC problems, the staging VPC's zones and a created recovery VPC's. */
export function networkChecks(settings: Settings, facts: AccountFacts) {
  const staging = zonesOf(settings.staging.availabilityZones, settings.drRegion, { region: "drRegion", list: "stagingAvailabilityZones" }, facts.stagingZones);
  const recoveryVpc = settings.recovery?.vpc;
  const recovery =
    recoveryVpc?.kind === "create"
      ? zonesOf(recoveryVpc.availabilityZones, settings.drRegion, { region: "drRegion", list: "recovery.availabilityZoneCount" }, { offered: facts.stagingZones.offered })
      : recoveryVpc?.kind === "adopt" && facts.recoveryVpc !== undefined
        ? {
            zones: [],
            problems: adoptedVpcProblems(recoveryVpc, facts.recoveryVpc, settings.drRegion, { vpc: "recovery.vpc", region: "drRegion" }, { systemsManagerEndpoints: settings.recovery?.launch.postLaunchActions === true }),
          }
        : { zones: [], problems: [] };
  const sources = settings.sources.map((source, i): { zones: string[]; problems: ConfigProblem[] } => {
    const found = facts.sources[i];
    const keys = sourceKeys(source);
    if (source.vpc.kind === "create" && found.kind === "create") return zonesOf(source.vpc.availabilityZones, source.region, keys, found.zones);
    if (source.vpc.kind === "adopt" && found.kind === "adopt") {
      const dns = { privateHostedZone: settings.drsDnsMode === "private-hosted-zone", systemsManagerEndpoints: settings.agentRollout?.adoptedVpcEndpoints === true };
      return { zones: [], problems: adoptedVpcProblems(source.vpc, found.vpc, source.region, keys, dns) };
    }
    throw new Error(`the facts of source ${i} are of another kind than its settings`);
  });
  const failback = Object.keys(settings.failback?.stagingVpcCidrs ?? {}).map((region) => {
    const zoneFacts = facts.failbackZones?.[region];
    const choice = settings.staging.availabilityZones;
    const count = "count" in choice ? choice.count : choice.names.length;
    // A region that is no source's has no facts: the settings refused it already.
    if (zoneFacts === undefined) throw new Error(`no zone facts for the failback region ${region}`);
    return { region, ...zonesOf({ count }, region, { region: `failback.stagingVpcCidrs.${region}`, list: `failback.stagingVpcCidrs.${region}` }, zoneFacts) };
  });
  return { staging, sources, recovery, failback };
}

/** A created VPC's flow logs: the key given, or the one `flowLogs.kms: create` makes for its region and account. */
export function flowLogPlan(settings: Settings, region: string, accountKey: string, kmsKeyArn: string | undefined, secretAccount: boolean): FlowLogPlan | undefined {
  const flowLogs = settings.flowLogs;
  if (flowLogs === undefined) return undefined;
  return {
    region,
    retentionDays: flowLogs.retentionDays,
    ...(kmsKeyArn !== undefined ? { kmsKeyArn } : flowLogs.createKeys ? { createdKey: `${region}/${accountKey}` } : {}),
    secretAccount,
  };
}

/** Each source as the components need it. */
export function sourcePlans(settings: Settings, view: AccountView, zones: readonly (readonly string[])[]): SourcePlan[] {
  const rollout = settings.agentRollout;
  return settings.sources.map((source, i): SourcePlan => {
    const accountKey = view.accountKeyOf(i);
    const otherAccount = view.otherAccount(i);
    const vpc: SourcePlan["vpc"] =
      source.vpc.kind === "create"
        ? {
            kind: "create",
            cidrBlock: source.vpc.vpcCidr,
            subnets: subnetPlans(source.vpc.vpcCidr, source.vpc.subnetPrefixLength, zones[i]),
            flowLogs: flowLogPlan(settings, source.region, accountKey, source.flowLogsKmsKeyArn, view.isSecret(view.accountOfKey(accountKey))),
          }
        : { kind: "adopt", vpcId: source.vpc.vpcId, cidrBlock: source.vpc.vpcCidr, routeTableIds: source.vpc.routeTableIds, subnetIds: source.vpc.subnetIds };
    const endpointSubnets = source.vpc.kind === "create" ? ("created" as const) : rollout?.adoptedVpcEndpoints === true ? [...source.vpc.subnetIds] : undefined;
    return {
      key: source.name,
      componentName: sourceComponentName(source.name),
      settings: source,
      region: source.region,
      accountKey,
      ...(otherAccount !== undefined ? { otherAccount } : {}),
      authKey: source.name === "" ? "sourceProvider" : "sources",
      vpc,
      ...(rollout !== undefined && endpointSubnets !== undefined
        ? { rolloutEndpoints: { cidrBlock: source.vpc.vpcCidr, subnets: endpointSubnets, services: rolloutEndpointServices({ ...rollout, otherAccount: otherAccount !== undefined }) } }
        : {}),
      secretAccount: view.isSecret(otherAccount),
      secretSourceAccount: view.isSecret(view.differ ? view.sources[i] : undefined),
    };
  });
}

/** The staging VPC: its subnets, flow logs, and the staging subnets' network ACL rules. */
export function stagingPlan(settings: Settings, view: AccountView, zones: readonly string[]): NetworkPlan["staging"] {
  const { sourceCidrBlocks, dnsCidrBlocks } = stagingAclBlocks(settings);
  return {
    cidrBlock: settings.staging.vpcCidr,
    subnets: subnetPlans(settings.staging.vpcCidr, settings.staging.subnetPrefixLength, zones),
    flowLogs: flowLogPlan(settings, settings.drRegion, "", settings.flowLogs?.stagingKmsKeyArn, view.isSecret(view.dr)),
    networkAcl: {
      sourceCidrBlocks,
      dnsCidrBlocks,
      dedicated: settings.stagingNetworkAcl,
      rules: stagingNetworkAclRules({ sourceCidrBlocks, dnsCidrBlocks, stagingCidrBlock: settings.staging.vpcCidr }),
    },
  };
}
