/** The evidence a drill leaves (drill/cli.ts): the report's shape, and the report as Markdown and as JSON. Pure. */
import { CleanupResult, DrillEnd, formatDuration, PointInTime, ServerResult, Thresholds } from "./drill";

/** One StartRecovery job of the drill. */
export interface JobSummary {
  readonly jobID: string;
  readonly servers: readonly string[];
  readonly startedAt: string;
  /** DRS's last status of the job (PENDING, STARTED, COMPLETED). */
  readonly status?: string;
  readonly endedAt?: string;
  /** The job's own errors from its log (not a server's). */
  readonly error?: string;
}

/** The report: `JSON.stringify` of this is the `--json` file. */
export interface DrillReport {
  readonly stack: string;
  readonly region: string;
  /** The caller's ARN (STS GetCallerIdentity), or why it is unknown. */
  readonly runBy: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Which servers were asked for, in words. */
  readonly selection: string;
  readonly pointInTime: PointInTime;
  readonly thresholds: Thresholds;
  readonly timeoutMinutes: number;
  readonly keep: boolean;
  readonly ended: DrillEnd;
  /** With `refused` or `error`: what AWS or the program said (the refused IAM action named). */
  readonly error?: string;
  readonly servers: readonly ServerResult[];
  readonly jobs: readonly JobSummary[];
  readonly cleanup: CleanupResult;
  readonly notes: readonly string[];
  /** The command's exit status (lib/drill.ts, `drillExitCode`). */
  readonly exitCode: number;
}

const ENDED: Readonly<Record<DrillEnd, string>> = {
  completed: "every job finished",
  "timed-out": "the timeout stopped it",
  interrupted: "interrupted (Ctrl-C)",
  refused: "AWS refused a call",
  error: "an unexpected error stopped it",
};

/** A table cell: no line breaks, no column separators. */
function cell(text: string | undefined): string {
  return (text ?? "-").replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

function objectives(t: Thresholds): string {
  const rpo = t.rpoMinutes !== undefined ? `RPO ${t.rpoMinutes} min (readiness.rpoMinutes)` : "RPO: none, the stack file sets no readiness.rpoMinutes";
  return `${rpo}; RTO: measured, the config has no RTO objective`;
}

function pointInTimeText(p: PointInTime): string {
  return p.kind === "latest" ? "latest: DRS takes an on-demand snapshot of each server" : `${p.at}: per server the newest recovery snapshot at or before it`;
}

function checksText(s: ServerResult): string {
  if (s.checks === undefined) return "-";
  return "notChecked" in s.checks ? `not checked: ${s.checks.notChecked}` : `instance ${s.checks.instance}, system ${s.checks.system}`;
}

function headline(r: DrillReport): string {
  const failed = r.servers.filter((s) => s.failures.length > 0).length;
  const servers = failed === 0 ? `all ${r.servers.length} servers recovered and passed their checks` : `${failed} of ${r.servers.length} servers failed`;
  const verdict = r.exitCode === 0 ? "PASSED" : "FAILED";
  return `**${verdict}** (exit ${r.exitCode}): ${servers}; ${ENDED[r.ended]}; cleanup: ${cleanupHeadline(r.cleanup)}.`;
}

function cleanupHeadline(c: CleanupResult): string {
  switch (c.status) {
    case "terminated":
      return `${c.terminated.length} recovery instance${c.terminated.length === 1 ? "" : "s"} terminated`;
    case "kept":
      return `${c.kept.length} kept (--keep)`;
    case "nothing":
      return "nothing was launched";
    case "failed":
      return `**${c.failed.length} not confirmed terminated**`;
  }
}

function serverRows(r: DrillReport): string[] {
  return [
    "| Server | Hostname | Point in time | RPO | RTO | Recovery instance | EC2 instance | Status checks | Systems Manager | Result |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...r.servers.map((s) => {
      const cells = [
        s.sourceServerID,
        s.hostname,
        s.pointInTime,
        s.rpoMs !== undefined ? formatDuration(s.rpoMs) : undefined,
        s.rtoMs !== undefined ? formatDuration(s.rtoMs) : undefined,
        s.recoveryInstanceID,
        s.ec2InstanceID,
        checksText(s),
        s.ssm,
        s.failures.length === 0 ? "PASS" : "FAIL",
      ];
      return `| ${cells.map(cell).join(" | ")} |`;
    }),
  ];
}

function findings(r: DrillReport): string[] {
  const name = (s: ServerResult) => `${s.sourceServerID}${s.hostname !== undefined ? ` (${s.hostname})` : ""}`;
  const lines = r.servers.flatMap((s) => [...s.failures.map((f) => `- FAIL ${name(s)}: ${f}`), ...s.warnings.map((w) => `- WARN ${name(s)}: ${w}`)]);
  return lines.length === 0 ? [] : ["## Failures and warnings", "", ...lines, ""];
}

function cleanupLines(r: DrillReport): string[] {
  const c = r.cleanup;
  const jobs = c.jobIDs.length > 0 ? ` (TerminateRecoveryInstances job${c.jobIDs.length === 1 ? "" : "s"} ${c.jobIDs.join(", ")})` : "";
  const lines: string[] = [];
  if (c.terminated.length > 0) lines.push(`- Terminated: ${c.terminated.join(", ")}${jobs}.`);
  for (const f of c.failed) lines.push(`- NOT CONFIRMED TERMINATED ${f.id}: ${f.reason}`);
  if (c.kept.length > 0) {
    lines.push(
      `- Kept (--keep): ${c.kept.join(", ")}. DRS does not terminate drill instances; they are billed until terminated: ` +
        `\`aws drs terminate-recovery-instances --region ${r.region} --recovery-instance-ids ${c.kept.join(" ")}\``,
    );
  }
  if (c.failed.length > 0) lines.push(`- Terminate what is left in the DRS console (Recovery instances) or with \`aws drs terminate-recovery-instances --region ${r.region} --recovery-instance-ids ${c.failed.map((f) => f.id).join(" ")}\`.`);
  if (lines.length === 0) lines.push(c.status === "nothing" ? "- Nothing to terminate: no recovery instance was launched." : "- Nothing left to terminate.");
  return lines;
}

/** The report as Markdown. */
export function drillMarkdown(r: DrillReport): string {
  const took = formatDuration(Date.parse(r.finishedAt) - Date.parse(r.startedAt));
  const lines = [
    `# DRS drill: ${r.stack}`,
    "",
    headline(r),
    "",
    "| | |",
    "| --- | --- |",
    `| Run by | ${cell(r.runBy)} |`,
    `| Started | ${r.startedAt} |`,
    `| Finished | ${r.finishedAt} (${took}) |`,
    `| Stack | ${cell(r.stack)} |`,
    `| DR region | ${r.region} |`,
    `| Servers | ${cell(r.selection)}: ${r.servers.length} |`,
    `| Point in time | ${pointInTimeText(r.pointInTime)} |`,
    `| Objectives | ${objectives(r.thresholds)} |`,
    `| Ended | ${ENDED[r.ended]}${r.ended === "timed-out" ? ` (--timeout-minutes ${r.timeoutMinutes})` : ""} |`,
    ...(r.error !== undefined ? [`| Error | ${cell(r.error)} |`] : []),
    "",
    "## Servers",
    "",
    ...serverRows(r),
    "",
    ...findings(r),
    "## Jobs",
    "",
    ...(r.jobs.length === 0
      ? ["- None started."]
      : r.jobs.map((j) => `- ${j.jobID}: ${j.servers.length} server${j.servers.length === 1 ? "" : "s"}, started ${j.startedAt}, ${j.status ?? "status unknown"}${j.endedAt !== undefined ? ` at ${j.endedAt}` : ""}${j.error !== undefined ? `; ${j.error}` : ""}`)),
    "",
    "## Cleanup",
    "",
    ...cleanupLines(r),
    "",
    ...(r.notes.length > 0 ? ["## Notes", "", ...r.notes.map((n) => `- ${n}`), ""] : []),
    "RPO: the requested point in time (with `latest`, the StartRecovery call) minus the timestamp of the snapshot the instance was launched from. " +
      "RTO: from the StartRecovery call to the first moment the drill knew the instance launched (a poll, at most 60 s apart, or the job's end).",
  ];
  return `${lines.join("\n")}\n`;
}

/** The report as the `--json` file. */
export function drillJson(r: DrillReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
