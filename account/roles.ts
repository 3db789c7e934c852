/**
 * DRS's six service roles in one account: each looked up by name; where one is missing, the account id (for the
 * trust policies) and the managed policies' ARNs by name (as the Terraform example does: the AWS managed policies'
 * paths differ). Lookups only; lib/plan/checks.ts `missingServiceRoles` judges them.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { DRS_SERVICE_ROLES } from "../lib/drsServiceRoles";
import { missingServiceRoles } from "../lib/plan/checks";
import type { ServiceRoleFacts } from "../lib/plan/types";
import { lookup } from "./network";

/** What one account says about DRS's service roles. */
export async function readServiceRoles(
  provider: pulumi.ProviderResource,
  side: { readonly accountKey: string; readonly sourceIndex?: number; readonly where: string },
  knownAccountId: string | undefined,
): Promise<ServiceRoleFacts> {
  const invoke = { provider };
  const roles = Object.fromEntries(
    await Promise.all(DRS_SERVICE_ROLES.map(async (role) => [role.name, await lookup(async () => ({ arn: (await aws.iam.getRole({ name: role.name }, invoke)).arn }))] as const)),
  );
  const { missing } = missingServiceRoles(DRS_SERVICE_ROLES, roles, side.where);
  if (missing.length === 0) return { ...side, roles };
  const policies = [...new Set(missing.flatMap((r) => r.managedPolicies))];
  const [accountId, ...arns] = await Promise.all([
    lookup(async () => knownAccountId ?? (await aws.getCallerIdentity({}, invoke)).accountId),
    ...policies.map((name) => lookup(async () => (await aws.iam.getPolicy({ name }, invoke)).arn)),
  ]);
  return { ...side, roles, accountId, policyArns: Object.fromEntries(policies.map((name, i) => [name, arns[i]])) };
}
