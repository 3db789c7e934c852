/**
 * A sandbox of fake tools for running the generated shell commands and scripts: `curl` (serves the installer and
 * its digest, and the instance metadata service), `sudo`, `timeout` (decides which endpoints connect), `systemctl`
 * and `pgrep` (decide whether an agent runs) and `hostname`, each logging its arguments. Everything else is the real
 * tool, unless a run leaves the system's PATH out.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A tool's absolute path, found on the system's PATH. */
function systemTool(name: string): string {
  return spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
}

/**
 * The fakes read these variables: FAKE_INSTALLER and FAKE_DIGEST (the downloads), FAKE_FAIL_URL (a download that
 * fails), FAKE_UNREACHABLE (a host that does not connect), FAKE_VPC_ID (the metadata service's VPC), FAKE_IMDS_DOWN
 * (no metadata service), FAKE_AGENT_RUNNING (the agent's service runs, or pgrep finds its process). Without systemd
 * (`systemd: false`) there is no `systemctl`; run such a sandbox with `systemPath: false` so the real one is not found.
 */
export function fakeTools(options: { readonly systemd?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "drs-installer-"));
  const bash = systemTool("bash");
  const script = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!${bash}\n${body}\n`);
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
  // systemctl status <unit>: 0 when the unit runs, 3 when it does not (systemctl(1), exit status of "status").
  if (options.systemd !== false) script("systemctl", `echo "$*" >> "${dir}/systemctl.log"; [ -n "\${FAKE_AGENT_RUNNING:-}" ] || exit 3`);
  script("hostname", `echo source-server-1`);
  return dir;
}

/**
 * Run `command` with `shell` (bash by default) in the sandbox, the fakes first on PATH; with `systemPath: false` the
 * fakes alone are on it (the shell's builtins still work).
 */
export function runShell(sandbox: string, command: string, env: Record<string, string>, shell = "bash", options: { readonly systemPath?: boolean } = {}) {
  const path = options.systemPath === false ? sandbox : `${sandbox}:${process.env.PATH ?? ""}`;
  const result = spawnSync(systemTool(shell), ["-c", command], {
    cwd: sandbox,
    encoding: "utf8",
    env: { ...process.env, ...env, PATH: path, TMPDIR: sandbox },
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
