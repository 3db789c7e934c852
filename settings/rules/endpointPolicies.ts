/**
 * The cross-field rule on the S3 endpoints' policies the config's buckets make: each within the 20,480 characters
 * AWS takes for a VPC endpoint policy (awsLimits.ts), the policies built as the endpoints get them
 * (lib/endpointPolicies.ts). Pure.
 */
import { drsBuckets, S3_POLICY_SIDS, s3ReadOnlyPolicy } from "../../lib/endpointPolicies";
import { endpointPolicyProblem } from "../awsLimits";
import type { ConfigProblem } from "../problems";
import type { Fields } from "../schema";

/** S3 endpoint policies longer than AWS takes: the staging endpoints' (DRS's buckets and the extra ones), the sources' gateway one. */
export function s3EndpointPoliciesFit(f: Partial<Fields>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (f.drRegion !== undefined && f.s3EndpointExtraBuckets !== undefined) {
    const policy = s3ReadOnlyPolicy(S3_POLICY_SIDS.staging, [...drsBuckets(f.drRegion), ...f.s3EndpointExtraBuckets]);
    const problem = endpointPolicyProblem(policy, `the staging VPC's S3 endpoints (DRS's ${drsBuckets(f.drRegion).length} buckets and these ${f.s3EndpointExtraBuckets.length})`);
    if (problem !== undefined) problems.push({ key: "s3EndpointExtraBuckets", message: problem });
  }
  const gatewayBuckets = f.sourceS3GatewayEndpoint?.buckets;
  if (gatewayBuckets !== undefined) {
    const problem = endpointPolicyProblem(s3ReadOnlyPolicy(S3_POLICY_SIDS.sourceGateway, gatewayBuckets), `each source's S3 gateway endpoint (these ${gatewayBuckets.length} buckets)`);
    if (problem !== undefined) problems.push({ key: "sourceS3GatewayEndpoint.buckets", message: problem });
  }
  return problems;
}
