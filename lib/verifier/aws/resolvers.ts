/**
 * The Route 53 Resolver endpoints of the stack's VPCs (ListResolverEndpoints, filtered by `HostVPCId`), each with its
 * addresses (ListResolverEndpointIpAddresses) and security groups. Only `OPERATIONAL` answers queries as it should
 * (`AUTO_RECOVERING` at reduced capacity, `ACTION_NEEDED` not at all: Route 53 API reference, ResolverEndpoint,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ResolverEndpoint.html). An endpoint has
 * no tags in these outputs: it is named by its name, else its id.
 */
import type { ResolverEndpointNode, SubnetNode } from "../model";
import type { LiveCapture } from "./capture";
import type { LiveGroups } from "./groups";
import type { LiveVpcs } from "./vpcs";

/** Each region's resolver endpoints in a VPC the model knows, with their addresses. */
export function liveResolverEndpoints(capture: LiveCapture, vpcs: LiveVpcs, subnets: ReadonlyMap<string, SubnetNode>, groups: LiveGroups): ResolverEndpointNode[] {
  const endpoints: ResolverEndpointNode[] = [];
  for (const ops of Object.values(capture.regions)) {
    for (const e of ops.ListResolverEndpoints?.ResolverEndpoints ?? []) {
      const vpc = vpcs.get(e.HostVPCId);
      if (e.Id === undefined || vpc === undefined || !vpc.known || endpoints.some((x) => x.id === e.Id)) continue;
      const addresses = (ops.ListResolverEndpointIpAddresses?.[e.Id]?.IpAddresses ?? []).flatMap((a) =>
        a.SubnetId !== undefined ? [{ subnet: subnets.get(a.SubnetId) ?? { id: a.SubnetId, name: a.SubnetId }, ...(a.Ip !== undefined ? { ip: a.Ip } : {}) }] : [],
      );
      endpoints.push({
        id: e.Id,
        name: e.Name !== undefined && e.Name !== "" ? e.Name : e.Id,
        vpc,
        direction: e.Direction ?? "INBOUND",
        addresses,
        securityGroups: (e.SecurityGroupIds ?? []).map((g) => groups.of(g)),
        ...(e.Status !== "OPERATIONAL" ? { status: `${e.Status ?? "of unknown status"}${e.StatusMessage !== undefined && e.StatusMessage !== "" ? ` (${e.StatusMessage})` : ""}` } : {}),
      });
    }
  }
  return endpoints;
}
