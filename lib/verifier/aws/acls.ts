/**
 * The network ACLs of the VPCs the model knows, from DescribeNetworkAcls: every subnet is associated with exactly one.
 * The default ACL's `*` rule (number 32767) is the implicit deny, so it is left out, as a declaration leaves it out.
 */
import type { NetworkAclEntry } from "@aws-sdk/client-ec2";
import type { NaclNode, NaclRuleNode, NetworkModel, SubnetNode, VpcNode } from "../model";
import { CaptureItems, nameOf } from "./capture";
import type { LiveVpcs } from "./vpcs";

/** Every ACL once, with its VPC; each subnet's ACL; each VPC's default ACL. */
export function liveAcls(items: CaptureItems, vpcs: LiveVpcs, subnets: ReadonlyMap<string, SubnetNode>): Pick<NetworkModel, "subnetAcl" | "vpcDefaultAcl" | "acls"> {
  const subnetAcl = new Map<SubnetNode, NaclNode>();
  const vpcDefaultAcl = new Map<VpcNode, NaclNode>();
  const acls: { acl: NaclNode; vpc?: VpcNode }[] = [];
  for (const { item: a } of items("DescribeNetworkAcls", (o) => o.NetworkAcls)) {
    const vpc = vpcs.get(a.VpcId);
    if (a.NetworkAclId === undefined || vpc === undefined || !vpc.known || acls.some(({ acl }) => acl.id === a.NetworkAclId)) continue;
    const entries = (a.Entries ?? []).filter((e) => e.RuleNumber !== 32767 && e.CidrBlock !== undefined);
    const acl: NaclNode = { id: a.NetworkAclId, name: nameOf(a.Tags, a.NetworkAclId), ingress: liveAclRules(entries, false), egress: liveAclRules(entries, true) };
    acls.push({ acl, vpc });
    if (a.IsDefault === true) vpcDefaultAcl.set(vpc, acl);
    for (const association of a.Associations ?? []) {
      const subnet = association.SubnetId !== undefined ? subnets.get(association.SubnetId) : undefined;
      if (subnet !== undefined) subnetAcl.set(subnet, acl);
    }
  }
  return { subnetAcl, vpcDefaultAcl, acls };
}

/** The entries of one direction as rules. */
function liveAclRules(entries: readonly NetworkAclEntry[], egress: boolean): NaclRuleNode[] {
  return entries
    .filter((e) => (e.Egress === true) === egress)
    .map((e) => ({
      ruleNo: e.RuleNumber ?? 0,
      allow: e.RuleAction === "allow",
      protocol: String(e.Protocol ?? "-1").toLowerCase(),
      cidr: e.CidrBlock,
      fromPort: e.PortRange?.From ?? 0,
      toPort: e.PortRange?.To ?? 0,
    }));
}
