/**
 * The account's default EC2 launch template, which DRS copies to each new source server, from the DR side's
 * DescribeLaunchTemplateVersions (by template id, as live/launch.ts keeps the source servers' templates): its default
 * version (else its latest), with its first network interface's subnet, groups and public address, and the metadata
 * service's `httpTokens`. Where the scope names no default template, or the capture does not hold it, it is unread
 * (`undefined`), which the check notes. (Each source server's own template is judged by its `launch:` verdict.) With
 * failback, each failback region's default template the same way, from that region's reads (failback-launch-template's).
 */
import type { LaunchTemplateVersion } from "@aws-sdk/client-ec2";
import type { LaunchTemplateNode, SubnetNode, VpcNode } from "../model";
import type { LiveScope, RegionCapture } from "./capture";
import type { LiveGroups } from "./groups";
import type { LiveVpcs } from "./vpcs";

/** The default launch template as the capture holds it; `undefined` where not read. */
export function liveLaunchTemplates(
  regions: Readonly<Record<string, RegionCapture>>,
  scope: LiveScope,
  vpcs: LiveVpcs,
  subnets: ReadonlyMap<string, SubnetNode>,
  groups: LiveGroups,
): LaunchTemplateNode[] | undefined {
  const id = scope.recovery?.defaultLaunchTemplateId;
  if (id === undefined) return undefined;
  const chosen = defaultVersion(regions, scope.drRegion, id);
  if (chosen === undefined) return undefined;
  return [{ ...liveLaunchTemplate(chosen, subnets, groups, scope.recovery?.subnetIds ?? [], vpcs.get(scope.recovery?.vpcId)), region: scope.drRegion }];
}

/**
 * The failback regions' default launch templates as the capture holds them, each with its region, and the regions whose
 * template the scope names but the capture does not hold (not read, as the DR region's is taken: the check notes them);
 * `undefined` where the scope has no failback side, or names no template of any region.
 */
export function liveFailbackLaunchTemplates(
  regions: Readonly<Record<string, RegionCapture>>,
  scope: LiveScope,
  subnets: ReadonlyMap<string, SubnetNode>,
  groups: LiveGroups,
): { readonly templates: LaunchTemplateNode[]; readonly unread: string[] } | undefined {
  const named = (scope.failback ?? []).flatMap((f) => (f.defaultLaunchTemplateId !== undefined ? [{ region: f.region, id: f.defaultLaunchTemplateId }] : []));
  if (named.length === 0) return undefined;
  const read = named.map(({ region, id }) => ({ region, chosen: defaultVersion(regions, region, id) }));
  return {
    templates: read.flatMap(({ region, chosen }) => (chosen !== undefined ? [{ ...liveLaunchTemplate(chosen, subnets, groups, [], undefined), region }] : [])),
    unread: read.filter(({ chosen }) => chosen === undefined).map(({ region }) => region),
  };
}

/** A template's default version in a region's reads (else its latest). */
function defaultVersion(regions: Readonly<Record<string, RegionCapture>>, region: string, id: string): LaunchTemplateVersion | undefined {
  const versions = regions[region]?.DescribeLaunchTemplateVersions?.[id]?.LaunchTemplateVersions ?? [];
  return versions.find((v) => v.DefaultVersion === true) ?? [...versions].sort((a, b) => (b.VersionNumber ?? 0) - (a.VersionNumber ?? 0))[0];
}

/** One version as a template node: a subnet the model does not know is a stand-in (in an adopted recovery VPC where the scope lists it). */
function liveLaunchTemplate(v: LaunchTemplateVersion, subnets: ReadonlyMap<string, SubnetNode>, groups: LiveGroups, recoverySubnetIds: readonly string[], recovery: VpcNode | undefined): LaunchTemplateNode {
  const data = v.LaunchTemplateData ?? {};
  const nic = (data.NetworkInterfaces ?? []).find((n) => (n.DeviceIndex ?? 0) === 0) ?? data.NetworkInterfaces?.[0];
  const subnetId = nic?.SubnetId;
  const subnet = subnetId === undefined ? undefined : (subnets.get(subnetId) ?? { id: subnetId, name: subnetId, ...(recovery !== undefined && recoverySubnetIds.includes(subnetId) ? { vpc: recovery } : {}) });
  const groupIds = nic !== undefined ? (nic.Groups ?? []) : (data.SecurityGroupIds ?? []);
  return {
    id: v.LaunchTemplateId,
    name: v.LaunchTemplateName ?? v.LaunchTemplateId ?? "launch template",
    ...(subnet !== undefined ? { subnet } : {}),
    securityGroups: groupIds.map((g) => groups.of(g)),
    ...(nic?.AssociatePublicIpAddress !== undefined ? { associatePublicIp: nic.AssociatePublicIpAddress } : {}),
    ...(data.MetadataOptions?.HttpTokens !== undefined ? { httpTokens: data.MetadataOptions.HttpTokens } : {}),
  };
}
