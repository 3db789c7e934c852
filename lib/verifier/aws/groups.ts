/**
 * The stack's security groups (DescribeSecurityGroups: in an adopted VPC only the stack's own) and their rules
 * (DescribeSecurityGroupRules), a prefix list named by its service (DescribeManagedPrefixLists). A group the model
 * names but does not know (referenced by a rule or an endpoint) stands in with unknown rules.
 */
import type { RuleNode, SecurityGroupNode } from "../model";
import { CaptureItems, nameOf, ScopedVpc } from "./capture";
import type { LiveVpcs } from "./vpcs";

/** The security groups of the live model by id: the stack's, then the stand-ins for those it only names. */
export class LiveGroups {
  readonly byId = new Map<string, SecurityGroupNode>();

  /** The group of an id: known, or a stand-in whose rules are unknown. */
  of(id: string): SecurityGroupNode {
    let group = this.byId.get(id);
    if (group === undefined) {
      group = { id, name: id, known: false, ingress: [], egress: [] };
      this.byId.set(id, group);
    }
    return group;
  }
}

/** The stack's groups, each with its rules. */
export function liveGroups(items: CaptureItems, scoped: ReadonlyMap<string, ScopedVpc>, vpcs: LiveVpcs): LiveGroups {
  const groups = new LiveGroups();
  for (const { item: g } of items("DescribeSecurityGroups", (o) => o.SecurityGroups)) {
    const vpc = vpcs.get(g.VpcId);
    const scopeOf = g.VpcId !== undefined ? scoped.get(g.VpcId) : undefined;
    if (g.GroupId === undefined || vpc === undefined || scopeOf === undefined || groups.byId.has(g.GroupId)) continue;
    if (scopeOf.adopted && !scopeOf.groupIds.includes(g.GroupId)) continue;
    groups.byId.set(g.GroupId, { id: g.GroupId, name: nameOf(g.Tags, g.GroupName ?? g.GroupId), known: true, vpc, ingress: [], egress: [], isDefault: g.GroupName === "default" });
  }
  addLiveRules(items, groups);
  return groups;
}

/** Each rule of a known group, once, into its group's ingress or egress; a rule is named by its own id. */
function addLiveRules(items: CaptureItems, groups: LiveGroups): void {
  const prefixListServices = new Map(
    items("DescribeManagedPrefixLists", (o) => o.PrefixLists).flatMap(({ item }) => (item.PrefixListId !== undefined && item.PrefixListName !== undefined ? [[item.PrefixListId, item.PrefixListName] as const] : [])),
  );
  const seenRules = new Set<string>();
  for (const { item: r } of items("DescribeSecurityGroupRules", (o) => o.SecurityGroupRules)) {
    const group = r.GroupId !== undefined ? groups.byId.get(r.GroupId) : undefined;
    if (group === undefined || !group.known || (r.SecurityGroupRuleId !== undefined && seenRules.has(r.SecurityGroupRuleId))) continue;
    if (r.SecurityGroupRuleId !== undefined) seenRules.add(r.SecurityGroupRuleId);
    const rule: RuleNode = {
      owner: { name: group.name, id: r.SecurityGroupRuleId ?? group.id },
      protocol: String(r.IpProtocol ?? "-1").toLowerCase(),
      fromPort: r.FromPort ?? -1,
      toPort: r.ToPort ?? -1,
      cidrs: r.CidrIpv4 !== undefined ? [r.CidrIpv4] : [],
      ipv6Cidrs: r.CidrIpv6 !== undefined ? [r.CidrIpv6] : [],
      groups: r.ReferencedGroupInfo?.GroupId !== undefined ? [groups.of(r.ReferencedGroupInfo.GroupId)] : [],
      prefixListServices: r.PrefixListId !== undefined ? [prefixListServices.get(r.PrefixListId) ?? r.PrefixListId] : [],
    };
    (r.IsEgress === true ? group.egress : group.ingress).push(rule);
  }
}
