/**
 * `readiness`: DR readiness monitoring as code in the DR region (lib/readiness.ts, components/readiness/): the
 * replication lag against the RPO, a growing backlog, and how long ago each server last had a successful drill, as
 * CloudWatch alarms, and DRS's own events, all sent to one SNS topic (created, or given). Each refinement message
 * completes the sentence "<key>: <value> ..."; `readinessProblems` is the one cross-field rule (the given topic's
 * region against `drRegion`), to register in rules/index.ts. Ranges: lib/readiness.ts (`READINESS_LIMITS`).
 */
import { z } from "zod";
import { READINESS_LIMITS } from "../lib/readiness";
import { SECRET_PLACEHOLDER } from "../lib/secretText";
import type { RawConfig } from "./codec";
import { flag, wholeNumber } from "./fields";
import type { ConfigProblem, Quote } from "./problems";

/**
 * An address SNS can send to: one @, no spaces, a dot in the domain, at most 254 characters (RFC 5321's path limit).
 * Deliberately loose: SNS itself is the judge, and a typo shows as a subscription that is never confirmed.
 */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
const MAX_EMAIL_LENGTH = 254;

/**
 * A standard SNS topic's ARN: `arn:aws:sns:<region>:<account>:<name>`, the name 1 to 256 letters, digits, `-` or
 * `_` (CreateTopic's rule for standard topics; a FIFO topic's name ends in `.fifo`, which this refuses).
 */
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):([A-Za-z0-9_-]{1,256})$/;

/** The region of a topic ARN that `SNS_TOPIC_ARN` accepts. */
export function topicArnRegion(arn: string): string | undefined {
  return SNS_TOPIC_ARN.exec(arn)?.[1];
}

const email = z
  .string({ error: "must be a string: an email address" })
  .max(MAX_EMAIL_LENGTH, { error: `is longer than ${MAX_EMAIL_LENGTH} characters, which no email address is` })
  .regex(EMAIL, { error: "is not an email address (name@example.com)" });

/** `readiness.notify`: who hears of an alarm or a DRS event; exactly one of the two (checked on the object). */
const notify = z
  .strictObject(
    {
      emails: z
        .array(email, { error: "must be a list of email addresses" })
        .min(1, { error: "must list at least one address: or give snsTopicArn instead" })
        .refine((list) => new Set(list.map((e) => e.toLowerCase())).size === list.length, { error: "lists the same email address more than once" })
        .optional(),
      snsTopicArn: z
        .string({ error: "must be a string" })
        .regex(SNS_TOPIC_ARN, { error: "is not a standard SNS topic ARN (arn:aws:sns:<region>:<account>:<name>, the name up to 256 letters, digits, - or _)" })
        .optional(),
    },
    { error: "must be an object: { emails } or { snsTopicArn }" },
  )
  .superRefine((n, ctx) => {
    if (n.emails !== undefined && n.snsTopicArn !== undefined) {
      ctx.addIssue({ code: "custom", message: "gives both emails and snsTopicArn: give one (the program makes a topic for the emails, or sends to yours)" });
    } else if (n.emails === undefined && n.snsTopicArn === undefined) {
      ctx.addIssue({ code: "custom", message: "names no one to notify: give emails (a list of addresses) or snsTopicArn (a topic of yours)" });
    }
  });

/** `readiness`: DR readiness monitoring, off unless `enabled`. */
export const readiness = z
  .strictObject(
    {
      enabled: flag.default(false),
      rpoMinutes: wholeNumber(READINESS_LIMITS.rpoMinutes.min, READINESS_LIMITS.rpoMinutes.max).default(READINESS_LIMITS.rpoMinutes.default),
      drillMaxAgeDays: wholeNumber(READINESS_LIMITS.drillMaxAgeDays.min, READINESS_LIMITS.drillMaxAgeDays.max).default(READINESS_LIMITS.drillMaxAgeDays.default),
      notify: notify.optional(),
    },
    { error: "must be an object: { enabled, rpoMinutes?, drillMaxAgeDays?, notify: { emails } | { snsTopicArn } }" },
  )
  .superRefine((r, ctx) => {
    if (r.enabled && r.notify === undefined) {
      ctx.addIssue({ code: "custom", path: ["notify"], message: "is required with readiness.enabled: { emails: [...] } or { snsTopicArn }, whom the alarms and DRS's events reach" });
    }
  })
  .prefault({});

/** `readiness` once parsed. */
export type ReadinessFields = z.output<typeof readiness>;

/** Who hears of the readiness alarms and DRS's events. */
export type ReadinessNotify =
  | { readonly kind: "emails"; readonly emails: readonly string[] }
  | { readonly kind: "topic"; readonly snsTopicArn: string };

/** DR readiness monitoring (`readiness.enabled`), for `Settings.readiness`. */
export interface ReadinessSettings {
  /** The recovery point objective: replication lag above it alarms. */
  readonly rpoMinutes: number;
  /** How long a source server may go without a successful drill or recovery launch before it alarms. */
  readonly drillMaxAgeDays: number;
  readonly notify: ReadinessNotify;
}

/** The settings of a `readiness` that is enabled (its notify checked by the schema), or `undefined` when off. */
export function readinessOf(r: ReadinessFields): ReadinessSettings | undefined {
  if (!r.enabled || r.notify === undefined) return undefined;
  const notifyOf = (n: NonNullable<ReadinessFields["notify"]>): ReadinessNotify =>
    n.snsTopicArn !== undefined ? { kind: "topic", snsTopicArn: n.snsTopicArn } : { kind: "emails", emails: [...(n.emails ?? [])] };
  return { rpoMinutes: r.rpoMinutes, drillMaxAgeDays: r.drillMaxAgeDays, notify: notifyOf(r.notify) };
}

/** The fields the cross-field rule reads (structurally a part of `Partial<Fields>` once `readiness` is a key). */
export interface ReadinessRuleFields {
  readonly drRegion?: string;
  readonly readiness?: ReadinessFields;
}

/**
 * Cross-field: the given topic must be in the DR region, where the alarms and rules are. EventBridge invokes targets
 * in its rule's own region only (https://repost.aws/knowledge-center/sns-not-getting-eventbridge-notification: "The
 * targets you associate with a rule must be in the same Region as the rule"), and the alarms' actions are kept in the
 * same region too. The topic's region is left out where the value is a secret.
 */
export function readinessProblems(f: ReadinessRuleFields, _raw?: RawConfig, quote: Quote = (_key, value) => JSON.stringify(value)): ConfigProblem[] {
  const arn = f.readiness?.enabled === true ? f.readiness.notify?.snsTopicArn : undefined;
  if (arn === undefined || f.drRegion === undefined) return [];
  const region = topicArnRegion(arn);
  if (region === undefined || region === f.drRegion) return [];
  const shown = quote("readiness", arn);
  const where = shown === SECRET_PLACEHOLDER ? "another region" : region;
  return [
    {
      key: "readiness.notify.snsTopicArn",
      message:
        `${shown} is a topic in ${where}; the readiness alarms and DRS's event rules are in drRegion ${quote("drRegion", f.drRegion)}, ` +
        "and EventBridge sends only to targets in its rule's region: give a topic in the DR region, or emails",
    },
  ];
}
