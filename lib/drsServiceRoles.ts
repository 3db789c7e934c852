/**
 * The IAM roles DRS needs before `InitializeService` succeeds through the API. The console creates them; the API
 * path does not. Sources:
 * - DRS user guide, "Elastic Disaster Recovery initialization and permissions"
 *   (https://docs.aws.amazon.com/drs/latest/userguide/getting-started-initializing.html): the service-linked role
 *   (made by InitializeService itself) and the six roles under `/service-role/` listed here.
 * - hashicorp/terraform-provider-aws `examples/drs-initialize/main.tf`: the same six roles with these trust policies and
 *   managed policies, created before `aws drs initialize-service`, and the initializer's permissions, which
 *   `initializerPolicy` scopes.
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

/** The ARN pattern of DRS's service roles (their path and name prefix): the only roles the initializer may touch. */
export const DRS_SERVICE_ROLE_ARNS = `arn:aws:iam::*:role${DRS_SERVICE_ROLE_PATH}AWSElasticDisasterRecovery*`;

/** An AWS managed policy's ARN: DRS's live under `service-role/`, AmazonSSMManagedInstanceCore at the root. */
export function managedPolicyArn(name: string): string {
  return `arn:aws:iam::aws:policy/${name.startsWith("AWSElasticDisasterRecovery") ? "service-role/" : ""}${name}`;
}

/** The DRS actions that create, read, change, tag and delete the replication configuration template. */
export const TEMPLATE_ACTIONS: readonly string[] = [
  "drs:CreateReplicationConfigurationTemplate",
  "drs:DescribeReplicationConfigurationTemplates",
  "drs:UpdateReplicationConfigurationTemplate",
  "drs:DeleteReplicationConfigurationTemplate",
  "drs:TagResource",
  "drs:UntagResource",
  "drs:ListTagsForResource",
];

/**
 * The IAM policy for the identity that runs `pulumi up` with `replication.enabled`, beyond the network's permissions:
 * AWS's published initializer policy (terraform-provider-aws `examples/drs-initialize/main.tf`, the policy DRS's own
 * guide points to for API initialization) with every IAM write scoped, so the deployer cannot escalate through it:
 * - roles created, tagged, read and given policies only at DRS's path and names (`/service-role/AWSElasticDisasterRecovery*`);
 * - only DRS's managed policies and AmazonSSMManagedInstanceCore may be attached (`iam:PolicyARN`);
 * - those roles may be passed only to DRS and EC2 (`iam:PassedToService`);
 * - the service-linked role only for drs.amazonaws.com (`iam:AWSServiceName`).
 * The template's actions are listed (the example's `drs:*ReplicationConfigurationTemplate*`); its `ec2:*` is narrowed
 * to `ec2:Describe*`: the program's own EC2 calls are the network's permissions, and DRS makes its EC2 changes with
 * its service-linked role. Should AWS refuse a template change naming another EC2 action, `sts:DecodeAuthorizationMessage`
 * decodes the refusal. With `replication.initializeService: false` only the template's statements are needed.
 */
export function initializerPolicy(): Record<string, unknown> {
  const managed = DRS_MANAGED_POLICIES.map(managedPolicyArn);
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "InitializeDrs", Effect: "Allow", Action: ["drs:InitializeService"], Resource: "*" },
      { Sid: "ReplicationTemplate", Effect: "Allow", Action: [...TEMPLATE_ACTIONS], Resource: "*" },
      { Sid: "ReadTheTemplatesNetwork", Effect: "Allow", Action: ["ec2:Describe*", "sts:DecodeAuthorizationMessage"], Resource: "*" },
      {
        Sid: "DrsServiceLinkedRole",
        Effect: "Allow",
        Action: ["iam:CreateServiceLinkedRole"],
        Resource: "arn:aws:iam::*:role/aws-service-role/drs.amazonaws.com/AWSServiceRoleForElasticDisasterRecovery",
        Condition: { StringEquals: { "iam:AWSServiceName": "drs.amazonaws.com" } },
      },
      {
        Sid: "DrsServiceRoles",
        Effect: "Allow",
        Action: ["iam:GetRole", "iam:CreateRole", "iam:TagRole", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:ListInstanceProfilesForRole"],
        Resource: DRS_SERVICE_ROLE_ARNS,
      },
      {
        Sid: "OnlyDrsManagedPolicies",
        Effect: "Allow",
        Action: ["iam:AttachRolePolicy"],
        Resource: DRS_SERVICE_ROLE_ARNS,
        Condition: { ArnEquals: { "iam:PolicyARN": managed } },
      },
      { Sid: "ReadDrsManagedPolicies", Effect: "Allow", Action: ["iam:GetPolicy", "iam:GetPolicyVersion"], Resource: managed },
      // The provider finds a managed policy by name by listing policies, which has no resource-level permission.
      { Sid: "FindManagedPoliciesByName", Effect: "Allow", Action: ["iam:ListPolicies"], Resource: "*" },
      {
        Sid: "PassDrsRolesToDrsAndEc2",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: DRS_SERVICE_ROLE_ARNS,
        Condition: { StringEquals: { "iam:PassedToService": ["drs.amazonaws.com", "ec2.amazonaws.com"] } },
      },
      // InitializeService makes the EC2 roles' instance profiles; adding a role to one also needs iam:PassRole on it.
      {
        Sid: "DrsInstanceProfiles",
        Effect: "Allow",
        Action: ["iam:CreateInstanceProfile", "iam:GetInstanceProfile", "iam:AddRoleToInstanceProfile"],
        Resource: "arn:aws:iam::*:instance-profile/*",
      },
      { Sid: "ListInstanceProfiles", Effect: "Allow", Action: ["iam:ListInstanceProfiles"], Resource: "*" },
    ],
  };
}

/** Whether an IAM lookup error means "no such role" (as opposed to, say, access denied). */
export function isNoSuchEntity(message: string): boolean {
  return /NoSuchEntity|couldn't find resource|cannot be found|not found/i.test(message);
}
