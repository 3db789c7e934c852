/**
 * What could face the internet in the VPCs the model has: Internet Gateways (DescribeInternetGateways), egress-only
 * ones still attached (DescribeEgressOnlyInternetGateways, region-wide), NAT gateways not deleted
 * (DescribeNatGateways), Elastic IPs on the stack's interfaces (DescribeAddresses, region-wide), and interfaces with a
 * public address (DescribeNetworkInterfaces).
 */
import type { DescribeAddressesResult, DescribeNetworkInterfacesResult } from "@aws-sdk/client-ec2";
import { blame, Finding, VpcNode } from "../model";
import { CaptureItems, nameOf, RegionItem } from "./capture";
import type { LiveVpcs } from "./vpcs";

/** The gateways and Elastic IPs of the stack's VPCs, each with what it is, and the VPC each is attached to or in. */
export function liveInternetFacing(items: CaptureItems, vpcs: LiveVpcs): { internetFacing: Finding[]; internetFacingVpc: Map<Finding, VpcNode> } {
  const found = gatewaysAndAddresses(items, vpcs);
  return { internetFacing: found.map((f) => f.finding), internetFacingVpc: new Map(found.map((f) => [f.finding, f.vpc])) };
}

function gatewaysAndAddresses(items: CaptureItems, vpcs: LiveVpcs): { readonly finding: Finding; readonly vpc: VpcNode }[] {
  const found = (node: { name: string; id?: string }, vpc: VpcNode, reason: string) => ({ finding: blame(node, reason), vpc });
  return [
    ...items("DescribeInternetGateways", (o) => o.InternetGateways).flatMap(({ item: g }) =>
      (g.Attachments ?? []).flatMap((a) => {
        const vpc = vpcs.get(a.VpcId);
        return vpc !== undefined ? [found({ name: nameOf(g.Tags, g.InternetGatewayId ?? "Internet Gateway"), id: g.InternetGatewayId }, vpc, `is an Internet Gateway attached to ${vpc.name}`)] : [];
      }),
    ),
    ...items("DescribeEgressOnlyInternetGateways", (o) => o.EgressOnlyInternetGateways).flatMap(({ item: g }) =>
      (g.Attachments ?? []).flatMap((a) => {
        const vpc = vpcs.get(a.VpcId);
        return vpc !== undefined && a.State !== "detached"
          ? [found({ name: nameOf(g.Tags, g.EgressOnlyInternetGatewayId ?? "egress-only internet gateway"), id: g.EgressOnlyInternetGatewayId }, vpc, `is an egress-only internet gateway attached to ${vpc.name}`)]
          : [];
      }),
    ),
    ...items("DescribeNatGateways", (o) => o.NatGateways).flatMap(({ item: n }) => {
      const vpc = vpcs.get(n.VpcId);
      return vpc !== undefined && n.State !== "deleted" ? [found({ name: nameOf(n.Tags, n.NatGatewayId ?? "NAT gateway"), id: n.NatGatewayId }, vpc, `is a NAT gateway in ${vpc.name}`)] : [];
    }),
    ...elasticIps(items("DescribeAddresses", (o) => o.Addresses), items("DescribeNetworkInterfaces", (o) => o.NetworkInterfaces), vpcs),
  ];
}

/** The network interfaces of the known VPCs that have a public address. */
export function livePublicAddresses(items: CaptureItems, vpcs: LiveVpcs): Finding[] {
  return items("DescribeNetworkInterfaces", (o) => o.NetworkInterfaces)
    .filter(({ item: n }) => vpcs.get(n.VpcId)?.known === true && n.Association?.PublicIp !== undefined)
    .map(({ item: n }) =>
      blame(
        { name: nameOf(n.TagSet, n.NetworkInterfaceId ?? "network interface"), id: n.NetworkInterfaceId },
        `has the public IP address ${n.Association?.PublicIp}${n.Attachment?.InstanceId !== undefined ? ` (instance ${n.Attachment.InstanceId})` : ""}`,
      ),
    );
}

/** The Elastic IP addresses on a network interface of one of the stack's VPCs (an address has no VPC of its own). */
function elasticIps(
  addresses: readonly RegionItem<NonNullable<DescribeAddressesResult["Addresses"]>[number]>[],
  interfaces: readonly RegionItem<NonNullable<DescribeNetworkInterfacesResult["NetworkInterfaces"]>[number]>[],
  vpcs: LiveVpcs,
): { finding: Finding; vpc: VpcNode }[] {
  return addresses.flatMap(({ region, item: a }) => {
    const eni = interfaces.find(({ region: r, item: n }) => r === region && n.NetworkInterfaceId !== undefined && n.NetworkInterfaceId === a.NetworkInterfaceId)?.item;
    const vpc = vpcs.get(eni?.VpcId);
    if (vpc === undefined) return [];
    return [{ finding: blame({ name: nameOf(a.Tags, a.AllocationId ?? a.PublicIp ?? "Elastic IP"), id: a.AllocationId }, `is an Elastic IP (${a.PublicIp}) associated with ${a.NetworkInterfaceId} in ${vpc.name}`), vpc }];
  });
}
