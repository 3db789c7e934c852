/**
 * The DRS agent installer as a source-server administrator meets it in a network without internet: the bucket
 * names, the download URLs rewritten through the S3 interface endpoint, and the commands that fetch, verify and run
 * the installer, or test the path to the endpoints. Pure string builders: no Pulumi imports.
 *
 * Sources:
 * - URLs and paths: https://docs.aws.amazon.com/drs/latest/userguide/linux-agent.html and windows-agent.html.
 * - Installer flags: https://docs.aws.amazon.com/drs/latest/userguide/installer-parameters.html.
 * - `<bucket>.bucket.<endpoint DNS name>` ("bucket is a static keyword"):
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html and the seed blog.
 * - `.sha512` files hold only the hex digest: AWS's SSM document AWSDisasterRecovery-InstallDRAgentOnInstance compares
 *   `$(cat <file>.sha512)` with the first field of `sha512sum`, and on Windows `Get-FileHash -Algorithm SHA512` with
 *   `Get-Content <file>.sha512`.
 */
import { installerBucketSuffix } from "./regions";

/**
 * How source servers find the DRS endpoint: `endpoint-flag` passes `--endpoint <vpce name>` (the blog's way);
 * `private-hosted-zone` resolves DRS's own name `drs.<region>.amazonaws.com` to the endpoint through a private
 * hosted zone, so the installer needs no `--endpoint`, which AWS advises against on EC2 sources (it can break
 * failback; https://docs.aws.amazon.com/drs/latest/userguide/installer-parameters.html).
 */
export type DrsDnsMode = "endpoint-flag" | "private-hosted-zone";

/** Object key of the Linux installer (a binary; older samples used `aws-replication-installer-init.py`). */
export const LINUX_INSTALLER_KEY = "latest/linux/aws-replication-installer-init";
/** Object key of the Windows installer. */
export const WINDOWS_INSTALLER_KEY = "latest/windows/AwsReplicationWindowsInstaller.exe";
/** Seconds each connectivity probe may take before it counts as failed. */
export const CONNECT_TIMEOUT_SECONDS = 5;

/** The bucket that holds the DRS installers of a DR region, e.g. `aws-elastic-disaster-recovery-eu-west-2`. */
export function installerBucket(drRegion: string): string {
  return `aws-elastic-disaster-recovery-${drRegion}${installerBucketSuffix(drRegion)}`;
}

/** The bucket that holds the installers' SHA-512 digests, e.g. `aws-elastic-disaster-recovery-hashes-eu-west-2`. */
export function hashesBucket(drRegion: string): string {
  return `aws-elastic-disaster-recovery-hashes-${drRegion}${installerBucketSuffix(drRegion)}`;
}

/** An object's URL through an S3 interface endpoint: `https://<bucket>.bucket.<endpoint DNS name>/<key>`. */
export function s3EndpointObjectUrl(bucket: string, s3EndpointDnsName: string, key: string): string {
  return `https://${bucket}.bucket.${assertDnsName(s3EndpointDnsName)}/${key}`;
}

/**
 * An endpoint's regional DNS name as the installer and the URLs take it: the first `dnsEntries` name with any
 * leading `*.` removed (the S3 interface endpoint's regional entry is a wildcard, `*.vpce-...`).
 */
export function endpointDnsName(dnsEntries: readonly { dnsName?: string }[] | undefined): string {
  const first = dnsEntries?.[0]?.dnsName;
  if (first === undefined || first === "") {
    throw new Error("the endpoint has no DNS entries");
  }
  return first.replace(/^\*\./, "");
}

/** What the install commands need: the DR region, the two endpoint DNS names and the DNS mode. */
export interface InstallTarget {
  /** The DR region, passed as `--region`. */
  readonly drRegion: string;
  /** The DRS interface endpoint's regional DNS name, passed as `--endpoint` in `endpoint-flag` mode. */
  readonly drsEndpointDnsName: string;
  /** How the DRS endpoint is found; `endpoint-flag` when absent. */
  readonly drsDnsMode?: DrsDnsMode;
  /**
   * The DR account, passed as `--account-id` when the source servers are in another account than DRS
   * (https://docs.aws.amazon.com/drs/latest/userguide/installer-parameters.html); absent otherwise.
   */
  readonly accountId?: string;
  /** The S3 interface endpoint's regional DNS name (no `*.`), passed as `--s3-endpoint` and used in the URLs. */
  readonly s3EndpointDnsName: string;
  /**
   * The servers resolve AWS's own names to the endpoints (an external source with `dns: resolver`, whose DNS forwards
   * them to the inbound resolver): no `--endpoint`, no `--s3-endpoint`, and the URLs by S3's regional name.
   */
  readonly regionalNames?: boolean;
}

/** An object's URL by S3's regional virtual-hosted name: `https://<bucket>.s3.<region>.amazonaws.com/<key>`. */
export function s3RegionalObjectUrl(bucket: string, region: string, key: string): string {
  return `https://${bucket}.s3.${assertRegion(region)}.amazonaws.com/${key}`;
}

/** An object's URL as the target's servers reach it. */
const objectUrl = (target: InstallTarget, bucket: string, key: string) =>
  target.regionalNames === true ? s3RegionalObjectUrl(bucket, target.drRegion, key) : s3EndpointObjectUrl(bucket, target.s3EndpointDnsName, key);

/** The installer download URLs through the S3 interface endpoint. */
export function installerUrls(target: InstallTarget): { linux: string; windows: string } {
  const bucket = installerBucket(target.drRegion);
  return {
    linux: objectUrl(target, bucket, LINUX_INSTALLER_KEY),
    windows: objectUrl(target, bucket, WINDOWS_INSTALLER_KEY),
  };
}

/** The digest URLs: the installer's key plus `.sha512`, in the hashes bucket, through the same endpoint. */
export function installerDigestUrls(target: InstallTarget): { linux: string; windows: string } {
  const bucket = hashesBucket(target.drRegion);
  return {
    linux: objectUrl(target, bucket, `${LINUX_INSTALLER_KEY}.sha512`),
    windows: objectUrl(target, bucket, `${WINDOWS_INSTALLER_KEY}.sha512`),
  };
}

/** DRS's regional host name, which the private hosted zone answers for: `drs.<region>.amazonaws.com`. */
export function drsRegionalHostName(region: string): string {
  return `drs.${assertRegion(region)}.amazonaws.com`;
}

/** How the installer is run: by a person at the server (it may ask), or unattended (Systems Manager). */
export interface InstallOptions {
  /** Pass `--no-prompt`: the installer asks nothing and replicates every disk it finds. */
  readonly unattended?: boolean;
}

/**
 * The installer arguments that send it through the endpoints: `--region`, `--account-id` for another account,
 * `--endpoint` in `endpoint-flag` mode only, `--s3-endpoint`, and `--no-prompt` when unattended; with `regionalNames`
 * neither endpoint flag. No credential is ever among them.
 */
export function installerArguments(target: InstallTarget, options: InstallOptions = {}): string[] {
  if (target.regionalNames === true) {
    const account = target.accountId !== undefined ? ["--account-id", assertAccountId(target.accountId)] : [];
    return ["--region", assertRegion(target.drRegion), ...account, ...(options.unattended === true ? ["--no-prompt"] : [])];
  }
  const endpoint = (target.drsDnsMode ?? "endpoint-flag") === "endpoint-flag" ? ["--endpoint", assertDnsName(target.drsEndpointDnsName)] : [];
  const account = target.accountId !== undefined ? ["--account-id", assertAccountId(target.accountId)] : [];
  const noPrompt = options.unattended === true ? ["--no-prompt"] : [];
  return ["--region", assertRegion(target.drRegion), ...account, ...endpoint, "--s3-endpoint", assertDnsName(target.s3EndpointDnsName), ...noPrompt];
}

/**
 * One bash command for a Linux source server (needs only bash, curl, coreutils and sudo): in a fresh temporary
 * directory it downloads the installer and its digest through the S3 interface endpoint, compares the SHA-512, and
 * runs the installer only if they match. Credentials are not passed: the installer asks for them, or uses the
 * instance profile on EC2.
 */
export function linuxInstallCommand(target: InstallTarget, options: InstallOptions = {}): string {
  const urls = installerUrls(target);
  const digests = installerDigestUrls(target);
  const file = "aws-replication-installer-init";
  const curl = "curl --fail --silent --show-error --proto =https --retry 3 --connect-timeout 10";
  const script = [
    "set -euo pipefail",
    'cd "$(mktemp -d)"',
    `${curl} -o ${file} ${urls.linux}`,
    `${curl} -o ${file}.sha512 ${digests.linux}`,
    `expected=$(tr -d "[:space:]" < ${file}.sha512 | tr "[:upper:]" "[:lower:]")`,
    `actual=$(sha512sum ${file} | cut -d " " -f 1)`,
    `if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then echo "SHA-512 mismatch for ${file}: expected $expected, got $actual; not installing" >&2; exit 1; fi`,
    `echo "SHA-512 verified: $actual"`,
    `chmod +x ${file}`,
    `sudo ./${file} ${installerArguments(target, options).join(" ")}`,
  ];
  return `bash -c '${script.join("; ")}'`;
}

/**
 * The PowerShell equivalent for a Windows source server, to paste into an elevated PowerShell (5.1 or later). It runs
 * in its own script block, so it changes nothing in the caller's session.
 */
export function windowsInstallCommand(target: InstallTarget, options: InstallOptions = {}): string {
  const urls = installerUrls(target);
  const digests = installerDigestUrls(target);
  const script = [
    "$ErrorActionPreference = 'Stop'",
    "$ProgressPreference = 'SilentlyContinue'",
    "[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12",
    "$dir = New-Item -ItemType Directory -Path (Join-Path $env:TEMP ('drs-' + [guid]::NewGuid()))",
    "$exe = Join-Path $dir.FullName 'AwsReplicationWindowsInstaller.exe'",
    "$sha = $exe + '.sha512'",
    `Invoke-WebRequest -UseBasicParsing -Uri '${urls.windows}' -OutFile $exe`,
    `Invoke-WebRequest -UseBasicParsing -Uri '${digests.windows}' -OutFile $sha`,
    "$expected = (Get-Content -Raw $sha).Trim().ToLowerInvariant()",
    "$actual = (Get-FileHash -Algorithm SHA512 -Path $exe).Hash.ToLowerInvariant()",
    "if (-not $expected -or $expected -ne $actual) { throw \"SHA-512 mismatch for AwsReplicationWindowsInstaller.exe: expected $expected, got $actual; not installing\" }",
    'Write-Host "SHA-512 verified: $actual"',
    `& $exe ${installerArguments(target, options).join(" ")}`,
  ];
  return `& { ${script.join("; ")} }`;
}

/** An endpoint to probe, with the label printed for it. */
export interface ProbeTarget {
  /** Short label printed on the result line, e.g. `drs`. */
  readonly label: string;
  /** The host name to connect to on TCP 443. */
  readonly host: string;
}

/**
 * The probes for the three interface endpoints. DRS is probed by the name the agent will use: the endpoint's name,
 * or in `private-hosted-zone` mode `drs.<region>.amazonaws.com`. The S3 entry is a wildcard (`*.vpce-...`), which
 * covers names *below* the endpoint name but not the name itself, so the probe uses `bucket.<name>`, the form the
 * download URLs use. With `regionalNames`, DRS's and S3's regional names. EC2 only where a name is given: servers
 * outside AWS never call it.
 */
export function endpointProbes(target: InstallTarget & { ec2EndpointDnsName?: string }): ProbeTarget[] {
  const regional = target.regionalNames === true;
  const drsHost = !regional && (target.drsDnsMode ?? "endpoint-flag") === "endpoint-flag" ? target.drsEndpointDnsName : drsRegionalHostName(target.drRegion);
  return [
    { label: "drs", host: drsHost },
    ...(target.ec2EndpointDnsName !== undefined ? [{ label: "ec2", host: target.ec2EndpointDnsName }] : []),
    { label: "s3", host: regional ? `${installerBucket(target.drRegion)}.s3.${target.drRegion}.amazonaws.com` : `bucket.${target.s3EndpointDnsName}` },
  ];
}

/**
 * The blog's validation step as one bash command for a source server: a TCP connection to port 443 of each
 * endpoint, with a short timeout, one line per endpoint, and a non-zero exit if any failed. It uses bash's
 * `/dev/tcp` and coreutils' `timeout`, nothing else.
 */
export function connectivityCheckCommand(probes: readonly ProbeTarget[]): string {
  if (probes.length === 0) {
    throw new Error("no endpoints to probe");
  }
  const list = probes.map((p) => `${assertLabel(p.label)}=${assertDnsName(p.host)}`).join(" ");
  const script = [
    "failed=0",
    `for target in ${list}`,
    'do name=${target%%=*}; host=${target#*=}',
    `if timeout ${CONNECT_TIMEOUT_SECONDS} bash -c "exec 3<>/dev/tcp/$host/443" 2>/dev/null; then echo "OK   $name $host:443"; else echo "FAIL $name $host:443"; failed=1; fi`,
    "done",
    "exit $failed",
  ];
  return `bash -c '${script.join("; ")}'`;
}

/**
 * The same probes for a Windows source server, in PowerShell: a TCP connection to port 443 of each endpoint with the
 * same timeout, one line per endpoint, and an exception if any failed (`Test-NetConnection` has no timeout).
 */
export function windowsConnectivityCheckCommand(probes: readonly ProbeTarget[]): string {
  if (probes.length === 0) {
    throw new Error("no endpoints to probe");
  }
  const list = probes.map((p) => `@('${assertLabel(p.label)}','${assertDnsName(p.host)}')`).join(", ");
  const script = [
    "$failed = $false",
    `foreach ($probe in @(${list})) { $client = New-Object Net.Sockets.TcpClient; try { $ok = $client.ConnectAsync($probe[1], 443).Wait(${CONNECT_TIMEOUT_SECONDS * 1000}) } catch { $ok = $false } finally { $client.Dispose() }; if ($ok) { Write-Output ('OK   ' + $probe[0] + ' ' + $probe[1] + ':443') } else { Write-Output ('FAIL ' + $probe[0] + ' ' + $probe[1] + ':443'); $failed = $true } }`,
    "if ($failed) { throw 'an endpoint is not reachable on TCP 443' }",
  ];
  return `& { ${script.join("; ")} }`;
}

/**
 * The install command with the connectivity check first, for servers no rollout runs on (a source outside AWS): the
 * installer is not downloaded unless every endpoint answers on TCP 443.
 */
export function checkedLinuxInstallCommand(target: InstallTarget, probes: readonly ProbeTarget[]): string {
  return `${connectivityCheckCommand(probes)} && ${linuxInstallCommand(target)}`;
}

/** The PowerShell equivalent: one script block in which the failed check's exception stops the install. */
export function checkedWindowsInstallCommand(target: InstallTarget, probes: readonly ProbeTarget[]): string {
  return `& { $ErrorActionPreference = 'Stop'; ${windowsConnectivityCheckCommand(probes)}; ${windowsInstallCommand(target)} }`;
}

// Every value spliced into a command is checked here, so no quoting can be broken by an unexpected character.
function assertDnsName(name: string): string {
  if (!/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(name)) {
    throw new Error(`not a DNS name: ${JSON.stringify(name)}`);
  }
  return name;
}

function assertRegion(region: string): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) {
    throw new Error(`not a region: ${JSON.stringify(region)}`);
  }
  return region;
}

function assertAccountId(id: string): string {
  if (!/^\d{12}$/.test(id)) {
    throw new Error(`not an account id: ${JSON.stringify(id)}`);
  }
  return id;
}

function assertLabel(label: string): string {
  if (!/^[a-z0-9-]+$/.test(label)) {
    throw new Error(`not a probe label: ${JSON.stringify(label)}`);
  }
  return label;
}
