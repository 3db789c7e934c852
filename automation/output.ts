/** What the automation tool prints: a progress line per engine line, and a summary table at the end. Pure. */

/** The outcome of one environment. */
export interface EnvironmentResult {
  readonly stack: string;
  readonly action: string;
  readonly status: "succeeded" | "failed" | "skipped" | "cancelled";
  /** Resource operations by kind (`create`, `update`, ...), where the engine reported them. */
  readonly changes?: Readonly<Record<string, number>>;
  readonly durationMs: number;
  /** Why it failed, or was skipped. */
  readonly reason?: string;
}

/** One line of an environment's engine output, prefixed with its stack so interleaved runs stay readable. */
export function progressLine(stack: string, line: string): string {
  return `[${stack}] ${line.replace(/\s+$/, "")}`;
}

/** The changes of a run, in a fixed order, without the unchanged (`same`). */
export function describeChanges(changes: Readonly<Record<string, number>> | undefined): string {
  if (changes === undefined) return "-";
  const order = ["create", "update", "replace", "delete", "import"];
  const parts = Object.entries(changes)
    .filter(([op, n]) => op !== "same" && n > 0)
    .sort(([a], [b]) => (order.indexOf(a) === -1 ? 99 : order.indexOf(a)) - (order.indexOf(b) === -1 ? 99 : order.indexOf(b)) || a.localeCompare(b))
    .map(([op, n]) => `${op} ${n}`);
  return parts.length > 0 ? parts.join(", ") : "no changes";
}

/** The summary table: one row per environment, and a last line counting the outcomes. */
export function summaryTable(results: readonly EnvironmentResult[]): string {
  const rows = [
    ["Stack", "Action", "Result", "Changes", "Time"],
    ...results.map((r) => [r.stack, r.action, r.status, r.status === "succeeded" ? describeChanges(r.changes) : (r.reason ?? "-"), `${(r.durationMs / 1000).toFixed(1)} s`]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd();
  const count = (status: EnvironmentResult["status"]) => results.filter((r) => r.status === status).length;
  return [
    line(rows[0]),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.slice(1).map(line),
    "",
    `${count("succeeded")} succeeded, ${count("failed")} failed, ${count("skipped")} skipped${count("cancelled") > 0 ? `, ${count("cancelled")} cancelled` : ""}`,
  ].join("\n");
}

/** How to get the Pulumi CLI, which the Automation API drives (https://www.pulumi.com/docs/iac/download-install/). */
export const PULUMI_CLI_MISSING =
  "the Pulumi CLI (`pulumi`) was not found on PATH: the Automation API runs it for every operation. Install it " +
  "(https://www.pulumi.com/docs/iac/download-install/, e.g. `curl -fsSL https://get.pulumi.com | sh`), put it on " +
  "PATH, and run again";

/**
 * What went wrong in an operation: `summary`, one line for the table, and `detail`, every line of the underlying
 * error. The Automation API's CommandError reads "code: N\n stdout: ...\n stderr: ...": its stderr says why; a
 * spawn error with ENOENT means the `pulumi` binary is missing.
 */
export function describeFailure(err: unknown): { summary: string; detail: string[] } {
  const message = err instanceof Error ? err.message : String(err);
  const detail = message.split("\n").map((l) => l.trimEnd()).filter((l) => l.trim() !== "");
  if (/spawn pulumi ENOENT|ENOENT: pulumi\b/.test(message)) {
    return { summary: "Pulumi CLI not found on PATH", detail: [PULUMI_CLI_MISSING, ...detail] };
  }
  const stderr = (err as { commandResult?: { stderr?: string } })?.commandResult?.stderr ?? "";
  const stderrLines = stderr.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const summary = stderrLines.find((l) => /^error:/i.test(l)) ?? stderrLines[0] ?? detail[0] ?? "unknown error";
  return { summary, detail: detail.length > 0 ? detail : [summary] };
}
