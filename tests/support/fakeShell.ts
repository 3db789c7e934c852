/**
 * A sandbox of fake tools for running the generated shell commands and scripts: `curl` (serves the installer and
 * its digest, and the instance metadata service), `sudo`, `timeout` (decides which endpoints connect) and `pgrep`
 * (decides whether an agent runs), each logging its arguments. Everything else is the real tool.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The fakes read these variables: FAKE_INSTALLER and FAKE_DIGEST (the downloads), FAKE_FAIL_URL (a download that
 * fails), FAKE_UNREACHABLE (a host that does not connect), FAKE_VPC_ID (the metadata service's VPC), FAKE_IMDS_DOWN
 * (no metadata service), FAKE_AGENT_RUNNING (pgrep finds the agent).
 */
export function fakeTools(): string {
  const dir = mkdtempSync(join(tmpdir(), "drs-installer-"));
  const script = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  // curl ... [-o FILE] URL: the instance metadata service, or FAKE_INSTALLER for the installer and FAKE_DIGEST for the .sha512.
  script(
    "curl",
    `out=""; url=""; while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift 2;; --retry|--connect-timeout|--proto|--max-time|-X|-H) shift 2;; -*) shift;; *) url="$1"; shift;; esac; done
echo "$url" >> "${dir}/curl.log"
case "$url" in
  http://169.254.169.254/*)
    if [ -n "\${FAKE_IMDS_DOWN:-}" ]; then echo "curl: (7) Failed to connect" >&2; exit 7; fi
    case "$url" in */api/token) printf 'TOKEN';; */meta-data/mac) printf '0a:1b:2c:3d:4e:5f';; */vpc-id) printf '%s' "\${FAKE_VPC_ID:-}";; *) exit 22;; esac
    exit 0;;
esac
if [ "$url" = "\${FAKE_FAIL_URL:-}" ]; then echo "curl: (22) The requested URL returned error: 403" >&2; exit 22; fi
case "$url" in *.sha512) printf '%s' "$FAKE_DIGEST" > "$out";; *) printf '%s' "$FAKE_INSTALLER" > "$out";; esac`,
  );
  script("sudo", `echo "$*" > "${dir}/sudo.log"`);
  script(
    "timeout",
    `echo "$*" >> "${dir}/timeout.log"
case "$4" in *"/\${FAKE_UNREACHABLE:-none}/"*) exit 124;; esac
exit 0`,
  );
  script("pgrep", `echo "$*" >> "${dir}/pgrep.log"; [ -n "\${FAKE_AGENT_RUNNING:-}" ]`);
  return dir;
}

/** Run `command` with `shell` (bash by default) in the sandbox, the fakes first on PATH. */
export function runShell(sandbox: string, command: string, env: Record<string, string>, shell = "bash") {
  const result = spawnSync(shell, ["-c", command], {
    cwd: sandbox,
    encoding: "utf8",
    env: { ...process.env, ...env, PATH: `${sandbox}:${process.env.PATH ?? ""}`, TMPDIR: sandbox },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fake's log, a line per call. */
export function readLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter((l) => l !== "") : [];
}

/** What `sudo` was asked to run, if anything. */
export function sudoArgs(sandbox: string): string | undefined {
  const log = join(sandbox, "sudo.log");
  return existsSync(log) ? readFileSync(log, "utf8").trim() : undefined;
}
