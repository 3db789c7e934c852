/**
 * S3 through a gateway endpoint (the staging VPC's, and a source VPC's own for its OS package repositories): the
 * endpoint available in the origin's VPC and attached to its route table, the origin's egress to the endpoint's prefix
 * list, and the network ACLs, which must name 0.0.0.0/0 for S3's addresses.
 */
import { blame, EndpointNode, Finding, NetworkModel } from "../model";
import type { Verdict } from "../verdict";
import { naclsAllow } from "./acls";
import { egressAllows } from "./groups";
import { flowId, Origin, originNode } from "./origin";

/** An origin reaches `what` through an S3 gateway endpoint in its own VPC. */
export function gatewayFlow(model: NetworkModel, origin: Origin, gateway: EndpointNode | undefined, what: string): Verdict {
  const id = flowId(origin, gateway?.name ?? "s3-gateway-endpoint");
  const description = `${origin.name} (${origin.cidr ?? "block unknown"}) reaches ${what} through the S3 gateway endpoint`;
  const between = { from: origin.node, to: gateway?.name ?? "S3 gateway endpoint" };
  const fail = (blockedBy: Finding): Verdict => ({ id, kind: "required-flow", flow: "S3 prefix list", between, description, passed: false, blockedBy });
  if (gateway === undefined) return fail({ component: "S3 gateway endpoint", reason: "is not declared" });
  if (gateway.state !== undefined) return fail(blame(gateway, `is ${gateway.state}, not available`));
  if (gateway.vpc !== origin.vpc) {
    return fail(blame(gateway, `is in ${gateway.vpc?.name ?? "an unknown VPC"}, not in ${origin.vpc?.name ?? "the subnet's VPC"}`));
  }
  if (origin.table === undefined) {
    return fail(blame(originNode(origin), "has no route table association (the main route table has no S3 prefix-list route)"));
  }
  if (!gateway.routeTables.includes(origin.table)) {
    return fail(blame(origin.table, `has no S3 prefix-list route: ${gateway.name} is not attached to it`));
  }
  const out = egressAllows(origin, 443, { prefixListOf: gateway }, "the S3 prefix list");
  if ("blocked" in out) return fail(out.blocked);
  const acls = naclsAllow(model, origin, "S3", 443);
  if ("blocked" in acls) return fail(acls.blocked);
  return { id, kind: "required-flow", flow: "S3 prefix list", between, description, passed: true, path: [origin.name, ...out.hops, ...acls.hops, `${origin.table.name} (S3 prefix list)`, gateway.name] };
}
