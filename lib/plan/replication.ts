/**
 * DRS's service roles to create, from what each account said: the missing roles with the account id and the managed
 * policies' ARNs they need, or the problems that keep the program from deciding (a lookup refused). Pure.
 */
import { DRS_SERVICE_ROLES } from "../drsServiceRoles";
import type { ConfigProblem } from "../../settings";
import type { AccountView } from "./accounts";
import { missingServiceRoles } from "./checks";
import type { ServiceRoleCreation, ServiceRoleFacts } from "./types";

/** Per account where DRS is initialized: the roles to create, or the problems. */
export function serviceRolePlans(facts: readonly ServiceRoleFacts[], view: AccountView): { creations: ServiceRoleCreation[]; problems: ConfigProblem[] } {
  const creations: ServiceRoleCreation[] = [];
  const problems: ConfigProblem[] = [];
  for (const side of facts) {
    const judged = missingServiceRoles(DRS_SERVICE_ROLES, side.roles, side.where);
    problems.push(...judged.problems);
    if (judged.missing.length === 0 || side.accountId === undefined) continue;
    const policies = [...new Set(judged.missing.flatMap((r) => r.managedPolicies))];
    const lookups = [side.accountId, ...policies.map((name) => side.policyArns?.[name] ?? { error: "not looked up" })];
    const failed = lookups.flatMap((l, i) =>
      "error" in l ? [{ key: "replication.initializeService", message: `${i === 0 ? "the account id" : `the managed policy ${policies[i - 1]}`} could not be read in ${side.where}: ${l.error}` }] : [],
    );
    if (failed.length > 0 || !("found" in side.accountId)) {
      problems.push(...failed);
      continue;
    }
    const accountId = side.accountId.found;
    const policyArns = Object.fromEntries(policies.map((name) => [name, (side.policyArns?.[name] as { found: string }).found]));
    creations.push({ accountKey: side.accountKey, accountId, ...(side.sourceIndex !== undefined ? { sourceIndex: side.sourceIndex } : {}), roles: judged.missing, policyArns, secretAccount: view.isSecret(accountId) });
  }
  return { creations, problems };
}
