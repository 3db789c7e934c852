/**
 * DRS's missing service roles in each account, then InitializeService in the DR region and, with failback, in each
 * source region of each account (lib/accountNames.ts names them), with that side's credentials, after the roles of
 * its account. The roles are kept on delete: they are account-wide, and DRS in other regions or stacks may use them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { failbackInitializations } from "../../lib/accountNames";
import { DRS_SERVICE_ROLE_PATH, roleShortName, trustPolicy } from "../../lib/drsServiceRoles";
import { DrsInitialization } from "../drsInitialization";
import type { ReplicationArgs, ServiceRolePlan, SideAuth } from "./index";

/** The roles, then the initializations; the initializations (the template waits for them). */
export function initializeDrs(parent: pulumi.Resource, name: string, args: ReplicationArgs): pulumi.Resource[] {
  const rolesOf = new Map<string, pulumi.Resource[]>(args.serviceRoles.map((plan) => [plan.accountKey, createServiceRoles(parent, name, plan)]));
  const after = (accountKey: string) => rolesOf.get(accountKey) ?? [];
  const auth = (a: SideAuth) => ({ ...(a.profile !== undefined ? { profile: a.profile } : {}), ...(a.assumeRoleArn !== undefined ? { assumeRoleArn: a.assumeRoleArn } : {}) });
  const initialized: pulumi.Resource[] = [new DrsInitialization(`${name}-drs-init-dr`, { region: args.drRegion, ...auth(args.drAuth) }, { parent, dependsOn: after("") })];
  if (args.settings.failback) {
    for (const { name: initName, source } of failbackInitializations(name, args.sources, args.drRegion, args.drAccountId)) {
      initialized.push(new DrsInitialization(initName, { region: source.region, ...auth(source.auth) }, { parent, dependsOn: after(source.accountKey) }));
    }
  }
  return initialized;
}

/** One account's missing roles, each with its managed policies attached. */
function createServiceRoles(parent: pulumi.Resource, name: string, plan: ServiceRolePlan): pulumi.Resource[] {
  const prefix = plan.accountKey === "" ? name : `${name}-${plan.accountKey}`;
  const keep: pulumi.CustomResourceOptions = { parent, provider: plan.provider, retainOnDelete: true };
  const made: pulumi.Resource[] = [];
  for (const spec of plan.roles) {
    const roleName = `${prefix}-${roleShortName(spec.name)}`;
    const role = new aws.iam.Role(
      roleName,
      {
        name: spec.name,
        path: DRS_SERVICE_ROLE_PATH,
        assumeRolePolicy: plan.secretAccount === true ? pulumi.secret(trustPolicy(spec, plan.accountId)) : trustPolicy(spec, plan.accountId),
        description: `DRS service role (drs-secured-network)`,
      },
      keep,
    );
    made.push(role);
    spec.managedPolicies.forEach((policy, i) => {
      made.push(new aws.iam.RolePolicyAttachment(`${roleName}-policy${i === 0 ? "" : `-${i + 1}`}`, { role: role.name, policyArn: plan.policyArns[policy] }, keep));
    });
  }
  return made;
}
