/**
 * The account's default EC2 launch template, which DRS copies to each new source server, from the DR side's
 * DescribeLaunchTemplateVersions (by template id, as live/launch.ts keeps the source servers' templates): its default
 * version (else its latest), with its first network interface's subnet, groups and public address, and the metadata
 * service's `httpTokens`. Where the scope names no default template, or the capture does not hold it, it is unread
 * (`undefined`), which the check notes. (Each source server's own template is judged by its `launch:` verdict.)
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
  const versions = regions[scope.drRegion]?.DescribeLaunchTemplateVersions?.[id]?.LaunchTemplateVersions ?? [];
  const chosen = versions.find((v) => v.DefaultVersion === true) ?? [...versions].sort((a, b) => (b.VersionNumber ?? 0) - (a.VersionNumber ?? 0))[0];
  if (chosen === undefined) return undefined;
  return [liveLaunchTemplate(chosen, subnets, groups, scope.recovery?.subnetIds ?? [], vpcs.get(scope.recovery?.vpcId))];
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
