/** What the judgments answer: one verdict per required flow, forbidden thing or warning. */
import type { Finding } from "./model";

/** One answer of the verifier. */
export interface Verdict {
  /** Stable identifier, e.g. `flow:source-subnet-0->drs-endpoint` or `forbidden:internet-gateways`. */
  readonly id: string;
  /**
   * A required flow, a forbidden thing, or a warning: something that works but that a reviewer must know (it never
   * fails the run; its `notes` say what).
   */
  readonly kind: "required-flow" | "forbidden" | "warning";
  /** What was checked, as a sentence. */
  readonly description: string;
  /** Whether the flow is reachable, or the forbidden thing absent. */
  readonly passed: boolean;
  /** For a flow: what crosses, e.g. `TCP 443`, `TCP 1500`, `S3 prefix list`. */
  readonly flow?: string;
  /** For a flow: the names of the resources at its two ends, for diagrams. */
  readonly between?: { readonly from: string; readonly to: string };
  /** For a reachable flow: the hops, there and back. */
  readonly path?: readonly string[];
  /** For an unreachable flow: the first component that blocks it. */
  readonly blockedBy?: Finding;
  /** For a failed forbidden check: every offender. */
  readonly offenders?: readonly Finding[];
  /** Anything the verdict could not check, and why. */
  readonly notes?: readonly string[];
}

/** A forbidden check's verdict (`forbidden:<id>`): passed when it has no offenders. */
export function forbiddenVerdict(id: string, description: string, offenders: Finding[], notes: readonly string[] = []): Verdict {
  return {
    id: `forbidden:${id}`,
    kind: "forbidden",
    description,
    passed: offenders.length === 0,
    ...(offenders.length > 0 ? { offenders } : {}),
    ...(notes.length > 0 ? { notes: [...notes] } : {}),
  };
}

/** Whether every verdict passed. */
export function allPassed(verdicts: readonly Verdict[]): boolean {
  return verdicts.every((v) => v.passed);
}

/** A finding as a reader sees it: the component in bold, its live id beside it where known, then why. */
export function findingText(finding: { readonly component: string; readonly id?: string; readonly reason: string }): string {
  return `**${finding.component}**${finding.id !== undefined ? ` (${finding.id})` : ""}${finding.reason !== "" ? ` ${finding.reason}` : ""}`;
}

/** A verdict as Markdown list lines: PASS, FAIL or WARN with its description, then its path, blocker, offenders, notes. */
export function verdictMarkdown(v: Verdict): string[] {
  return [
    `- ${v.kind === "warning" ? "WARN" : v.passed ? "PASS" : "FAIL"} ${v.description}`,
    ...(v.passed && v.path !== undefined ? [`  - path: ${v.path.join(" -> ")}`] : []),
    ...(v.blockedBy !== undefined ? [`  - blocked by ${findingText({ ...v.blockedBy, reason: "" })}: ${v.blockedBy.reason}`] : []),
    ...(v.offenders ?? []).map((o) => `  - ${findingText(o)}`),
    ...(v.notes ?? []).map((n) => `  - note: ${n}`),
  ];
}
