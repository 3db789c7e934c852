/**
 * The DRS replication configuration templates whose staging area is in the stack's staging VPC, or in a failback
 * staging VPC (region A's, read there), from DRS's camelCase fields.
 */
import type { SecurityGroupNode, SubnetNode, TemplateNode } from "../model";
import { CaptureItems, LiveScope, nameOf } from "./capture";

/** The stack's templates, each with its staging subnet and the known groups it names. */
export function liveTemplates(items: CaptureItems, scope: LiveScope, subnets: ReadonlyMap<string, SubnetNode>, groups: ReadonlyMap<string, SecurityGroupNode>): TemplateNode[] {
  const stagingVpcIds = new Set([scope.stagingVpcId, ...(scope.failback ?? []).map((f) => f.stagingVpcId)]);
  return (
    items("DescribeReplicationConfigurationTemplates", (o) => o.items)
      .map(({ item: t }) => ({ t, stagingSubnet: t.stagingAreaSubnetId !== undefined ? subnets.get(t.stagingAreaSubnetId) : undefined }))
      // Only the templates whose staging area is in the stack's staging VPC (or a failback staging VPC, read in its
      // source region) are the stack's to judge.
      .filter(({ stagingSubnet }) => stagingSubnet !== undefined && stagingVpcIds.has(stagingSubnet.vpc?.id ?? ""))
      .map(({ t, stagingSubnet }) => ({
        id: t.replicationConfigurationTemplateID,
        name: nameOf(Object.entries(t.tags ?? {}).map(([Key, Value]) => ({ Key, Value })), t.replicationConfigurationTemplateID ?? "replication template"),
        stagingSubnet,
        securityGroups: (t.replicationServersSecurityGroupsIDs ?? []).flatMap((id) => groups.get(id) ?? []),
        dataPlaneRouting: t.dataPlaneRouting,
        createPublicIp: t.createPublicIP,
        associateDefaultSecurityGroup: t.associateDefaultSecurityGroup,
      }))
  );
}
