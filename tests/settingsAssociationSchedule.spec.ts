import * as assert from "node:assert/strict";
import { associationScheduleProblem } from "../settings/associationSchedule";

describe("settings/associationSchedule (what State Manager accepts for an association)", () => {
  it("accepts every example of the association section of AWS's cron and rate reference", () => {
    for (const expression of [
      "cron(0/30 * * * ? *)",
      "cron(0 0/1 * * ? *)",
      "cron(0 0/2 * * ? *)",
      "cron(0 0/4 * * ? *)",
      "cron(0 0/8 * * ? *)",
      "cron(0 0/12 * * ? *)",
      "cron(15 13 ? * * *)",
      "cron(15 13 ? * MON *)",
      "cron(30 23 ? * TUE#3 *)",
      "cron(0 0 ? * THU#2 *)",
      "cron(0 0 ? * 3L *)",
      "cron(0 */30 * * * ? *)",
      "cron(0 2 ? * SUN *)",
      "rate(30 minutes)",
      "rate(1 hour)",
      "rate(5 hours)",
      "rate(15 days)",
      "rate(7 days)",
      "rate(1 day)",
      "rate(30 days)",
    ]) {
      assert.equal(associationScheduleProblem(expression), undefined, expression);
    }
  });

  it("refuses rates under 30 minutes or of 31 days and more, and units that do not agree with the value", () => {
    assert.equal(associationScheduleProblem("rate(29 minutes)"), "is shorter than 30 minutes, which State Manager refuses for an association");
    assert.equal(associationScheduleProblem("rate(31 days)"), "is not shorter than 31 days, which State Manager refuses for an association (at most rate(30 days))");
    assert.equal(associationScheduleProblem("rate(744 hours)"), "is not shorter than 31 days, which State Manager refuses for an association (at most rate(30 days))");
    assert.equal(associationScheduleProblem("rate(743 hours)"), undefined);
    assert.equal(associationScheduleProblem("rate(1 days)"), "uses a plural unit with 1: write rate(1 day)");
    assert.equal(associationScheduleProblem("rate(5 hour)"), "uses a singular unit with 5: write rate(5 hours)");
  });

  it("refuses cron expressions outside the documented forms, months, years and seconds other than 0", () => {
    const notAForm =
      "is not one of the cron schedules State Manager accepts for an association: every 30 minutes; every 1, 2, 4, 8 or 12 hours; or at a time every day, every week (MON), on the nth weekday of the month (TUE#3) or on its last one (3L)";
    assert.equal(associationScheduleProblem("cron(0/15 * * * ? *)"), notAForm);
    assert.equal(associationScheduleProblem("cron(0 0/3 * * ? *)"), notAForm);
    assert.equal(associationScheduleProblem("cron(0 2 1 * ? *)"), notAForm);
    assert.equal(associationScheduleProblem("cron(0 2 * * SUN *)"), notAForm);
    assert.equal(associationScheduleProblem("cron(0 2 ? JAN SUN *)"), "names months, which State Manager does not support in an association's cron expression");
    assert.equal(associationScheduleProblem("cron(0 2 ? * SUN 2030)"), "names years, which State Manager does not support in an association's cron expression");
    assert.equal(associationScheduleProblem("cron(30 0 2 ? * SUN *)"), "gives seconds other than 0, which State Manager refuses for an association");
    assert.match(associationScheduleProblem("cron(0 2 ?)") ?? "", /^is not a cron expression/);
  });

  it("refuses a single run, anything that is not a rate or cron, and more than 256 characters", () => {
    assert.equal(associationScheduleProblem("at(2030-07-07T15:55:00)"), "runs the association once, so servers tagged later would never be served: give a rate(...) or cron(...) schedule");
    assert.equal(associationScheduleProblem("every day"), "is not a schedule: rate(<n> minutes|hours|days), e.g. rate(1 day), or cron(...), e.g. cron(0 2 ? * SUN *)");
    assert.equal(associationScheduleProblem(`cron(${"0 ".repeat(130)})`), "has 266 characters; State Manager takes at most 256");
  });
});
