import * as assert from "node:assert/strict";
import { durationSeconds, ReadinessServer, readinessVerdicts } from "../lib/readinessVerdicts";

const NOW = new Date("2026-12-02T12:00:00Z");
const POLICY = { rpoMinutes: 15, drillMaxAgeDays: 90, now: NOW };
const server = (id: string, more: Partial<ReadinessServer> = {}): ReadinessServer => ({
  sourceServerID: id,
  sourceProperties: { identificationHints: { hostname: `${id}-host`, awsInstanceID: `i-${id.slice(2)}` } },
  dataReplicationInfo: { dataReplicationState: "CONTINUOUS", lagDuration: "PT2M" },
  lifeCycle: { lastLaunch: { initiated: { apiCallDateTime: "2026-11-01T10:00:00Z", type: "DRILL" }, status: "TERMINATED" } },
  ...more,
});
const failures = (servers: ReadinessServer[], policy = POLICY) => readinessVerdicts(servers, policy).filter((v) => !v.passed).map((v) => `${v.id}: ${v.blockedBy?.reason}`);

describe("lib/readinessVerdicts", () => {
  it("reads DRS's ISO 8601 lag durations", () => {
    assert.deepEqual(["PT2M", "PT1H2M3S", "P1DT2H", "PT0.5S", "PT"].map(durationSeconds), [120, 3723, 93600, 0.5, undefined]);
  });

  it("passes a server replicating continuously, within the RPO, drilled a month ago, and names it by host", () => {
    const [v] = readinessVerdicts([server("s-0123456789abcdef0")], POLICY);
    assert.equal(v.passed, true);
    assert.equal(v.description, "s-0123456789abcdef0 (s-0123456789abcdef0-host) is ready to recover: replicating continuously, lag within the RPO of 15 minutes, a successful drill within 90 days");
  });

  it("fails stalled, lagging, never drilled, drilled too long ago and failed-drill servers, each saying why", () => {
    assert.deepEqual(
      failures([
        server("s-000000000000000a1", { dataReplicationInfo: { dataReplicationState: "STALLED", lagDuration: "PT3H", dataReplicationError: { error: "AGENT_NOT_SEEN" } } }),
        server("s-000000000000000a2", { dataReplicationInfo: { dataReplicationState: "CONTINUOUS", lagDuration: "PT20M" } }),
        server("s-000000000000000a3", { lifeCycle: {} }),
        server("s-000000000000000a4", { lifeCycle: { lastLaunch: { initiated: { apiCallDateTime: "2026-06-01T00:00:00Z", type: "DRILL" }, status: "TERMINATED" } } }),
        server("s-000000000000000a5", { lifeCycle: { lastLaunch: { initiated: { apiCallDateTime: "2026-11-30T00:00:00Z", type: "DRILL" }, status: "FAILED" } } }),
        server("s-000000000000000a6"),
      ]),
      [
        "readiness:s-000000000000000a1: replication is STALLED, not CONTINUOUS (AGENT_NOT_SEEN); its lag is 3 hours, more than the RPO of 15 minutes",
        "readiness:s-000000000000000a2: its lag is 20 minutes, more than the RPO of 15 minutes",
        "readiness:s-000000000000000a3: it has never been drilled",
        "readiness:s-000000000000000a4: its last successful drill was 184 days ago (2026-06-01T00:00:00Z), more than 90",
        "readiness:s-000000000000000a5: its last drill (2026-11-30T00:00:00Z) ended FAILED, not LAUNCHED",
      ],
    );
  });

  it("fails an instance the rollout targets that DRS does not know, and not one it knows", () => {
    const verdicts = readinessVerdicts([server("s-0123456789abcdef0")], { ...POLICY, expectedInstances: [{ instanceId: "i-0123456789abcdef0" }, { instanceId: "i-0fffffffffffffff0", name: "web-2" }] });
    assert.deepEqual(
      verdicts.filter((v) => !v.passed).map((v) => `${v.id}: ${v.blockedBy?.component}`),
      ["readiness:missing:i-0fffffffffffffff0: i-0fffffffffffffff0 (web-2)"],
    );
  });
});
