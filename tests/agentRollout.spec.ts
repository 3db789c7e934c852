import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  automationDocument,
  automationPolicy,
  automationTrustPolicy,
  commandDocument,
  crossAccountTrustWarning,
  instanceLogsPolicy,
  instanceMarketplacePolicy,
  linuxRolloutScript,
  progressCommands,
  rolloutEndpointServices,
  SERVICE_LINKED_ROLE_WARNING,
  windowsRolloutScript,
} from "../lib/agentRollout";
import {
  connectivityCheckCommand,
  endpointProbes,
  installerDigestUrls,
  installerUrls,
  InstallTarget,
  linuxInstallCommand,
  windowsConnectivityCheckCommand,
  windowsInstallCommand,
} from "../lib/installer";
import { fakeTools, readLines, runShell, sudoArgs } from "./support/fakeShell";

const S3 = "vpce-03e861865ec79195a-st77imi7.s3.eu-west-2.vpce.amazonaws.com";
const DRS = "vpce-0a1b2c3d4e5f60718-abcd1234.drs.eu-west-2.vpce.amazonaws.com";
const EC2 = "vpce-0f1e2d3c4b5a69788-wxyz9876.ec2.eu-west-2.vpce.amazonaws.com";
const VPC = "vpc-0aaaaaaaaaaaaaaaa";
const TARGET: InstallTarget = { drRegion: "eu-west-2", drsEndpointDnsName: DRS, s3EndpointDnsName: S3, drsDnsMode: "private-hosted-zone", accountId: "222222222222" };
const PROBES = endpointProbes({ ...TARGET, ec2EndpointDnsName: EC2 });
const ARGS = { target: TARGET, probes: PROBES, sourceVpcId: VPC };

describe("lib/agentRollout", () => {
  it("puts ssm, ssmmessages, ec2messages (for SSM Agent before 3.3.40.0) and logs in the source VPC, ec2 for Marketplace AMIs, sts for another account", () => {
    const base = { ec2MessagesEndpoint: true, marketplaceAmis: false, otherAccount: false };
    assert.deepEqual(rolloutEndpointServices(base), ["ssm", "ssmmessages", "ec2messages", "logs"]);
    assert.deepEqual(rolloutEndpointServices({ ...base, ec2MessagesEndpoint: false }), ["ssm", "ssmmessages", "logs"]);
    assert.deepEqual(rolloutEndpointServices({ ...base, marketplaceAmis: true }), ["ssm", "ssmmessages", "ec2messages", "logs", "ec2"]);
    assert.deepEqual(rolloutEndpointServices({ ...base, otherAccount: true }), ["ssm", "ssmmessages", "ec2messages", "logs", "sts"]);
  });

  describe("the Command document", () => {
    const document = commandDocument(ARGS) as { schemaVersion: string; mainSteps: { action: string; name: string; precondition: unknown; inputs: { runCommand: string[]; timeoutSeconds: string } }[] };

    it("is schema 2.2 with a Linux and a Windows step, each only on its platform", () => {
      assert.equal(document.schemaVersion, "2.2");
      assert.deepEqual(
        document.mainSteps.map((s) => [s.action, s.name, s.precondition, s.inputs.timeoutSeconds]),
        [
          ["aws:runShellScript", "InstallDrsAgentLinux", { StringEquals: ["platformType", "Linux"] }, "3600"],
          ["aws:runPowerShellScript", "InstallDrsAgentWindows", { StringEquals: ["platformType", "Windows"] }, "3600"],
        ],
      );
    });

    it("runs the very commands the stack outputs give, unattended: no second copy", () => {
      const [linux, windows] = document.mainSteps.map((s) => s.inputs.runCommand);
      assert.deepEqual(linux, linuxRolloutScript(ARGS));
      assert.equal(linux.at(-1), linuxInstallCommand(TARGET, { unattended: true }));
      assert.equal(linux.at(-1), linuxInstallCommand(TARGET).replace(/'$/, " --no-prompt'"));
      assert.ok(linux.at(-2)?.startsWith(`${connectivityCheckCommand(PROBES)} || `));
      assert.ok(windows.includes(windowsInstallCommand(TARGET, { unattended: true })));
      assert.ok(windows.includes(windowsConnectivityCheckCommand(PROBES)));
      assert.match(linux.at(-1) ?? "", /--account-id 222222222222 --s3-endpoint \S+ --no-prompt'$/);
    });

    it("refuses a VPC id that is not one", () => {
      assert.throws(() => linuxRolloutScript({ ...ARGS, sourceVpcId: "vpc-x; rm -rf /" }), /not a VPC id/);
    });
  });

  describe("the Linux step, run by sh against fake tools", () => {
    const installer = "#!/bin/sh\necho fake installer\n";
    const digest = createHash("sha512").update(installer).digest("hex");
    let sandbox: string;
    beforeEach(() => (sandbox = fakeTools()));
    afterEach(() => rmSync(sandbox, { recursive: true, force: true }));
    // aws:runShellScript runs the lines as one shell script; sh (dash here) proves they need nothing bash has.
    const run = (env: Record<string, string>) => runShell(sandbox, linuxRolloutScript(ARGS).join("\n"), { FAKE_INSTALLER: installer, FAKE_DIGEST: digest, FAKE_VPC_ID: VPC, ...env }, "sh");

    it("probes the endpoints, then downloads, verifies and installs unattended", () => {
      const result = run({});
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(
        readLines(join(sandbox, "timeout.log")).map((l) => l.split("/dev/tcp/")[1]),
        PROBES.map((p) => `${p.host}/443`),
      );
      assert.deepEqual(readLines(join(sandbox, "curl.log")).slice(3), [installerUrls(TARGET).linux, installerDigestUrls(TARGET).linux]);
      assert.equal(sudoArgs(sandbox), `./aws-replication-installer-init --region eu-west-2 --account-id 222222222222 --s3-endpoint ${S3} --no-prompt`);
      assert.match(result.stdout, new RegExp(`SHA-512 verified: ${digest}`));
    });

    it("never runs the installer when the digest is wrong", () => {
      const result = run({ FAKE_DIGEST: "f".repeat(128) });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /SHA-512 mismatch for aws-replication-installer-init/);
      assert.equal(sudoArgs(sandbox), undefined);
    });

    it("asks systemd for the agent's service, as the DRS guide does, and leaves a running agent alone, touching nothing", () => {
      const result = run({ FAKE_AGENT_RUNNING: "1" });
      assert.equal(result.status, 0);
      assert.equal(result.stdout, "DRS agent already installed and running on source-server-1: left alone\n");
      assert.deepEqual(readLines(join(sandbox, "systemctl.log")), ["status aws-replication-agent"]);
      assert.deepEqual(readLines(join(sandbox, "pgrep.log")), [], "no process check where systemd answers");
      assert.deepEqual(readLines(join(sandbox, "curl.log")), []);
      assert.equal(sudoArgs(sandbox), undefined);
    });

    it("installs where the agent's service is not running, whatever process runs from the agent's directory", () => {
      // The fake pgrep would find a process; systemd's answer (not running) decides.
      writeFileSync(join(sandbox, "pgrep"), "#!/bin/sh\nexit 0\n");
      const result = run({});
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(readLines(join(sandbox, "systemctl.log")), ["status aws-replication-agent"]);
      assert.match(sudoArgs(sandbox) ?? "", /^\.\/aws-replication-installer-init /);
    });

    describe("on a server without systemd", () => {
      let bare: string;
      beforeEach(() => (bare = fakeTools({ systemd: false })));
      afterEach(() => rmSync(bare, { recursive: true, force: true }));
      // Only the fakes and sh's builtins: no systemctl to find, as on a server without systemd.
      const runBare = (env: Record<string, string>) => runShell(bare, linuxRolloutScript(ARGS).join("\n"), { FAKE_VPC_ID: "vpc-0bbbbbbbbbbbbbbbb", ...env }, "sh", { systemPath: false });

      it("falls back to the agent's process, so a rerun of the schedule does not reinstall a running agent", () => {
        const result = runBare({ FAKE_AGENT_RUNNING: "1" });
        assert.equal(result.status, 0, result.stderr);
        assert.equal(result.stdout, "DRS agent already installed and running on source-server-1: left alone\n");
        assert.deepEqual(readLines(join(bare, "pgrep.log")), ["-f /var/lib/aws-replication-agent/"]);
      });

      it("goes on to the checks when no agent process runs", () => {
        const result = runBare({});
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, /is in vpc-0bbbbbbbbbbbbbbbb, not in the source VPC vpc-0a+: skipped/);
        assert.deepEqual(readLines(join(bare, "pgrep.log")), ["-f /var/lib/aws-replication-agent/"]);
      });
    });

    it("skips a server in another VPC, or one with no metadata service, before any download", () => {
      for (const env of [{ FAKE_VPC_ID: "vpc-0bbbbbbbbbbbbbbbb" }, { FAKE_IMDS_DOWN: "1" }] as Record<string, string>[]) {
        const result = run(env);
        assert.equal(result.status, 0);
        assert.match(result.stdout, new RegExp(`is in (vpc-0bbbbbbbbbbbbbbbb|no VPC this script can read), not in the source VPC ${VPC}: skipped`));
        assert.equal(sudoArgs(sandbox), undefined);
        assert.deepEqual(readLines(join(sandbox, "timeout.log")), []);
        rmSync(join(sandbox, "curl.log"), { force: true });
      }
    });

    it("fails, without downloading, when an endpoint does not connect", () => {
      const result = run({ FAKE_UNREACHABLE: EC2 });
      assert.equal(result.status, 1);
      assert.match(result.stdout, new RegExp(`FAIL ec2 ${EC2}:443`));
      assert.match(result.stderr, /an endpoint is not reachable on TCP 443: not installing/);
      assert.deepEqual(readLines(join(sandbox, "curl.log")).filter((u) => u.startsWith("https://")), []);
    });
  });

  describe("the Windows step (PowerShell, checked for its structure)", () => {
    const lines = windowsRolloutScript(ARGS);

    it("checks for a running agent, then the VPC, then the endpoints, then installs, and fails on the installer's exit code", () => {
      assert.equal(
        lines[1],
        "if ((Get-Service -Name AwsReplicationService -ErrorAction SilentlyContinue).Status -eq 'Running') { Write-Output \"DRS agent already installed and running on $($env:COMPUTERNAME): left alone\"; exit 0 }",
      );
      assert.match(lines[2], /Invoke-RestMethod .*-Method Put -Uri 'http:\/\/169\.254\.169\.254\/latest\/api\/token'/);
      assert.match(lines[3], new RegExp(`if \\(\\$vpc -ne '${VPC}'\\) .*skipped"; exit 0 \\}$`));
      assert.equal(lines[5], windowsConnectivityCheckCommand(PROBES));
      assert.equal(lines[6], windowsInstallCommand(TARGET, { unattended: true }));
      assert.equal(lines[7], "if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }");
    });

    it("has balanced braces and quotes, and no \"$env:NAME:\" (which PowerShell reads as a drive)", () => {
      for (const line of lines) {
        assert.equal((line.match(/\{/g) ?? []).length, (line.match(/\}/g) ?? []).length, line);
        assert.equal((line.match(/'/g) ?? []).length % 2, 0, line);
        assert.doesNotMatch(line, /\$env:\w+:/, line);
      }
    });

    it("probes with a TCP connection and the same timeout as the bash check", () => {
      assert.match(windowsConnectivityCheckCommand(PROBES), /ConnectAsync\(\$probe\[1\], 443\)\.Wait\(5000\)/);
      assert.match(windowsConnectivityCheckCommand(PROBES), new RegExp(`@\\('ec2','${EC2.replace(/\./g, "\\.")}'\\)`));
    });
  });

  it("the runbook runs the document on one instance with its output in the log group, waiting for a late delivery and the whole run", () => {
    assert.deepEqual(automationDocument({ commandDocumentName: "drs-dev-install-drs-agent", logGroupName: "/drs-secured-network/agent-rollout/drs-dev" }), {
      schemaVersion: "0.3",
      description: "Runs the DRS agent install on one managed instance, with its output in CloudWatch Logs.",
      assumeRole: "{{ AutomationAssumeRole }}",
      parameters: {
        InstanceId: { type: "String", description: "The managed instance to install the DRS agent on." },
        AutomationAssumeRole: { type: "String", description: "The role the runbook runs as." },
      },
      mainSteps: [
        {
          name: "InstallDrsAgent",
          action: "aws:runCommand",
          // TimeoutSeconds is aws:runCommand's delivery timeout: the step outlasts 600 s of delivery plus the
          // document's 3600 s of execution, with 300 s to spare.
          timeoutSeconds: 4500,
          inputs: {
            DocumentName: "drs-dev-install-drs-agent",
            InstanceIds: ["{{ InstanceId }}"],
            CloudWatchOutputConfig: { CloudWatchLogGroupName: "/drs-secured-network/agent-rollout/drs-dev", CloudWatchOutputEnabled: true },
            TimeoutSeconds: 600,
          },
          isEnd: true,
        },
      ],
    });
  });

  it("scopes every policy: the servers write only to the log group, the runbook sends only its document, only to tagged instances", () => {
    const group = "arn:aws:logs:eu-west-1:111111111111:log-group:/drs-secured-network/agent-rollout/drs-dev";
    assert.deepEqual(JSON.parse(instanceLogsPolicy("eu-west-1", "111111111111", group)).Statement, [
      { Sid: "WriteRolloutOutput", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [group, `${group}:*`] },
      { Sid: "FindTheLogGroup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "arn:aws:logs:eu-west-1:111111111111:log-group:*" },
    ]);
    const policy = JSON.parse(automationPolicy({ region: "eu-west-1", accountId: "111111111111", commandDocumentName: "drs-dev-install-drs-agent", targetTag: { key: "dr:tier", value: "gold" } }));
    assert.deepEqual(policy.Statement.slice(0, 2), [
      { Sid: "SendTheInstallDocument", Effect: "Allow", Action: "ssm:SendCommand", Resource: "arn:aws:ssm:eu-west-1:111111111111:document/drs-dev-install-drs-agent" },
      {
        Sid: "SendOnlyToTaggedInstances",
        Effect: "Allow",
        Action: "ssm:SendCommand",
        Resource: "arn:aws:ec2:eu-west-1:111111111111:instance/*",
        Condition: { StringEquals: { "ssm:resourceTag/dr:tier": "gold" } },
      },
    ]);
    // No statement sends commands to instances without a condition.
    const toInstances = (policy.Statement as { Action: unknown; Resource: unknown; Condition?: unknown }[]).filter((st) => st.Action === "ssm:SendCommand" && JSON.stringify(st.Resource).includes("instance/"));
    assert.ok(toInstances.every((st) => st.Condition !== undefined));
    assert.deepEqual(JSON.parse(automationTrustPolicy("eu-west-1", "111111111111")).Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": "111111111111" },
      ArnLike: { "aws:SourceArn": "arn:aws:ssm:eu-west-1:111111111111:automation-execution/*" },
    });
    assert.deepEqual(JSON.parse(instanceMarketplacePolicy()).Statement, [{ Sid: "ReadMarketplaceProductCodes", Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" }]);
  });

  it("warns of both accounts' trust for --account-id, with the roles DRS makes in each", () => {
    const warning = crossAccountTrustWarning({ source: "source app", sourceAccount: "111111111111", drAccount: "222222222222", drRegion: "eu-west-2", stsEndpoint: true });
    assert.match(warning, /^agentRollout: the servers of source app \(account 111111111111\) install with --account-id 222222222222, which assumes DRS's cross-account roles through STS \(the rollout's sts endpoint in the source VPC\)\./);
    assert.match(warning, /in 111111111111 add 222222222222 \(it makes DRSCrossAccountAgentAuthorizedRole_222222222222, which the servers' instance profile assumes\)/);
    assert.match(warning, /and in 222222222222 \(eu-west-2\) add 111111111111 \(it makes DRSCrossAccountAgentRole_111111111111\)\.$/);
    assert.match(crossAccountTrustWarning({ source: "source ops", sourceAccount: "111111111111", drAccount: "222222222222", drRegion: "eu-west-2", stsEndpoint: false }), /the adopted VPC's own sts endpoint, which its owner must provide/);
    assert.match(SERVICE_LINKED_ROLE_WARNING, /service-linked role \(AWSServiceRoleForAmazonSSM\).*AssociationDispatchAssumeRole; @pulumi\/aws 7\.48 cannot set that role/);
  });

  it("gives ready commands to watch a rollout", () => {
    assert.equal(
      progressCommands({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", associationId: "a1b2", commandDocumentName: "drs-dev-install-drs-agent", logGroupName: "/drs-secured-network/agent-rollout/drs-dev" }),
      [
        "aws ssm describe-association-executions --region eu-west-1 --association-id a1b2",
        "aws ssm list-command-invocations --region eu-west-1 --filters key=DocumentName,value=drs-dev-install-drs-agent --query 'CommandInvocations[].[InstanceId,Status,RequestedDateTime]' --output table",
        "aws logs tail /drs-secured-network/agent-rollout/drs-dev --region eu-west-1 --since 1d",
        "aws drs describe-source-servers --region eu-west-2 --query 'items[].[sourceServerID,sourceProperties.identificationHints.hostname,dataReplicationInfo.dataReplicationState]' --output table",
      ].join("\n"),
    );
  });
});
