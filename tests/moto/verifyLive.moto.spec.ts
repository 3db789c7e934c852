/**
 * `npm run test:live`: verify-live and the DRS initialization's lookups against moto, an AWS stand-in that speaks the
 * real wire protocols, instead of aws-sdk-client-mock. The dev-drs stack's synth is deployed into moto by SDK calls
 * (deployToMoto.ts), read back by verify-live's own reader with the real SDK clients (AWS_ENDPOINT_URL), and judged;
 * then broken the way an operator might break it. DRS, which moto lacks, goes to a restJson1 stand-in
 * (AWS_ENDPOINT_URL_DRS). Skipped, with the reason, where `python3 -m moto.server` is not installed.
 *
 * What moto does not model, and where these tests rely on it (moto 5.2.1):
 * - quotas: only the 60 rules per security group are enforced; nothing here tests a quota (lib/quotas.ts does, on
 *   AWS's documented values);
 * - ModifyVpcEndpoint takes no PrivateDnsEnabled (moto's modify_vpc_endpoint ignores it), so the private-DNS variants
 *   are tested on fixtures only (tests/verifierAws.spec.ts);
 * - a flow log's group is checked by LogGroupName only, and interface endpoints' DNS names are moto's own format
 *   (deployToMoto.ts);
 * - Route 53: moto answers GetHostedZone for a deleted zone with NoSuchHostedZone, the code AWS documents
 *   (https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetHostedZone.html); other error shapes are not
 *   relied on; its zone ids are random letters and digits, without the Z AWS's start with (the drift knows a zone id
 *   by its output's name, so it does not rely on the Z);
 * - IAM enforces no policy (no refusal can be had), and Reachability Analyzer is not modelled: neither is tested here.
 */
import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  CreateEgressOnlyInternetGatewayCommand,
  CreateFlowLogsCommand,
  CreateNetworkInterfaceCommand,
  DeleteEgressOnlyInternetGatewayCommand,
  DeleteFlowLogsCommand,
  DeleteNetworkInterfaceCommand,
  DescribeFlowLogsCommand,
  DisassociateAddressCommand,
  EC2Client,
  ReleaseAddressCommand,
} from "@aws-sdk/client-ec2";
import { ChangeResourceRecordSetsCommand, DeleteHostedZoneCommand, ListResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import { DrsClient } from "@aws-sdk/client-drs";
import { initializeDrs } from "../../components/drsInitialization";
import { DRS_SERVICE_ROLE_PATH, DRS_SERVICE_ROLES, isNoSuchEntity, trustPolicy } from "../../lib/drsServiceRoles";
import { missingServiceRoles, ServiceRoleLookups } from "../../lib/plan/checks";
import type { Verdict } from "../../lib/verifier";
import { LiveReport, main } from "../../live/cli";
import { sdkClients } from "../../live/read";
import { parseSettings, projectConfig } from "../../settings";
import { FAKE_ACCOUNT } from "../../synth/awsMocks";
import { loadStack, offlineAccount } from "../../synth/cli";
import { declaredResources, PROJECT, synthFromPulumiConfig } from "../../synth/run";
import { deployToMoto, MotoDeployment } from "./deployToMoto";
import { DrsStandIn, startDrsStandIn } from "./drsStandIn";
import { MotoServer, motoUnavailable, motoVersion, startMoto } from "./motoServer";
import { awsQuery, AwsWireError } from "./rawAws";

const ROOT = join(__dirname, "..", "..");
const ENV_KEYS = ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DRS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_EC2_METADATA_DISABLED"] as const;

describe(`verify-live against moto (npm run test:live)`, function () {
  this.timeout(120_000);
  let moto: MotoServer | undefined;
  let drs: DrsStandIn | undefined;
  let deployment: MotoDeployment;
  let dir: string;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};

  before(async function () {
    const unavailable = motoUnavailable();
    if (unavailable !== undefined) {
      console.log(`\n  verify-live against moto: SKIPPED, ${unavailable}\n`);
      this.skip();
    }
    console.log(`    (moto ${motoVersion()})`);
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    moto = await startMoto();
    drs = await startDrsStandIn(FAKE_ACCOUNT);
    // Every SDK v3 client takes its endpoint from these (one per service: AWS_ENDPOINT_URL_<SERVICE ID>).
    Object.assign(process.env, { AWS_ENDPOINT_URL: moto.endpoint, AWS_ENDPOINT_URL_DRS: drs.endpoint, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_EC2_METADATA_DISABLED: "true" });
    for (const key of ["AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION"] as const) delete process.env[key];

    const { config } = loadStack(ROOT, { stack: "dev-drs" });
    const settings = parseSettings(projectConfig(config, PROJECT));
    const synth = await synthFromPulumiConfig(config, offlineAccount(settings));
    await initializeDrs(settings.drRegion);
    deployment = await deployToMoto(declaredResources(synth.resources), synth.outputs as never, { endpoint: moto.endpoint });
    dir = mkdtempSync(join(tmpdir(), "verify-live-moto-"));
    writeFileSync(join(dir, "outputs.json"), JSON.stringify(deployment.outputs));
  });

  after(async () => {
    await drs?.stop();
    if (moto === undefined) return;
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await moto.stop();
  });

  /** verify-live on the deployment, as a user runs it (real SDK clients, the outputs file); its status and report. */
  async function verifyLive(source: readonly string[] = ["--stack", "dev-drs"]): Promise<{ code: number; report: LiveReport; err: string }> {
    const json = join(dir, "report.json");
    let err = "";
    const code = await main([...source, "--outputs", join(dir, "outputs.json"), "--json", json, "--capture", join(dir, "capture.json")], () => undefined, (t) => (err += t), ROOT, {
      stackOutputs: () => Promise.reject(new Error("the outputs are a file here")),
      clients: sdkClients,
      now: () => new Date(),
    });
    return { code, report: JSON.parse(readFileSync(json, "utf8")) as LiveReport, err };
  }
  const failed = (report: LiveReport): Verdict[] => report.verdicts.filter((v) => !v.passed);
  const offenders = (report: LiveReport, id: string) => (report.verdicts.find((v) => v.id === id)?.offenders ?? []).map((o) => `${o.component}${o.id !== undefined ? ` (${o.id})` : ""} ${o.reason}`);
  const ec2 = (region: string) => new EC2Client({ region });

  it("dev-drs built in moto from its synth: verify-live's reader reads it back, all 46 verdicts (13 of them the recovery side, 1 readiness) pass, no drift (exit 0)", async () => {
    const { code, report, err } = await verifyLive();
    assert.deepEqual(failed(report).map((v) => `${v.id}: ${JSON.stringify(v.blockedBy ?? v.offenders)}`), []);
    assert.deepEqual(report.drift, []);
    assert.equal(report.verdicts.length, 46);
    assert.deepEqual([code, err], [0, ""]);
    // Readiness (replication enabled): the stand-in lists no source server, so one passing verdict says there is none yet.
    assert.deepEqual(report.verdicts.filter((v) => v.id.startsWith("readiness:")).map((v) => [v.id, v.passed, v.notes?.[0]]), [["readiness:source-servers", true, "no source server registered yet"]]);
    // What was read is moto's: its ids, not the mock runtime's.
    const capture = readFileSync(join(dir, "capture.json"), "utf8");
    assert.ok(capture.includes(String(deployment.outputs.stagingVpcId)));
    assert.ok([...deployment.ids.keys()].filter((mock) => /^(vpc|subnet|sg|vpce|pcx)-/.test(mock)).every((mock) => !capture.includes(mock)));
  });

  it("each side read with the role its provider assumes (STS AssumeRole through @aws-sdk/credential-providers, answered by moto): the same verdicts", async () => {
    const role = `arn:aws:iam::${FAKE_ACCOUNT}:role/drs-network-deployer`;
    const stackFile = readFileSync(join(ROOT, "Pulumi.dev-drs.yaml"), "utf8");
    const withRoles = `${stackFile.trimEnd()}\n  drs-secured-network:drProvider:\n    assumeRoleArn: ${role}\n  drs-secured-network:sourceProvider:\n    assumeRoleArn: ${role}\n`;
    const configFile = join(dir, "Pulumi.dev-drs-roles.yaml");
    writeFileSync(configFile, withRoles);
    const { code, report, err } = await verifyLive(["--config", configFile]);
    assert.deepEqual([code, err, failed(report), report.drift, report.verdicts.length], [0, "", [], [], 46]);
  });

  it("an egress-only internet gateway attached to the source VPC fails the verdict that names it (DescribeEgressOnlyInternetGateways)", async () => {
    const source = ec2("eu-west-1");
    const gateway = (await source.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: String(deployment.outputs.sourceVpcId) }))).EgressOnlyInternetGateway?.EgressOnlyInternetGatewayId as string;
    try {
      const { code, report } = await verifyLive();
      assert.equal(code, 1);
      assert.deepEqual(offenders(report, "forbidden:internet-gateways"), [`${gateway} is an egress-only internet gateway attached to source-vpc`]);
    } finally {
      await source.send(new DeleteEgressOnlyInternetGatewayCommand({ EgressOnlyInternetGatewayId: gateway }));
    }
  });

  it("an Elastic IP on an interface in the staging VPC fails the internet-gateways verdict (DescribeAddresses) and the public-IP one", async () => {
    const staging = ec2("eu-west-2");
    const subnetId = (deployment.outputs.stagingSubnetIds as string[])[0];
    const eni = (await staging.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface?.NetworkInterfaceId as string;
    const address = await staging.send(new AllocateAddressCommand({ Domain: "vpc" }));
    const association = await staging.send(new AssociateAddressCommand({ AllocationId: address.AllocationId, NetworkInterfaceId: eni }));
    try {
      const { code, report } = await verifyLive();
      assert.equal(code, 1);
      assert.deepEqual(offenders(report, "forbidden:internet-gateways"), [`${address.AllocationId} is an Elastic IP (${address.PublicIp}) associated with ${eni} in staging-vpc`]);
      assert.deepEqual(offenders(report, "forbidden:public-ips"), [`${eni} has the public IP address ${address.PublicIp}`]);
    } finally {
      await staging.send(new DisassociateAddressCommand({ AssociationId: association.AssociationId }));
      await staging.send(new ReleaseAddressCommand({ AllocationId: address.AllocationId }));
      await staging.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni }));
    }
  });

  it("a flow log whose delivery fails (moto: DeliverLogsStatus FAILED, Access error, FlowLogStatus still ACTIVE) fails the flow-log verdict", async () => {
    const source = ec2("eu-west-1");
    const vpcId = String(deployment.outputs.sourceVpcId);
    const [original] = (await source.send(new DescribeFlowLogsCommand({ Filter: [{ Name: "resource-id", Values: [vpcId] }] }))).FlowLogs ?? [];
    await source.send(new DeleteFlowLogsCommand({ FlowLogIds: [String(original.FlowLogId)] }));
    const recreate = (logGroupName: string) =>
      source.send(new CreateFlowLogsCommand({ ResourceType: "VPC", ResourceIds: [vpcId], TrafficType: "ALL", LogDestinationType: "cloud-watch-logs", LogGroupName: logGroupName, DeliverLogsPermissionArn: original.DeliverLogsPermissionArn, TagSpecifications: [{ ResourceType: "vpc-flow-log", Tags: original.Tags }] }));
    const broken = (await recreate("no-such-log-group")).FlowLogIds?.[0] as string;
    try {
      const [flowLog] = (await source.send(new DescribeFlowLogsCommand({ FlowLogIds: [broken] }))).FlowLogs ?? [];
      assert.deepEqual([flowLog.FlowLogStatus, flowLog.DeliverLogsStatus, flowLog.DeliverLogsErrorMessage], ["ACTIVE", "FAILED", "Access error"]);
      const { code, report } = await verifyLive();
      assert.equal(code, 1);
      assert.deepEqual(offenders(report, "forbidden:vpcs-without-flow-logs"), [`source-flow-log (${broken}) on source-vpc delivers nothing: DeliverLogsStatus FAILED (Access error)`]);
    } finally {
      await source.send(new DeleteFlowLogsCommand({ FlowLogIds: [broken] }));
      await recreate(String(original.LogGroupName));
    }
  });

  it("the replication template missing from the account: dev-drs's config still gives 46 verdicts, 5 failing on it, and the drift says it is gone", async () => {
    const templates = drs?.templates.get("eu-west-2") ?? [];
    drs?.templates.set("eu-west-2", []);
    try {
      const { code, report } = await verifyLive();
      assert.equal(code, 1);
      assert.equal(report.verdicts.length, 46);
      assert.deepEqual([...new Set(failed(report).map((v) => v.blockedBy?.component))], ["replication-template"]);
      assert.equal(failed(report).length, 5);
      assert.deepEqual(report.drift.map((d) => `${d.kind} ${d.component}`), [`gone replicationTemplateId`]);
    } finally {
      drs?.templates.set("eu-west-2", templates);
    }
  });

  it("the private zone deleted: GetHostedZone answers NoSuchHostedZone, and verify-live reports the zone gone and the DRS name unresolved", async () => {
    const route53 = new Route53Client({ region: "us-east-1" });
    const zoneId = String(deployment.outputs.drsPrivateHostedZoneId);
    const records = (await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets ?? [];
    const alias = records.find((r) => r.Type === "A");
    await route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [{ Action: "DELETE", ResourceRecordSet: alias }] } }));
    await route53.send(new DeleteHostedZoneCommand({ Id: zoneId }));
    const { code, report } = await verifyLive();
    assert.equal(code, 1);
    assert.ok(report.drift.some((d) => d.kind === "gone" && d.component === "drsPrivateHostedZoneId" && d.id === zoneId), JSON.stringify(report.drift));
    assert.equal(report.verdicts.find((v) => v.id === "dns:drs-regional-name")?.passed, false);
  });

  it("the DRS initialization's role lookups: IAM's answer for a missing role (NoSuchEntity) is told from a found one, and only the missing roles are made", async () => {
    const endpoint = (moto as MotoServer).endpoint;
    const present = DRS_SERVICE_ROLES.slice(0, 2);
    for (const role of present) {
      await awsQuery(endpoint, "iam", "us-east-1", { Action: "CreateRole", Version: "2010-05-08", RoleName: role.name, Path: DRS_SERVICE_ROLE_PATH, AssumeRolePolicyDocument: trustPolicy(role, FAKE_ACCOUNT) });
    }
    const lookups: Record<string, ServiceRoleLookups[string]> = {};
    for (const role of DRS_SERVICE_ROLES) {
      try {
        const xml = await awsQuery(endpoint, "iam", "us-east-1", { Action: "GetRole", Version: "2010-05-08", RoleName: role.name });
        lookups[role.name] = { found: { arn: String(/<Arn>([^<]+)<\/Arn>/.exec(xml)?.[1]) } };
      } catch (err) {
        assert.ok(err instanceof AwsWireError);
        lookups[role.name] = { error: `${err.code}: ${err.message}` };
      }
    }
    for (const role of present) assert.deepEqual(lookups[role.name], { found: { arn: `arn:aws:iam::${FAKE_ACCOUNT}:role/service-role/${role.name}` } });
    const missingError = lookups[DRS_SERVICE_ROLES[2].name];
    assert.ok("error" in missingError && missingError.error.startsWith("NoSuchEntity: ") && isNoSuchEntity(missingError.error), JSON.stringify(missingError));
    const { missing, problems } = missingServiceRoles(DRS_SERVICE_ROLES, lookups, "the DR account (drProvider)");
    assert.deepEqual([missing.map((r) => r.name), problems], [DRS_SERVICE_ROLES.slice(2).map((r) => r.name), []]);
  });

  it("DRS initialization through the restJson1 stand-in: the second call's ValidationException (x-amzn-ErrorType) counts as already initialized", async () => {
    assert.deepEqual(await initializeDrs("eu-west-1"), { region: "eu-west-1", alreadyInitialized: false });
    assert.deepEqual(await initializeDrs("eu-west-1", {}, new DrsClient({ region: "eu-west-1" })), { region: "eu-west-1", alreadyInitialized: true });
  });
});
