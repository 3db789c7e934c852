/** Edits of a declared network for the verifier's broken variants, and its failed verdicts as plain lines. */
import * as assert from "node:assert/strict";
import type { DeclaredResource, Verdict } from "../../lib/verifier";

/** The one resource of that logical name (fails the test if there is none). */
export function find(resources: readonly DeclaredResource[], name: string): DeclaredResource {
  const found = resources.find((r) => r.name === name);
  assert.ok(found, `no resource ${name}`);
  return found;
}

/** The resources without that one. */
export function without(resources: readonly DeclaredResource[], name: string): DeclaredResource[] {
  find(resources, name);
  return resources.filter((r) => r.name !== name);
}

/** The resources with that one's properties changed. */
export function changed(resources: readonly DeclaredResource[], name: string, props: Record<string, unknown>): DeclaredResource[] {
  find(resources, name);
  return resources.map((r) => (r.name === name ? { ...r, props: { ...r.props, ...props } } : r));
}

/** The failed verdicts as `id: component reason` lines. */
export function failures(verdicts: readonly Verdict[]): string[] {
  return verdicts
    .filter((v) => !v.passed)
    .flatMap((v) => (v.blockedBy !== undefined ? [v.blockedBy] : (v.offenders ?? [])).map((f) => `${v.id}: ${f.component} ${f.reason}`));
}
