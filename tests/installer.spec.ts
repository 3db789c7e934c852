import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fakeTools, readLines, runShell, sudoArgs } from "./support/fakeShell";
import {
  checkedLinuxInstallCommand,
  checkedWindowsInstallCommand,
  connectivityCheckCommand,
  endpointDnsName,
  endpointProbes,
  hashesBucket,
  installerArguments,
  installerBucket,
  installerDigestUrls,
  installerUrls,
  InstallTarget,
  linuxInstallCommand,
  s3EndpointObjectUrl,
  windowsConnectivityCheckCommand,
  windowsInstallCommand,
} from "../lib/installer";
import { DRS_INSTALLER_REGIONS, INSTALLER_BUCKET_SUFFIXES } from "../lib/regions";

const S3 = "vpce-03e861865ec79195a-st77imi7.s3.eu-west-2.vpce.amazonaws.com";
const DRS = "vpce-0a1b2c3d4e5f60718-abcd1234.drs.eu-west-2.vpce.amazonaws.com";
const EC2 = "vpce-0f1e2d3c4b5a69788-wxyz9876.ec2.eu-west-2.vpce.amazonaws.com";
const TARGET: InstallTarget = { drRegion: "eu-west-2", drsEndpointDnsName: DRS, s3EndpointDnsName: S3 };

describe("lib/installer", () => {
  describe("buckets", () => {
    it("names the installer and hashes buckets of a region without a suffix", () => {
      assert.equal(installerBucket("eu-west-2"), "aws-elastic-disaster-recovery-eu-west-2");
      assert.equal(hashesBucket("eu-west-2"), "aws-elastic-disaster-recovery-hashes-eu-west-2");
    });

    it("adds the suffix to both buckets in the newer regions", () => {
      assert.equal(installerBucket("ca-west-1"), "aws-elastic-disaster-recovery-ca-west-1-2590fa22");
      assert.equal(hashesBucket("ca-west-1"), "aws-elastic-disaster-recovery-hashes-ca-west-1-2590fa22");
      for (const [region, suffix] of Object.entries(INSTALLER_BUCKET_SUFFIXES)) {
        assert.ok(installerBucket(region).endsWith(`-${region}${suffix}`));
        assert.ok(hashesBucket(region).endsWith(`-hashes-${region}${suffix}`));
      }
    });

    it("gives every installer region a valid S3 bucket name (3 to 63 lowercase characters)", () => {
      for (const region of DRS_INSTALLER_REGIONS) {
        for (const bucket of [installerBucket(region), hashesBucket(region)]) {
          assert.match(bucket, /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, bucket);
        }
      }
    });
  });

  describe("URLs", () => {
    it("puts the bucket before the endpoint name with the static keyword bucket (the blog's URL)", () => {
      assert.equal(
        s3EndpointObjectUrl("aws-elastic-disaster-recovery-eu-west-2", S3, "latest/linux/aws-replication-installer-init"),
        "https://aws-elastic-disaster-recovery-eu-west-2.bucket.vpce-03e861865ec79195a-st77imi7.s3.eu-west-2.vpce.amazonaws.com/latest/linux/aws-replication-installer-init",
      );
    });

    it("builds both installer URLs and both digest URLs", () => {
      assert.deepEqual(installerUrls(TARGET), {
        linux: `https://aws-elastic-disaster-recovery-eu-west-2.bucket.${S3}/latest/linux/aws-replication-installer-init`,
        windows: `https://aws-elastic-disaster-recovery-eu-west-2.bucket.${S3}/latest/windows/AwsReplicationWindowsInstaller.exe`,
      });
      assert.deepEqual(installerDigestUrls(TARGET), {
        linux: `https://aws-elastic-disaster-recovery-hashes-eu-west-2.bucket.${S3}/latest/linux/aws-replication-installer-init.sha512`,
        windows: `https://aws-elastic-disaster-recovery-hashes-eu-west-2.bucket.${S3}/latest/windows/AwsReplicationWindowsInstaller.exe.sha512`,
      });
    });

    it("uses the suffixed buckets in a suffixed region", () => {
      const s3 = "vpce-0123456789abcdef0-aaaabbbb.s3.mx-central-1.vpce.amazonaws.com";
      const target = { drRegion: "mx-central-1", drsEndpointDnsName: DRS, s3EndpointDnsName: s3 };
      assert.equal(
        installerUrls(target).linux,
        `https://aws-elastic-disaster-recovery-mx-central-1-1f310737.bucket.${s3}/latest/linux/aws-replication-installer-init`,
      );
      assert.equal(
        installerDigestUrls(target).windows,
        `https://aws-elastic-disaster-recovery-hashes-mx-central-1-1f310737.bucket.${s3}/latest/windows/AwsReplicationWindowsInstaller.exe.sha512`,
      );
    });
  });

  describe("endpointDnsName", () => {
    it("takes the first entry and drops a leading *.", () => {
      assert.equal(endpointDnsName([{ dnsName: `*.${S3}` }, { dnsName: `*.vpce-x-eu-west-2a.s3.eu-west-2.vpce.amazonaws.com` }]), S3);
      assert.equal(endpointDnsName([{ dnsName: DRS }, { dnsName: "drs.eu-west-2.amazonaws.com" }]), DRS);
    });

    it("fails on an endpoint without DNS entries", () => {
      assert.throws(() => endpointDnsName([]), /no DNS entries/);
      assert.throws(() => endpointDnsName(undefined), /no DNS entries/);
    });
  });

  describe("installer arguments", () => {
    it("are exactly --region, --endpoint and --s3-endpoint with bare DNS names, and never a credential", () => {
      assert.deepEqual(installerArguments(TARGET), ["--region", "eu-west-2", "--endpoint", DRS, "--s3-endpoint", S3]);
      for (const command of [linuxInstallCommand(TARGET), windowsInstallCommand(TARGET)]) {
        assert.doesNotMatch(command, /--aws-access-key-id|--aws-secret-access-key|--aws-session-token|AKIA/);
      }
    });

    it("refuse a value that could break out of the command's quoting", () => {
      assert.throws(() => linuxInstallCommand({ ...TARGET, drsEndpointDnsName: "x.example.com'; rm -rf /; '" }), /not a DNS name/);
      assert.throws(() => linuxInstallCommand({ ...TARGET, s3EndpointDnsName: "*.vpce-x.s3.eu-west-2.vpce.amazonaws.com" }), /not a DNS name/);
      assert.throws(() => windowsInstallCommand({ ...TARGET, drRegion: "eu-west-2 --no-prompt" }), /not a region/);
      assert.throws(() => connectivityCheckCommand([{ label: "drs", host: "$(reboot)" }]), /not a DNS name/);
    });
  });

  describe("source servers in another account", () => {
    it("adds --account-id with the DR account, after --region", () => {
      const other: InstallTarget = { ...TARGET, accountId: "222222222222" };
      assert.deepEqual(installerArguments(other), ["--region", "eu-west-2", "--account-id", "222222222222", "--endpoint", DRS, "--s3-endpoint", S3]);
      assert.ok(linuxInstallCommand(other).endsWith(`--region eu-west-2 --account-id 222222222222 --endpoint ${DRS} --s3-endpoint ${S3}'`));
      assert.throws(() => linuxInstallCommand({ ...TARGET, accountId: "2222; reboot" }), /not an account id/);
    });
  });

  describe("private-hosted-zone mode", () => {
    const zoned: InstallTarget = { ...TARGET, drsDnsMode: "private-hosted-zone" };

    it("leaves out --endpoint, so the agent uses DRS's own name and failback works", () => {
      assert.deepEqual(installerArguments(zoned), ["--region", "eu-west-2", "--s3-endpoint", S3]);
      assert.ok(linuxInstallCommand(zoned).endsWith(`sudo ./aws-replication-installer-init --region eu-west-2 --s3-endpoint ${S3}'`));
      assert.ok(windowsInstallCommand(zoned).endsWith(`& $exe --region eu-west-2 --s3-endpoint ${S3} }`));
      assert.doesNotMatch(linuxInstallCommand(zoned), /--endpoint /);
    });

    it("still downloads through the S3 interface endpoint", () => {
      assert.ok(linuxInstallCommand(zoned).includes(installerUrls(zoned).linux));
      assert.ok(windowsInstallCommand(zoned).includes(installerDigestUrls(zoned).windows));
    });

    it("probes drs.<region>.amazonaws.com, the name the agent will use", () => {
      assert.deepEqual(endpointProbes({ ...zoned, ec2EndpointDnsName: EC2 })[0], { label: "drs", host: "drs.eu-west-2.amazonaws.com" });
    });
  });

  describe("linuxInstallCommand", () => {
    it("is this exact command", () => {
      assert.equal(
        linuxInstallCommand(TARGET),
        "bash -c 'set -euo pipefail; " +
          'cd "$(mktemp -d)"; ' +
          `curl --fail --silent --show-error --proto =https --retry 3 --connect-timeout 10 -o aws-replication-installer-init https://aws-elastic-disaster-recovery-eu-west-2.bucket.${S3}/latest/linux/aws-replication-installer-init; ` +
          `curl --fail --silent --show-error --proto =https --retry 3 --connect-timeout 10 -o aws-replication-installer-init.sha512 https://aws-elastic-disaster-recovery-hashes-eu-west-2.bucket.${S3}/latest/linux/aws-replication-installer-init.sha512; ` +
          'expected=$(tr -d "[:space:]" < aws-replication-installer-init.sha512 | tr "[:upper:]" "[:lower:]"); ' +
          'actual=$(sha512sum aws-replication-installer-init | cut -d " " -f 1); ' +
          'if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then echo "SHA-512 mismatch for aws-replication-installer-init: expected $expected, got $actual; not installing" >&2; exit 1; fi; ' +
          'echo "SHA-512 verified: $actual"; ' +
          "chmod +x aws-replication-installer-init; " +
          `sudo ./aws-replication-installer-init --region eu-west-2 --endpoint ${DRS} --s3-endpoint ${S3}'`,
      );
    });

    describe("run in bash against a fake curl and sudo", () => {
      const installer = "#!/bin/sh\necho fake installer\n";
      const digest = createHash("sha512").update(installer).digest("hex");
      let sandbox: string;
      beforeEach(() => (sandbox = fakeTools()));
      afterEach(() => rmSync(sandbox, { recursive: true, force: true }));

      it("installs when the digest matches, whatever its case and trailing newline", () => {
        const run = runLinux(sandbox, { installer, digest: `${digest.toUpperCase()}\n` });
        assert.equal(run.status, 0, run.stderr);
        assert.deepEqual(run.curlUrls, [installerUrls(TARGET).linux, installerDigestUrls(TARGET).linux]);
        assert.equal(run.sudoArgs, `./aws-replication-installer-init --region eu-west-2 --endpoint ${DRS} --s3-endpoint ${S3}`);
        assert.match(run.stdout, new RegExp(`SHA-512 verified: ${digest}`));
      });

      it("does not install when the digest differs", () => {
        const run = runLinux(sandbox, { installer, digest: "0".repeat(128) });
        assert.equal(run.status, 1);
        assert.match(run.stderr, /SHA-512 mismatch for aws-replication-installer-init/);
        assert.equal(run.sudoArgs, undefined);
      });

      it("does not install when the digest file is empty", () => {
        const run = runLinux(sandbox, { installer, digest: "" });
        assert.equal(run.status, 1);
        assert.equal(run.sudoArgs, undefined);
      });

      it("stops at a failed download", () => {
        const run = runLinux(sandbox, { installer, digest, failUrl: installerUrls(TARGET).linux });
        assert.notEqual(run.status, 0);
        assert.deepEqual(run.curlUrls, [installerUrls(TARGET).linux]);
        assert.equal(run.sudoArgs, undefined);
      });
    });
  });

  describe("windowsInstallCommand", () => {
    it("is this exact PowerShell script block", () => {
      assert.equal(
        windowsInstallCommand(TARGET),
        "& { $ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'; " +
          "[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12; " +
          "$dir = New-Item -ItemType Directory -Path (Join-Path $env:TEMP ('drs-' + [guid]::NewGuid())); " +
          "$exe = Join-Path $dir.FullName 'AwsReplicationWindowsInstaller.exe'; " +
          "$sha = $exe + '.sha512'; " +
          `Invoke-WebRequest -UseBasicParsing -Uri 'https://aws-elastic-disaster-recovery-eu-west-2.bucket.${S3}/latest/windows/AwsReplicationWindowsInstaller.exe' -OutFile $exe; ` +
          `Invoke-WebRequest -UseBasicParsing -Uri 'https://aws-elastic-disaster-recovery-hashes-eu-west-2.bucket.${S3}/latest/windows/AwsReplicationWindowsInstaller.exe.sha512' -OutFile $sha; ` +
          "$expected = (Get-Content -Raw $sha).Trim().ToLowerInvariant(); " +
          "$actual = (Get-FileHash -Algorithm SHA512 -Path $exe).Hash.ToLowerInvariant(); " +
          'if (-not $expected -or $expected -ne $actual) { throw "SHA-512 mismatch for AwsReplicationWindowsInstaller.exe: expected $expected, got $actual; not installing" }; ' +
          'Write-Host "SHA-512 verified: $actual"; ' +
          `& $exe --region eu-west-2 --endpoint ${DRS} --s3-endpoint ${S3} }`,
      );
    });
  });

  describe("connectivityCheckCommand", () => {
    const probes = endpointProbes({ ...TARGET, ec2EndpointDnsName: EC2 });

    it("probes the DRS and EC2 names and bucket.<S3 name>, since the S3 entry is a wildcard", () => {
      assert.deepEqual(probes, [
        { label: "drs", host: DRS },
        { label: "ec2", host: EC2 },
        { label: "s3", host: `bucket.${S3}` },
      ]);
    });

    it("is this exact command", () => {
      assert.equal(
        connectivityCheckCommand(probes),
        `bash -c 'failed=0; for target in drs=${DRS} ec2=${EC2} s3=bucket.${S3}; ` +
          "do name=${target%%=*}; host=${target#*=}; " +
          'if timeout 5 bash -c "exec 3<>/dev/tcp/$host/443" 2>/dev/null; then echo "OK   $name $host:443"; else echo "FAIL $name $host:443"; failed=1; fi; ' +
          "done; exit $failed'",
      );
    });

    describe("run in bash against a fake timeout", () => {
      let sandbox: string;
      beforeEach(() => (sandbox = fakeTools()));
      afterEach(() => rmSync(sandbox, { recursive: true, force: true }));

      it("prints OK for each endpoint and exits 0 when all connect", () => {
        const run = runShell(sandbox, connectivityCheckCommand(probes), {});
        assert.equal(run.status, 0);
        assert.equal(run.stdout, `OK   drs ${DRS}:443\nOK   ec2 ${EC2}:443\nOK   s3 bucket.${S3}:443\n`);
        assert.deepEqual(readLines(join(sandbox, "timeout.log")), [
          `5 bash -c exec 3<>/dev/tcp/${DRS}/443`,
          `5 bash -c exec 3<>/dev/tcp/${EC2}/443`,
          `5 bash -c exec 3<>/dev/tcp/bucket.${S3}/443`,
        ]);
      });

      it("prints FAIL for an endpoint that does not connect, checks the rest, and exits 1", () => {
        const run = runShell(sandbox, connectivityCheckCommand(probes), { FAKE_UNREACHABLE: EC2 });
        assert.equal(run.status, 1);
        assert.equal(run.stdout, `OK   drs ${DRS}:443\nFAIL ec2 ${EC2}:443\nOK   s3 bucket.${S3}:443\n`);
      });
    });
  });
});

describe("lib/installer for servers outside AWS", () => {
  const external: InstallTarget = { ...TARGET, drsDnsMode: "endpoint-flag" };
  const resolver: InstallTarget = { ...external, regionalNames: true };
  const installer = "#!/bin/sh\necho fake installer\n";
  const digest = createHash("sha512").update(installer).digest("hex");
  let sandbox: string;
  beforeEach(() => (sandbox = fakeTools()));
  afterEach(() => rmSync(sandbox, { recursive: true, force: true }));

  it("probes DRS and S3 only: servers outside AWS never call EC2", () => {
    assert.deepEqual(endpointProbes(external), [
      { label: "drs", host: DRS },
      { label: "s3", host: `bucket.${S3}` },
    ]);
  });

  it("with the resolver, uses AWS's own names: no endpoint flag, S3's regional URLs, the regional names probed", () => {
    assert.deepEqual(installerArguments(resolver), ["--region", "eu-west-2"]);
    assert.deepEqual(installerArguments({ ...resolver, accountId: "111111111111" }, { unattended: true }), ["--region", "eu-west-2", "--account-id", "111111111111", "--no-prompt"]);
    assert.deepEqual(installerUrls(resolver), {
      linux: "https://aws-elastic-disaster-recovery-eu-west-2.s3.eu-west-2.amazonaws.com/latest/linux/aws-replication-installer-init",
      windows: "https://aws-elastic-disaster-recovery-eu-west-2.s3.eu-west-2.amazonaws.com/latest/windows/AwsReplicationWindowsInstaller.exe",
    });
    assert.equal(installerDigestUrls(resolver).linux, "https://aws-elastic-disaster-recovery-hashes-eu-west-2.s3.eu-west-2.amazonaws.com/latest/linux/aws-replication-installer-init.sha512");
    assert.deepEqual(endpointProbes(resolver), [
      { label: "drs", host: "drs.eu-west-2.amazonaws.com" },
      { label: "s3", host: "aws-elastic-disaster-recovery-eu-west-2.s3.eu-west-2.amazonaws.com" },
    ]);
  });

  for (const shell of ["bash", "sh"]) {
    it(`run by ${shell}: checks the endpoints, then downloads, verifies and installs by AWS's names`, () => {
      const command = checkedLinuxInstallCommand(resolver, endpointProbes(resolver));
      const run = runShell(sandbox, command, { FAKE_INSTALLER: installer, FAKE_DIGEST: digest }, shell);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout.split("\n")[0], "OK   drs drs.eu-west-2.amazonaws.com:443");
      assert.deepEqual(readLines(join(sandbox, "curl.log")), [installerUrls(resolver).linux, installerDigestUrls(resolver).linux]);
      assert.equal(sudoArgs(sandbox), "./aws-replication-installer-init --region eu-west-2");
    });

    it(`run by ${shell}: downloads nothing and installs nothing when an endpoint does not answer`, () => {
      const command = checkedLinuxInstallCommand(external, endpointProbes(external));
      const run = runShell(sandbox, command, { FAKE_INSTALLER: installer, FAKE_DIGEST: digest, FAKE_UNREACHABLE: `bucket.${S3}` }, shell);
      assert.equal(run.status, 1);
      assert.equal(run.stdout, `OK   drs ${DRS}:443\nFAIL s3 bucket.${S3}:443\n`);
      assert.deepEqual(readLines(join(sandbox, "curl.log")), []);
      assert.equal(sudoArgs(sandbox), undefined);
    });
  }

  it("in PowerShell, runs the check and the install in one script block, so the check's exception stops the install", () => {
    const probes = endpointProbes(external);
    assert.equal(checkedWindowsInstallCommand(external, probes), `& { $ErrorActionPreference = 'Stop'; ${windowsConnectivityCheckCommand(probes)}; ${windowsInstallCommand(external)} }`);
    assert.match(windowsConnectivityCheckCommand(probes), /if \(\$failed\) \{ throw 'an endpoint is not reachable on TCP 443' \} \}$/);
  });
});

function runLinux(sandbox: string, fake: { installer: string; digest: string; failUrl?: string }) {
  const run = runShell(sandbox, linuxInstallCommand(TARGET), {
    FAKE_INSTALLER: fake.installer,
    FAKE_DIGEST: fake.digest,
    FAKE_FAIL_URL: fake.failUrl ?? "",
  });
  return { ...run, curlUrls: readLines(join(sandbox, "curl.log")), sudoArgs: sudoArgs(sandbox) };
}
