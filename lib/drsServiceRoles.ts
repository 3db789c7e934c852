/**
 * The IAM roles DRS needs before `InitializeService` succeeds through the API. The console creates them; the API
 * path does not. Sources:
 * - DRS user guide, "Elastic Disaster Recovery initialization and permissions"
 *   (https://docs.aws.amazon.com/drs/latest/userguide/getting-started-initializing.html): the service-linked role
 *   (made by InitializeService itself) and the six roles under `/service-role/` listed here.
 * - hashicorp/terraform-provider-aws `examples/drs-initialize/main.tf`: the same six roles with these trust policies and
 *   managed policies, created before `aws drs initialize-service`, and the initializer's permissions
 *   (`INITIALIZER_PERMISSIONS`).
 * Roles are account-wide; DRS initialization is per region. Pure: no Pulumi.
 */

/** One of DRS's service roles. */
export interface DrsServiceRole {
  /** The role name, exactly as DRS expects it. */
  readonly name: string;
  /** The service that assumes it. */
  readonly trustedBy: "drs.amazonaws.com" | "ec2.amazonaws.com";
  /** For the roles DRS assumes on behalf of a server: the `sts:SourceIdentity` pattern (source server or instance). */
  readonly sourceIdentity?: "s-*" | "i-*";
  /** The AWS managed policies attached to it, by name (their ARNs are looked up: the paths differ). */
  readonly managedPolicies: readonly string[];
}

/** Every DRS service role lives under this path. */
export const DRS_SERVICE_ROLE_PATH = "/service-role/";

/** The six roles, in the order of the user guide. */
export const DRS_SERVICE_ROLES: readonly DrsServiceRole[] = [
  { name: "AWSElasticDisasterRecoveryAgentRole", trustedBy: "drs.amazonaws.com", sourceIdentity: "s-*", managedPolicies: ["AWSElasticDisasterRecoveryAgentPolicy"] },
  { name: "AWSElasticDisasterRecoveryFailbackRole", trustedBy: "drs.amazonaws.com", sourceIdentity: "i-*", managedPolicies: ["AWSElasticDisasterRecoveryFailbackPolicy"] },
  { name: "AWSElasticDisasterRecoveryConversionServerRole", trustedBy: "ec2.amazonaws.com", managedPolicies: ["AWSElasticDisasterRecoveryConversionServerPolicy"] },
  { name: "AWSElasticDisasterRecoveryRecoveryInstanceRole", trustedBy: "ec2.amazonaws.com", managedPolicies: ["AWSElasticDisasterRecoveryRecoveryInstancePolicy"] },
  { name: "AWSElasticDisasterRecoveryReplicationServerRole", trustedBy: "ec2.amazonaws.com", managedPolicies: ["AWSElasticDisasterRecoveryReplicationServerPolicy"] },
  {
    name: "AWSElasticDisasterRecoveryRecoveryInstanceWithLaunchActionsRole",
    trustedBy: "ec2.amazonaws.com",
    managedPolicies: ["AWSElasticDisasterRecoveryRecoveryInstancePolicy", "AmazonSSMManagedInstanceCore"],
  },
];

/** Every managed policy the roles use, each once. */
export const DRS_MANAGED_POLICIES: readonly string[] = [...new Set(DRS_SERVICE_ROLES.flatMap((r) => r.managedPolicies))];

/** A role's logical-name part: `AWSElasticDisasterRecoveryAgentRole` -> `agent-role`. */
export function roleShortName(roleName: string): string {
  return roleName
    .replace(/^AWSElasticDisasterRecovery/, "")
    .replace(/([a-z])([A-Z])/g, "$1-$2")
    .toLowerCase();
}

/**
 * A role's trust policy. The DRS-assumed roles may be assumed only for this account's own source servers or instances
 * (`sts:SourceIdentity` like `s-*` or `i-*`, `aws:SourceAccount` the account), as the Terraform example writes them.
 */
export function trustPolicy(role: DrsServiceRole, accountId: string): string {
  const statement =
    role.trustedBy === "drs.amazonaws.com"
      ? {
          Effect: "Allow",
          Principal: { Service: role.trustedBy },
          Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
          Condition: { StringLike: { "sts:SourceIdentity": role.sourceIdentity }, StringEquals: { "aws:SourceAccount": accountId } },
        }
      : { Effect: "Allow", Principal: { Service: role.trustedBy }, Action: "sts:AssumeRole" };
  return JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
}

/**
 * The permissions the identity that runs `pulumi up` needs for DRS initialization, beyond those for the network: the
 * initializer policy of the Terraform example, reduced to what InitializeService and these roles use. Shown in the
 * README; with `replication.initializeService: false` none of it is needed.
 */
export const INITIALIZER_PERMISSIONS: readonly { readonly actions: readonly string[]; readonly resource: string; readonly why: string }[] = [
  { actions: ["drs:InitializeService"], resource: "*", why: "initialize DRS in each region" },
  { actions: ["iam:CreateServiceLinkedRole"], resource: "arn:aws:iam::*:role/aws-service-role/drs.amazonaws.com/AWSServiceRoleForElasticDisasterRecovery", why: "the service-linked role InitializeService creates" },
  { actions: ["iam:GetRole", "iam:CreateRole", "iam:TagRole", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:AttachRolePolicy", "iam:GetPolicy", "iam:ListPolicies"], resource: "*", why: "look up, create and attach the six service roles" },
  { actions: ["iam:PassRole"], resource: "arn:aws:iam::*:role/service-role/AWSElasticDisasterRecovery*", why: "pass the roles to DRS and EC2 (iam:PassedToService drs.amazonaws.com, ec2.amazonaws.com)" },
  { actions: ["iam:CreateInstanceProfile", "iam:GetInstanceProfile", "iam:ListInstanceProfiles", "iam:ListInstanceProfilesForRole", "iam:AddRoleToInstanceProfile"], resource: "*", why: "the instance profiles InitializeService makes for the EC2 roles" },
];

/** Whether an IAM lookup error means "no such role" (as opposed to, say, access denied). */
export function isNoSuchEntity(message: string): boolean {
  return /NoSuchEntity|couldn't find resource|cannot be found|not found/i.test(message);
}
