/**
 * The recovered instances' own flows, in the recovery VPC (which is peered to nothing): from each recovery subnet,
 * wearing the recovered instances' groups, TCP 443 to each Systems Manager and CloudWatch Logs interface endpoint
 * there (where post-launch actions made them; SSM Agent calls them by their regional names, so their private DNS must
 * be on), and S3 through the recovery VPC's gateway endpoint (Systems Manager's buckets), as the staging side's S3 is
 * judged. Without those endpoints the recovery VPC has no required flow.
 */
import type { NetworkModel } from "../model";
import { recoverySides } from "../recovery/side";
import type { Verdict } from "../verdict";
import { gatewayFlow } from "./gateway";
import { interfaceFlow } from "./interface";
import { originsOf } from "./origin";
import { ROLLOUT_LABELS } from "./rollout";

/** Every recovery VPC's flows: per origin, its interface endpoints in service order, then S3. */
export function recoveryFlows(model: NetworkModel): Verdict[] {
  return recoverySides(model).flatMap((side) => {
    const s3 = side.endpoints.length > 0 || side.s3Gateway !== undefined;
    return originsOf(model, side.vpc, side.instanceGroups).flatMap((origin) => [
      ...side.endpoints.map(({ service, endpoint }) => interfaceFlow(model, origin, endpoint, ROLLOUT_LABELS[service], side.vpc, "the recovery VPC")),
      ...(s3 ? [gatewayFlow(model, origin, side.s3Gateway, "S3 (Systems Manager's buckets)")] : []),
    ]);
  });
}
