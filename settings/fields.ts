/**
 * The field schemas (zod) the keys of schema.ts are made of: ids, blocks, zone lists, tags, KMS key ARNs, rate
 * controls, flags and numbers, an adopted VPC, a provider. Each refinement message completes the sentence
 * "<key>: <value> ...". Sources: AWS's rules, cited where they are checked (the tag rules and Systems Manager's rate
 * controls here; blocks in lib/cidr.ts, bucket names in lib/endpointPolicies.ts, tag counts and role ARNs in
 * awsLimits.ts).
 */
import { z } from "zod";
import { vpcBlockProblem, MAX_PREFIX_LENGTH, MIN_PREFIX_LENGTH } from "../lib/cidr";
import { bucketNameProblem } from "../lib/endpointPolicies";
import { parseRoleArn, roleArnProblem, tagCountProblem } from "./awsLimits";
import { MAX_AVAILABILITY_ZONES, MIN_AVAILABILITY_ZONES } from "./defaults";
import type { ProviderSettings } from "./types";

/** A string where a boolean or number belongs gets a message that says so (a quoted YAML value is a string). */
const typeError = (expected: "boolean" | "number", message: string) => (issue: { input?: unknown }) => {
  const input = issue.input;
  if (typeof input !== "string") return message;
  const looks = expected === "boolean" ? /^(true|false)$/i.test(input) : input.trim() !== "" && Number.isFinite(Number(input));
  return looks ? `is a string, not a ${expected}: write ${expected === "boolean" ? input.toLowerCase() : input.trim()} without quotes` : message;
};
/** A number, or the message of a string that holds one. */
export const numberField = () => z.number({ error: typeError("number", "must be a number") });

/** A refinement from a check that returns the problem of a string, or `undefined`. */
export function check(problemOf: (value: string) => string | undefined) {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = problemOf(value);
    if (problem !== undefined) {
      ctx.addIssue({ code: "custom", message: problem });
    }
  };
}

/** An AWS resource id with `prefix` (`vpc`, `rtb`, `subnet`): 8 or 17 hex digits. */
export const awsId = (prefix: string) =>
  z.string({ error: `must be a string` }).regex(new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`), {
    error: `is not an id of the form ${prefix}-0123456789abcdef0`,
  });

/** A list of `what` that names none twice. */
export const distinct = <T extends z.ZodType<string>>(item: T, what: string) =>
  z.array(item, { error: `must be a list of ${what}` }).refine((list) => new Set(list).size === list.length, {
    error: `lists the same ${what.replace(/s$/, "")} more than once`,
  });

/** A subnet prefix length AWS takes: /16 to /28. */
export const prefixLength = numberField()
  .int({ error: "must be a whole number" })
  .min(MIN_PREFIX_LENGTH, { error: `must be from ${MIN_PREFIX_LENGTH} to ${MAX_PREFIX_LENGTH} (AWS subnet sizes /16 to /28)` })
  .max(MAX_PREFIX_LENGTH, { error: `must be from ${MIN_PREFIX_LENGTH} to ${MAX_PREFIX_LENGTH} (AWS subnet sizes /16 to /28)` });

/** How many availability zones a VPC spans. */
export const zoneCount = numberField()
  .int({ error: "must be a whole number" })
  .min(MIN_AVAILABILITY_ZONES, { error: `must be from ${MIN_AVAILABILITY_ZONES} to ${MAX_AVAILABILITY_ZONES}` })
  .max(MAX_AVAILABILITY_ZONES, { error: `must be from ${MIN_AVAILABILITY_ZONES} to ${MAX_AVAILABILITY_ZONES}` });

/** Availability zones by name: one to six. */
export const zoneList = z
  .array(z.string({ error: "must be a string" }), { error: "must be a list of availability zone names" })
  .refine((list) => list.length >= MIN_AVAILABILITY_ZONES && list.length <= MAX_AVAILABILITY_ZONES, {
    error: `must name from ${MIN_AVAILABILITY_ZONES} to ${MAX_AVAILABILITY_ZONES} availability zones`,
  });

/** A VPC's IPv4 block, as AWS takes it (lib/cidr.ts). */
export const vpcCidr = z.string({ error: "must be a string" }).superRefine(check(vpcBlockProblem));

/** AWS tag rules: https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
function tagProblems(tagMap: Record<string, unknown>, ctx: z.RefinementCtx): void {
  for (const [key, value] of Object.entries(tagMap)) {
    const problem =
      key.length === 0 || key.length > 128
        ? "is not a valid tag: a tag key has 1 to 128 characters"
        : !TAG_CHARACTERS.test(key)
          ? "is not a valid tag: a key may hold only letters, digits, spaces and _ . : / = + - @"
          : key.toLowerCase().startsWith("aws:")
            ? "is not a valid tag: the aws: key prefix is reserved for AWS"
            : key === "__proto__"
              ? "is a tag key AWS takes but Pulumi cannot pass: its Node.js SDK copies every input with o[key] = value (@pulumi/pulumi output.js, outputRec), which drops __proto__; name the tag otherwise"
            : typeof value !== "string"
              ? "is not a valid tag: the value must be a string"
              : value.length > 256
                ? "is not a valid tag: a tag value has at most 256 characters"
                : !TAG_CHARACTERS.test(value)
                  ? "is not a valid tag: a value may hold only letters, digits, spaces and _ . : / = + - @"
                  : undefined;
    if (problem !== undefined) {
      ctx.addIssue({ code: "custom", path: [key], message: problem });
    }
  }
}
/**
 * A tag map, each key checked and counted against AWS's 50 tags a resource, together with `programKeySets`, the keys
 * the program puts beside them on one resource. Own keys only, `constructor` or `toString` kept as the tag keys AWS
 * takes them for; `__proto__` is refused by name (a record schema would drop it silently, and so would Pulumi).
 */
export const tagMap = (programKeySets: readonly (readonly string[])[]) =>
  z
    .unknown()
    .superRefine((value, ctx) => {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        ctx.addIssue({ code: "custom", message: "must be an object of tag names to string values" });
        return;
      }
      tagProblems(value as Record<string, unknown>, ctx);
      const tooMany = tagCountProblem(Object.keys(value), programKeySets);
      if (tooMany !== undefined) ctx.addIssue({ code: "custom", message: tooMany });
    })
    .transform((value) => ({ ...(value as Record<string, string>) }));

/** An existing VPC to adopt: its id, block, the route tables to route through and its subnets. */
export const adoptedVpc = z.strictObject(
  {
    vpcId: awsId("vpc"),
    cidrBlock: z.string({ error: "is required: the adopted VPC's IPv4 block" }).superRefine(check(vpcBlockProblem)),
    routeTableIds: distinct(awsId("rtb"), "route table ids").min(1, {
      error: "must list at least one route table: without one, no source subnet can reach the staging VPC",
    }),
    subnetIds: distinct(awsId("subnet"), "subnet ids").default([]),
  },
  { error: "must be an object: { vpcId, cidrBlock, routeTableIds, subnetIds? }" },
);

/** true or false. */
export const flag = z.boolean({ error: typeError("boolean", "must be true or false") });
/** S3 bucket names. */
export const bucketList = z.array(z.string({ error: "must be a string" }).superRefine(check(bucketNameProblem)), { error: "must be a list of S3 bucket names" });
/** A whole number from `min` to `max`. */
export const wholeNumber = (min: number, max: number) =>
  numberField()
    .int({ error: "must be a whole number" })
    .min(min, { error: `must be from ${min} to ${max}` })
    .max(max, { error: `must be from ${min} to ${max}` });

/** A KMS key ARN, whose region is checked against its VPC's by a cross-field rule (rules/kms.ts). */
export const kmsKeyArn = z
  .string({ error: "must be a string" })
  .regex(/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, { error: "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)" });

/** Systems Manager's rate controls: a whole number, or a percentage (https://docs.aws.amazon.com/systems-manager/latest/userguide/running-commands-velocity.html). */
export const rateControl = (min: 0 | 1, what: string) =>
  z
    .string({ error: "must be a string: a number or a percentage, e.g. \"10\" or \"10%\"" })
    .refine((v) => (min === 0 ? /^(0|[1-9]\d{0,5}|(\d|[1-9]\d|100)%)$/ : /^([1-9]\d{0,5}|([1-9]|[1-9]\d|100)%)$/).test(v), {
      error: `is not ${what}: a whole number${min === 1 ? " from 1" : ""}, or a percentage${min === 1 ? " from 1%" : ""} up to 100%`,
    });

/** How a side's provider authenticates: the account read from the role ARN where it is not given. */
export const providerSettings = z
  .strictObject(
    {
      profile: z.string({ error: "must be a string" }).regex(/^[\w.@+-]{1,64}$/, { error: "is not a profile name" }).optional(),
      assumeRoleArn: z.string({ error: "must be a string" }).superRefine(check(roleArnProblem)).optional(),
      accountId: z.string({ error: "must be a string of 12 digits" }).regex(/^\d{12}$/, { error: "is not an AWS account id (12 digits)" }).optional(),
    },
    { error: "must be an object: { profile?, assumeRoleArn?, accountId? }" },
  )
  .superRefine((p, ctx) => {
    const fromRole = p.assumeRoleArn !== undefined ? parseRoleArn(p.assumeRoleArn)?.account : undefined;
    if (fromRole !== undefined && p.accountId !== undefined && fromRole !== p.accountId) {
      ctx.addIssue({ code: "custom", path: ["accountId"], message: `is not the account of assumeRoleArn (${fromRole})` });
    }
  })
  .transform((p): ProviderSettings => ({ ...p, accountId: p.accountId ?? (p.assumeRoleArn !== undefined ? parseRoleArn(p.assumeRoleArn)?.account : undefined) }));
