/**
 * AWS's limits on what the config hands to AWS, checked before anything is made, each from AWS's own pages. Pure.
 *
 * - Tags: at most 50 user tags a resource, keys 1 to 128 characters, values up to 256; `aws:` tags do not count
 *   (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions).
 * - VPC endpoint policies: at most 20,480 characters, white space included, not adjustable (AWS PrivateLink quotas,
 *   https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html).
 * - IAM roles: a role name of 1 to 64 characters of `[\w+=,.@-]`; a path `/` or `/.../` of up to 512 characters of
 *   `!` to DEL (IAM API reference, CreateRole, https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
 */

/** AWS's most user tags on one resource. */
export const MAX_TAGS_PER_RESOURCE = 50;

/**
 * The tag keys the program itself sets on one resource, beside the providers' default tags (the config's `tags`):
 * every resource has a Name; a VPC and its subnets also a Purpose, a peering connection a Side. AWS counts the union.
 */
export const PROGRAM_TAG_KEY_SETS: readonly (readonly string[])[] = [["Name", "Purpose"], ["Name", "Side"]];

/** AWS's largest VPC endpoint policy, in characters. */
export const MAX_ENDPOINT_POLICY_CHARACTERS = 20_480;

/** AWS's longest IAM role name and path. */
export const MAX_ROLE_NAME_LENGTH = 64;
export const MAX_ROLE_PATH_LENGTH = 512;

/** The most tags a resource of this stack carries with `tags` as the default tags: the union with the program's own. */
export function tagsOnOneResource(tagKeys: readonly string[], programKeySets: readonly (readonly string[])[] = PROGRAM_TAG_KEY_SETS): number {
  return Math.max(tagKeys.length, ...programKeySets.map((set) => new Set([...tagKeys, ...set]).size));
}

/** Why a tag map is more than AWS takes on one resource, or `undefined`. `programKeySets`: the program's own keys. */
export function tagCountProblem(tagKeys: readonly string[], programKeySets: readonly (readonly string[])[]): string | undefined {
  const most = tagsOnOneResource(tagKeys, programKeySets);
  if (most <= MAX_TAGS_PER_RESOURCE) return undefined;
  const own = programKeySets.length > 0 ? ` with the program's own (${[...new Set(programKeySets.flat())].join(", ")})` : "";
  return (
    `has ${tagKeys.length} tags; a resource would carry ${most}${own}, more than the ${MAX_TAGS_PER_RESOURCE} AWS allows a resource: ` +
    `remove ${most - MAX_TAGS_PER_RESOURCE}`
  );
}

/** Why an endpoint policy document is longer than AWS takes, or `undefined`; `what` names the endpoints it is for. */
export function endpointPolicyProblem(policy: string, what: string): string | undefined {
  if (policy.length <= MAX_ENDPOINT_POLICY_CHARACTERS) return undefined;
  return (
    `make ${what}'s policy ${policy.length.toLocaleString("en-US")} characters, more than the ` +
    `${MAX_ENDPOINT_POLICY_CHARACTERS.toLocaleString("en-US")} AWS allows a VPC endpoint policy (not adjustable): list fewer buckets`
  );
}

/** The account, path and name of a role ARN, or `undefined` when it is no `arn:aws:iam::<account>:role/...`. */
export function parseRoleArn(arn: string): { account: string; path: string; name: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}):role(\/.*)$/.exec(arn);
  if (m === null) return undefined;
  const slash = m[2].lastIndexOf("/");
  return { account: m[1], path: m[2].slice(0, slash + 1), name: m[2].slice(slash + 1) };
}

/** Why a role ARN names no role IAM could hold, or `undefined`. */
export function roleArnProblem(arn: string): string | undefined {
  const role = parseRoleArn(arn);
  if (role === undefined) return "is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)";
  if (role.name.length > MAX_ROLE_NAME_LENGTH) return `names a role of ${role.name.length} characters; IAM role names have at most ${MAX_ROLE_NAME_LENGTH}`;
  if (!/^[\w+=,.@-]+$/.test(role.name)) return "is not an IAM role ARN: the role name is 1 to 64 letters, digits or _+=,.@-";
  if (role.path.length > MAX_ROLE_PATH_LENGTH) return `has a role path of ${role.path.length} characters; IAM allows at most ${MAX_ROLE_PATH_LENGTH}`;
  if (!/^\/([\u0021-\u007f]+\/)?$/.test(role.path)) return "is not an IAM role ARN: the role path holds only the characters ! to ~";
  return undefined;
}
