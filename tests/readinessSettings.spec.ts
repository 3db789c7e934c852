/**
 * `readiness` (settings/readinessSchema.ts): its defaults, each bad input with the exact message a user reads
 * ("<key>: <value> <message>", as settings/perKey.ts renders a schema issue), and the cross-field rule on the given
 * topic's region.
 */
import * as assert from "node:assert/strict";
import { z } from "zod";
import { describeValue, formatPath, quoteFor } from "../settings/problems";
import { readiness, readinessOf, readinessProblems } from "../settings/readinessSchema";

/** The config as far as this key goes: `readiness` inside a tiny object, as CONFIG_SCHEMA holds it. */
const schema = z.object({ readiness });

/** The problems a user reads for `value`, rendered as the per-key pass renders them. */
function problems(value: unknown): string[] {
  const result = schema.safeParse({ readiness: value });
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const at = formatPath(issue.path).slice(1);
    const valueAt = issue.path.reduce<unknown>((v, p) => (v as Record<PropertyKey, unknown> | undefined)?.[p], { readiness: value });
    return `${at}: ${describeValue(valueAt, issue.message)}`;
  });
}

const TOPIC = "arn:aws:sns:eu-west-2:111111111111:dr-alerts";

describe("readiness settings (settings/readinessSchema.ts)", () => {
  it("is off by default, with the documented RPO and drill age", () => {
    const parsed = schema.parse({});
    assert.deepEqual(parsed.readiness, { enabled: false, rpoMinutes: 15, drillMaxAgeDays: 90 });
    assert.equal(readinessOf(parsed.readiness), undefined);
  });

  it("turns an enabled key into settings: emails, or a topic", () => {
    const emails = schema.parse({ readiness: { enabled: true, rpoMinutes: 30, notify: { emails: ["dr-team@example.com", "oncall@example.org"] } } }).readiness;
    assert.deepEqual(readinessOf(emails), { rpoMinutes: 30, drillMaxAgeDays: 90, notify: { kind: "emails", emails: ["dr-team@example.com", "oncall@example.org"] } });
    const topic = schema.parse({ readiness: { enabled: true, drillMaxAgeDays: 30, notify: { snsTopicArn: TOPIC } } }).readiness;
    assert.deepEqual(readinessOf(topic), { rpoMinutes: 15, drillMaxAgeDays: 30, notify: { kind: "topic", snsTopicArn: TOPIC } });
  });

  it("needs someone to notify when enabled, and not when off", () => {
    assert.deepEqual(problems({ enabled: true }), [
      "readiness.notify: is required with readiness.enabled: { emails: [...] } or { snsTopicArn }, whom the alarms and DRS's events reach",
    ]);
    assert.deepEqual(problems({ enabled: false, rpoMinutes: 5 }), []);
  });

  it("refuses an RPO and a drill age out of range, or not whole, or quoted", () => {
    assert.deepEqual(problems({ rpoMinutes: 0 }), ["readiness.rpoMinutes: 0 must be from 1 to 1440"]);
    assert.deepEqual(problems({ rpoMinutes: 1441 }), ["readiness.rpoMinutes: 1441 must be from 1 to 1440"]);
    assert.deepEqual(problems({ rpoMinutes: 7.5 }), ["readiness.rpoMinutes: 7.5 must be a whole number"]);
    assert.deepEqual(problems({ rpoMinutes: "15" }), ['readiness.rpoMinutes: "15" is a string, not a number: write 15 without quotes']);
    assert.deepEqual(problems({ drillMaxAgeDays: 0 }), ["readiness.drillMaxAgeDays: 0 must be from 1 to 365"]);
    assert.deepEqual(problems({ drillMaxAgeDays: 366 }), ["readiness.drillMaxAgeDays: 366 must be from 1 to 365"]);
    assert.deepEqual(problems({ enabled: "true" }), ['readiness.enabled: "true" is a string, not a boolean: write true without quotes']);
  });

  it("refuses bad email addresses, an empty list and the same address twice", () => {
    assert.deepEqual(problems({ enabled: true, notify: { emails: ["dr-team"] } }), ['readiness.notify.emails[0]: "dr-team" is not an email address (name@example.com)']);
    assert.deepEqual(problems({ enabled: true, notify: { emails: ["a@example.com", "dr team@example.com"] } }), [
      'readiness.notify.emails[1]: "dr team@example.com" is not an email address (name@example.com)',
    ]);
    assert.deepEqual(problems({ enabled: true, notify: { emails: ["a@example"] } }), ['readiness.notify.emails[0]: "a@example" is not an email address (name@example.com)']);
    assert.deepEqual(problems({ enabled: true, notify: { emails: [] } }), ["readiness.notify.emails: [] must list at least one address: or give snsTopicArn instead"]);
    assert.deepEqual(problems({ enabled: true, notify: { emails: ["A@example.com", "a@EXAMPLE.com"] } }), [
      'readiness.notify.emails: ["A@example.com","a@EXAMPLE.com"] lists the same email address more than once',
    ]);
    assert.deepEqual(problems({ enabled: true, notify: { emails: "dr-team@example.com" } }), ['readiness.notify.emails: "dr-team@example.com" must be a list of email addresses']);
  });

  it("refuses what is not a standard SNS topic ARN", () => {
    const message = "is not a standard SNS topic ARN (arn:aws:sns:<region>:<account>:<name>, the name up to 256 letters, digits, - or _)";
    for (const arn of ["arn:aws:sqs:eu-west-2:111111111111:queue", "arn:aws:sns:eu-west-2:1111:dr-alerts", "arn:aws:sns:eu-west-2:111111111111:dr-alerts.fifo", "dr-alerts"]) {
      assert.deepEqual(problems({ enabled: true, notify: { snsTopicArn: arn } }), [`readiness.notify.snsTopicArn: ${JSON.stringify(arn)} ${message}`]);
    }
  });

  it("takes exactly one of emails and snsTopicArn", () => {
    assert.deepEqual(problems({ enabled: true, notify: { emails: ["a@example.com"], snsTopicArn: TOPIC } }), [
      `readiness.notify: {"emails":["a@example.com"],"snsTopicArn":"${TOPIC}"} gives both emails and snsTopicArn: give one (the program makes a topic for the emails, or sends to yours)`,
    ]);
    assert.deepEqual(problems({ enabled: true, notify: {} }), ["readiness.notify: {} names no one to notify: give emails (a list of addresses) or snsTopicArn (a topic of yours)"]);
  });

  it("refuses a field it does not know", () => {
    const result = schema.safeParse({ readiness: { enabled: true, rpo: 15, notify: { emails: ["a@example.com"] } } });
    assert.equal(result.success, false);
    assert.deepEqual(
      result.error?.issues.map((i) => [i.code, i.path]),
      [["unrecognized_keys", ["readiness"]]],
    );
  });

  describe("readinessProblems (cross-field)", () => {
    const fields = (snsTopicArn: string, enabled = true) => ({ drRegion: "eu-west-2", readiness: schema.parse({ readiness: { enabled, notify: { snsTopicArn } } }).readiness });

    it("needs the given topic in the DR region", () => {
      assert.deepEqual(readinessProblems(fields("arn:aws:sns:us-east-1:111111111111:dr-alerts"), {}, quoteFor([])), [
        {
          key: "readiness.notify.snsTopicArn",
          message:
            '"arn:aws:sns:us-east-1:111111111111:dr-alerts" is a topic in us-east-1; the readiness alarms and DRS\'s event rules are in drRegion "eu-west-2", ' +
            "and EventBridge sends only to targets in its rule's region: give a topic in the DR region, or emails",
        },
      ]);
      assert.deepEqual(readinessProblems(fields(TOPIC)), []);
    });

    it("says nothing when readiness is off, when emails are given or when drRegion is not valid", () => {
      assert.deepEqual(readinessProblems(fields("arn:aws:sns:us-east-1:111111111111:dr-alerts", false)), []);
      assert.deepEqual(readinessProblems({ drRegion: "eu-west-2", readiness: schema.parse({ readiness: { enabled: true, notify: { emails: ["a@example.com"] } } }).readiness }), []);
      assert.deepEqual(readinessProblems({ readiness: fields("arn:aws:sns:us-east-1:111111111111:dr-alerts").readiness }), []);
    });

    it("keeps a secret topic's region out of the message", () => {
      const [problem] = readinessProblems(fields("arn:aws:sns:us-east-1:111111111111:dr-alerts"), {}, quoteFor(["readiness"]));
      assert.equal(problem.message.startsWith("[secret] is a topic in another region; "), true, problem.message);
      assert.equal(problem.message.includes("us-east-1"), false);
    });
  });
});
