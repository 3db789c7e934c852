import * as assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HELP, LAUNCH_PERMISSIONS, LaunchSettingsEnvironment, LaunchSettingsReport, main, parseArgs, USAGE } from "../launch/cli";
import { VERSION_DESCRIPTION } from "../lib/launchSettings";
import { sdkClients } from "../live/read";
import { OutputsError } from "../live/scope";
import { FakeAws, fakeAws } from "./support/fakeAws";
import { DeployedStack, deployedOnce, editedCapture, LAUNCH_SERVERS, launchServers, withLaunch } from "./support/liveFixture";

const ROOT = join(__dirname, "..");
const DR = "eu-west-2";
const WRITES = ["UpdateLaunchConfiguration", "CreateLaunchTemplateVersion", "ModifyLaunchTemplate"];

/** Run the command; its exit status and what it printed. */
async function run(argv: string[], env: Partial<LaunchSettingsEnvironment> = {}, root = ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const full: LaunchSettingsEnvironment = {
    stackOutputs: () => Promise.reject(new Error("no Pulumi CLI in this test")),
    clients: () => {
      throw new Error("this run must not call AWS");
    },
    ...env,
  };
  const code = await main(argv, (t) => (out += t), (t) => (err += t), root, full);
  return { code, out, err };
}

describe("launch/cli (npm run launch-settings)", () => {
  let d: DeployedStack;
  let dir: string;
  let outputsFile: string;
  let subnets: string[];
  let group: string;
  let staging: string[];
  before(async () => {
    d = await deployedOnce("dev-drs");
    dir = mkdtempSync(join(tmpdir(), "launch-settings-"));
    outputsFile = join(dir, "outputs.json");
    writeFileSync(outputsFile, JSON.stringify(d.outputs));
    subnets = d.outputs.recoverySubnetIds as string[];
    group = String(d.outputs.recoverySecurityGroupId);
    staging = d.outputs.stagingSubnetIds as string[];
  });
  const awsFor = (aws: FakeAws): Partial<LaunchSettingsEnvironment> => ({ clients: (region, auth) => aws.clientsFor(region, auth) });
  const servers = () => fakeAws(withLaunch(d.capture, DR, launchServers(d)), 2);
  const writes = (aws: FakeAws) => aws.calls.filter((c) => WRITES.includes(c.operation)).map((c) => ({ operation: c.operation, input: c.input }));
  const { right, drifted, public: exposed } = LAUNCH_SERVERS;

  describe("arguments", () => {
    for (const [argv, message] of [
      [[], "give --stack <name>"],
      [["--stack", "dev-drs", "--stack", "dev"], "--stack is given twice"],
      [["--stack", "dev-drs", "--apply", "--apply"], "--apply is given twice"],
      [["--stack", "dev-drs", "--region", "eu-west-1"], "unknown argument --region"],
      [["--stack", "dev-drs", "--outputs"], "--outputs needs a value"],
      [["--stack", "../etc"], "not a stack name: ../etc"],
    ] as const) {
      it(`refuses ${argv.join(" ") || "no arguments"} (exit 2)`, async () => {
        assert.throws(() => parseArgs(argv), new Error(message));
        const { code, err } = await run([...argv]);
        assert.equal(code, 2);
        assert.equal(err, `${message}\n${USAGE}\n`);
      });
    }
    it("--help prints every flag and the exit statuses (exit 0)", async () => {
      const { code, out } = await run(["--help"]);
      assert.equal(code, 0);
      assert.equal(out, HELP);
      for (const flag of ["--stack", "--apply", "--outputs", "--json"]) assert.ok(HELP.includes(`  ${flag} `), flag);
      assert.deepEqual(parseArgs(["--stack", "dev-drs", "--apply", "--outputs", "o.json", "--json", "r.json"]), { stack: "dev-drs", apply: true, outputsFile: "o.json", jsonFile: "r.json" });
    });
  });

  it("a stack without recovery, an unknown stack, or outputs without the recovery side: exit 2, one line, no AWS call", async () => {
    const dev = await run(["--stack", "dev", "--outputs", outputsFile]);
    assert.equal(dev.code, 2);
    assert.equal(dev.err, "the stack dev does not enable recovery (recovery.enabled in Pulumi.dev.yaml): there is no recovery network for source servers to launch into\n");
    const none = await run(["--stack", "nope", "--outputs", outputsFile]);
    assert.equal(none.code, 2);
    assert.match(none.err, /^there is no stack "nope" here \(no Pulumi\.nope\.yaml\); the stacks are: /);
    const devOutputs = join(dir, "dev-outputs.json");
    writeFileSync(devOutputs, JSON.stringify((await deployedOnce("dev")).outputs));
    const bare = await run(["--stack", "dev-drs", "--outputs", devOutputs]);
    assert.equal(bare.code, 2);
    assert.equal(bare.err, "the stack output recoverySubnetIds is missing; is the stack deployed with recovery.enabled (pulumi up)?\n");
    const noCli = await run(["--stack", "dev-drs"], { stackOutputs: () => Promise.reject(new OutputsError("the Pulumi CLI is not installed")) });
    assert.equal(noCli.code, 2);
    assert.equal(noCli.err, "the Pulumi CLI is not installed\n");
  });

  it("without --apply: reads every server (two pages), one line each, exit 1; only reads, as the DR side in the DR region", async () => {
    const aws = servers();
    const { code, out, err } = await run(["--stack", "dev-drs", "--outputs", outputsFile], awsFor(aws));
    assert.equal(err, "");
    assert.equal(code, 1);
    assert.deepEqual(out.split("\n"), [
      `OK web-01 (${right.id}): launches into ${subnets[1]} with ${group}, no public IP, IMDSv2 required`,
      `DIFFERS db-01 (${drifted.id}): launches into ${staging[0]} with sg-0000000000000000e, no public IP, IMDSv1 allowed; differs: launchDisposition STOPPED -> STARTED, ` +
        `NetworkInterfaces[0].SubnetId ${staging[0]} -> ${subnets[0]}, NetworkInterfaces[0].Groups sg-0000000000000000e -> ${group}, MetadataOptions.HttpTokens optional -> required`,
      `DIFFERS ${exposed.id}: launches into ${subnets[0]} with ${group}, a public IP, IMDSv2 required; differs: NetworkInterfaces[0].AssociatePublicIpAddress true -> false`,
      `3 source servers in eu-west-2 (recovery subnets ${subnets.join(", ")}, group ${group}): 1 right, 2 differ (--apply makes them right)`,
      "",
    ]);
    assert.deepEqual(aws.calls.filter((c) => c.operation === "DescribeSourceServers").map((c) => c.input), [{ filters: {} }, { filters: {}, nextToken: "2" }]);
    assert.deepEqual(writes(aws), []);
    assert.deepEqual([...new Set(aws.calls.map((c) => `${c.region} ${c.auth.profile ?? c.auth.assumeRoleArn ?? "ambient"}`))], ["eu-west-2 ambient"]);
    assert.deepEqual([...new Set(aws.calls.map((c) => c.operation))].sort(), LAUNCH_PERMISSIONS.read.map((p) => p.split(":")[1]).sort());
    assert.deepEqual(
      aws.calls.filter((c) => c.operation === "DescribeLaunchTemplateVersions").map((c) => c.input),
      [right.template, drifted.template, exposed.template].map((LaunchTemplateId) => ({ LaunchTemplateId, Versions: ["$Default"] })),
    );
  });

  it("--apply: the exact calls for the drifted and the public server, none for the right one; exit 0; a second run makes no call (idempotent)", async () => {
    const aws = servers();
    const jsonFile = join(dir, "apply.json");
    const first = await run(["--stack", "dev-drs", "--outputs", outputsFile, "--apply", "--json", jsonFile], awsFor(aws));
    assert.equal(first.err, "");
    assert.equal(first.code, 0, first.out);
    const made = writes(aws);
    const token = (i: number) => (made[i]?.input as { ClientToken?: string }).ClientToken;
    assert.deepEqual(made, [
      { operation: "UpdateLaunchConfiguration", input: { sourceServerID: drifted.id, launchDisposition: "STARTED" } },
      {
        operation: "CreateLaunchTemplateVersion",
        input: {
          LaunchTemplateId: drifted.template,
          SourceVersion: "1",
          VersionDescription: VERSION_DESCRIPTION,
          LaunchTemplateData: {
            NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnets[0], Groups: [group], AssociatePublicIpAddress: false, DeleteOnTermination: true }],
            MetadataOptions: { HttpTokens: "required", HttpPutResponseHopLimit: 2, HttpEndpoint: "enabled" },
          },
          ClientToken: token(1),
        },
      },
      { operation: "ModifyLaunchTemplate", input: { LaunchTemplateId: drifted.template, DefaultVersion: "2" } },
      {
        operation: "CreateLaunchTemplateVersion",
        input: {
          LaunchTemplateId: exposed.template,
          SourceVersion: "1",
          VersionDescription: VERSION_DESCRIPTION,
          LaunchTemplateData: {
            NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnets[0], Groups: [group], AssociatePublicIpAddress: false, DeleteOnTermination: true }],
            MetadataOptions: { HttpTokens: "required", HttpPutResponseHopLimit: 1, HttpEndpoint: "enabled" },
          },
          ClientToken: token(3),
        },
      },
      { operation: "ModifyLaunchTemplate", input: { LaunchTemplateId: exposed.template, DefaultVersion: "2" } },
    ]);
    assert.match(String(token(1)), /^drs-launch-settings-[0-9a-f]{40}$/);
    assert.deepEqual(first.out.split("\n"), [
      `OK web-01 (${right.id}): launches into ${subnets[1]} with ${group}, no public IP, IMDSv2 required`,
      `FIXED db-01 (${drifted.id}): launches into ${subnets[0]} with ${group}, no public IP, IMDSv2 required; made: UpdateLaunchConfiguration (launchDisposition), ` +
        `CreateLaunchTemplateVersion ${drifted.template} version 2 from 1, ModifyLaunchTemplate default 2`,
      `FIXED ${exposed.id}: launches into ${subnets[0]} with ${group}, no public IP, IMDSv2 required; made: CreateLaunchTemplateVersion ${exposed.template} version 2 from 1, ModifyLaunchTemplate default 2`,
      `3 source servers in eu-west-2 (recovery subnets ${subnets.join(", ")}, group ${group}): 1 right, 2 made right`,
      "",
    ]);
    // The template keeps its tags and every field the version does not name (the fake merges as EC2 does).
    const state = aws.launchState(DR);
    assert.equal(state.GetLaunchConfiguration[drifted.id].launchDisposition, "STARTED");
    const v2 = state.templates[drifted.template].find((v) => v.DefaultVersion);
    assert.equal(v2?.VersionNumber, 2);
    assert.equal(v2?.LaunchTemplateData?.InstanceType, "t3.medium");
    const report = JSON.parse(readFileSync(jsonFile, "utf8")) as LaunchSettingsReport;
    assert.deepEqual(report.servers.map((s) => s.status), ["right", "made-right", "made-right"]);
    assert.equal(report.passed, true);
    assert.equal(report.applied, true);

    const callsBefore = aws.calls.length;
    const second = await run(["--stack", "dev-drs", "--outputs", outputsFile, "--apply"], awsFor(aws));
    assert.equal(second.code, 0);
    assert.deepEqual(writes(aws).length, made.length, "the second run makes no call");
    assert.ok(aws.calls.length > callsBefore, "it read again");
    assert.deepEqual(second.out.split("\n").map((l) => l.split(" ")[0]), ["OK", "OK", "OK", "3", ""]);
    const check = await run(["--stack", "dev-drs", "--outputs", outputsFile], awsFor(aws));
    assert.equal(check.code, 0);
  });

  it("a change AWS refuses: that server FAILED with the IAM action, the others still made right, exit 1", async () => {
    const aws = servers();
    aws.refuse("CreateLaunchTemplateVersion", Object.assign(new Error("You are not authorized to perform this operation."), { name: "UnauthorizedOperation" }));
    const { code, out } = await run(["--stack", "dev-drs", "--outputs", outputsFile, "--apply"], awsFor(aws));
    assert.equal(code, 1);
    const lines = out.split("\n");
    assert.equal(
      lines[1],
      `FAILED db-01 (${drifted.id}): launches into ${staging[0]} with sg-0000000000000000e, no public IP, IMDSv1 allowed; made: UpdateLaunchConfiguration (launchDisposition); ` +
        "ec2:CreateLaunchTemplateVersion in eu-west-2 as the DR side was refused: UnauthorizedOperation: You are not authorized to perform this operation.",
    );
    assert.match(lines[3], /: 1 right, 0 made right, 2 failed$/);
  });

  it("AWS that cannot be read: exit 3, the IAM action named; DRS not initialized: no server, exit 0", async () => {
    const aws = servers();
    aws.refuse("DescribeSourceServers", Object.assign(new Error("User is not authorized to perform: drs:DescribeSourceServers"), { name: "AccessDeniedException" }));
    const refused = await run(["--stack", "dev-drs", "--outputs", outputsFile], awsFor(aws));
    assert.equal(refused.code, 3);
    assert.equal(
      refused.err,
      "drs:DescribeSourceServers in eu-west-2 as the DR side was refused: AccessDeniedException: User is not authorized to perform: drs:DescribeSourceServers\n" +
        "launch-settings needs the read actions of docs/launch-settings.md's IAM policy (and its write actions for --apply).\n",
    );
    const broken = servers();
    broken.refuse("GetLaunchConfiguration", Object.assign(new Error("Internal"), { name: "InternalServerException" }));
    const fault = await run(["--stack", "dev-drs", "--outputs", outputsFile], awsFor(broken));
    assert.equal(fault.code, 3);
    assert.equal(fault.err, "could not read the source servers in eu-west-2 as the DR side: InternalServerException: Internal\n");
    const fresh = fakeAws(d.capture);
    fresh.refuse("DescribeSourceServers", Object.assign(new Error("Account not initialized"), { name: "UninitializedAccountException" }));
    const empty = await run(["--stack", "dev-drs", "--outputs", outputsFile], awsFor(fresh));
    assert.equal(empty.code, 0);
    assert.equal(empty.out, `no source server is registered in eu-west-2 (recovery subnets ${subnets.join(", ")}, group ${group}): new ones get the stack's launch settings, nothing to do\n`);
  });

  it("with copyPrivateIp: reads the recovery subnets' blocks, moves a server into the one holding its IP, and one no subnet holds is BLOCKED", async () => {
    // The rules want a recovery VPC holding the source's block with copyPrivateIp: the same block, and its subnets read so.
    const root = mkdtempSync(join(tmpdir(), "launch-settings-root-"));
    copyFileSync(join(ROOT, "Pulumi.yaml"), join(root, "Pulumi.yaml"));
    const stackFile = readFileSync(join(ROOT, "Pulumi.dev-drs.yaml"), "utf8").replace("    vpcCidr: 10.2.0.0/16\n", "    vpcCidr: 10.1.0.0/16\n    launch:\n      copyPrivateIp: true\n");
    writeFileSync(join(root, "Pulumi.dev-drs.yaml"), stackFile);
    const launch = launchServers(d);
    const ips = ["10.1.1.10", "10.1.0.20", "10.9.0.30"];
    for (const [i, item] of (launch.DescribeSourceServers?.items ?? []).entries()) item.sourceProperties = { ...item.sourceProperties, networkInterfaces: [{ ips: [ips[i]], isPrimary: true }] };
    for (const c of Object.values(launch.GetLaunchConfiguration ?? {})) (c as { copyPrivateIp?: boolean }).copyPrivateIp = true;
    const capture = editedCapture(withLaunch(d.capture, DR, launch), (regions) => {
      for (const s of regions[DR].DescribeSubnets?.Subnets ?? []) if (subnets.includes(String(s.SubnetId))) s.CidrBlock = s.SubnetId === subnets[0] ? "10.1.0.0/24" : "10.1.1.0/24";
    });
    const aws = fakeAws(capture, 2);
    const { code, out, err } = await run(["--stack", "dev-drs", "--outputs", outputsFile, "--apply"], awsFor(aws), root);
    assert.equal(code, 1, err);
    assert.deepEqual(aws.calls.filter((c) => c.operation === "DescribeSubnets").map((c) => c.input.Filters), [[{ Name: "subnet-id", Values: subnets }]]);
    const lines = out.split("\n");
    assert.equal(lines[0], `OK web-01 (${right.id}): launches into ${subnets[1]} with ${group}, no public IP, IMDSv2 required`);
    assert.match(lines[1], new RegExp(`^FIXED db-01 \\(${drifted.id}\\): launches into ${subnets[0]} with ${group}, no public IP, IMDSv2 required; made: `));
    // What the calls can make right they do (the public IP goes); what they cannot is said, and fails the run.
    assert.equal(
      lines[2],
      `BLOCKED ${exposed.id}: launches into ${subnets[0]} with ${group}, no public IP, IMDSv2 required; made: CreateLaunchTemplateVersion ${exposed.template} version 2 from 1, ModifyLaunchTemplate default 2; ` +
        `copyPrivateIp is on, but no recovery subnet holds its private IP 10.9.0.30 (${subnets[0]} 10.1.0.0/24, ${subnets[1]} 10.1.1.0/24): turn copyPrivateIp off or give the recovery VPC a subnet that holds it`,
    );
  });

  it("honours AWS_ENDPOINT_URL with real SDK clients: an endpoint that does not answer is exit 3, named as unreachable", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const keys = ["AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "AWS_EC2_METADATA_DISABLED", "AWS_MAX_ATTEMPTS"] as const;
    const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
    Object.assign(process.env, { AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "example", AWS_EC2_METADATA_DISABLED: "true", AWS_MAX_ATTEMPTS: "1" });
    delete process.env.AWS_PROFILE;
    try {
      const { code, err } = await run(["--stack", "dev-drs", "--outputs", outputsFile], { clients: sdkClients });
      assert.equal(code, 3, err);
      assert.match(err, /^drs:DescribeSourceServers in eu-west-2 as the DR side could not reach AWS: .*ECONNREFUSED/);
      assert.ok(err.includes(`127.0.0.1:${port}`), err);
      assert.ok(!err.includes("example"), "no secret printed");
    } finally {
      for (const k of keys) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });

  it("docs/launch-settings.md's IAM policy lists exactly the actions it calls", () => {
    const doc = readFileSync(join(ROOT, "docs", "launch-settings.md"), "utf8");
    const section = doc.slice(doc.indexOf("## IAM permissions"));
    const json = section.slice(section.indexOf("```json\n") + 8, section.indexOf("\n```", section.indexOf("```json\n")));
    const policy = JSON.parse(json) as { Statement: { Sid: string; Action: string[] }[] };
    assert.deepEqual(Object.fromEntries(policy.Statement.map((s) => [s.Sid, s.Action])), {
      LaunchSettingsRead: [...LAUNCH_PERMISSIONS.read, ...LAUNCH_PERMISSIONS.copyPrivateIp],
      LaunchSettingsApply: [...LAUNCH_PERMISSIONS.apply],
    });
  });
});
