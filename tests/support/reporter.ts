/**
 * Mocha's spec reporter, plus one closing line in the plain form CI reads in any language: "N passed, N failed"
 * (", N skipped" when any test is pending).
 */
import Mocha from "mocha";

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = this.stats;
      process.stdout.write(`${passes} passed, ${failures} failed${pending > 0 ? `, ${pending} skipped` : ""}\n`);
    });
  }
}

export = SpecWithSummary;
