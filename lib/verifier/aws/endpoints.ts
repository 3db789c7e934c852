/** The endpoints in the VPCs the model has, from DescribeVpcEndpoints: a deleted one is gone, any other state is kept. */
import type { EndpointNode, RouteTableNode, SubnetNode } from "../model";
import { CaptureItems, nameOf } from "./capture";
import type { LiveGroups } from "./groups";
import type { LiveVpcs } from "./vpcs";

/** Each endpoint once, with its subnets, groups and route tables as the model knows them. */
export function liveEndpoints(
  items: CaptureItems,
  vpcs: LiveVpcs,
  subnets: ReadonlyMap<string, SubnetNode>,
  groups: LiveGroups,
  tables: ReadonlyMap<string, RouteTableNode>,
): EndpointNode[] {
  const endpoints: EndpointNode[] = [];
  for (const { item: e } of items("DescribeVpcEndpoints", (o) => o.VpcEndpoints)) {
    const vpc = vpcs.get(e.VpcId);
    // The SDK's enum spells states `Available`, the API and the CLI's examples `available`: compared case-blind.
    const state = String(e.State ?? "").toLowerCase();
    if (e.VpcEndpointId === undefined || vpc === undefined || state === "deleted" || endpoints.some((x) => x.id === e.VpcEndpointId)) continue;
    endpoints.push({
      id: e.VpcEndpointId,
      name: nameOf(e.Tags, e.VpcEndpointId),
      vpc,
      serviceName: e.ServiceName ?? "",
      type: e.VpcEndpointType === "Interface" || e.VpcEndpointType === "Gateway" ? e.VpcEndpointType : String(e.VpcEndpointType ?? "Gateway"),
      // A subnet of a VPC whose subnets are not read (an adopted one) is that VPC's: AWS puts an endpoint only in its own VPC's.
      subnets: (e.SubnetIds ?? []).map((id) => subnets.get(id) ?? { id, name: id, ...(!vpc.known ? { vpc, cidr: vpc.cidr } : {}) }),
      securityGroups: (e.Groups ?? []).flatMap((g) => (g.GroupId !== undefined ? [groups.of(g.GroupId)] : [])),
      routeTables: (e.RouteTableIds ?? []).flatMap((id) => tables.get(id) ?? []),
      privateDnsEnabled: e.PrivateDnsEnabled === true,
      dnsNames: (e.DnsEntries ?? []).flatMap((d) => (d.DnsName !== undefined ? [d.DnsName] : [])),
      // AWS answers with its default full-access document where none was set (DescribeVpcEndpoints, PolicyDocument).
      policy: e.PolicyDocument,
      ...(state !== "available" ? { state: state || "of unknown state" } : {}),
    });
  }
  return endpoints;
}
