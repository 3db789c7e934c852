import * as assert from "node:assert/strict";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { commandDocument, crossAccountTrustWarning, SERVICE_LINKED_ROLE_WARNING } from "../lib/agentRollout";
import { estimateMonthlyCost } from "../lib/cost";
import { endpointProbes } from "../lib/installer";
import { ConfigError, parseSettings, projectConfig } from "../settings";
import { emptyAccount } from "../synth/awsMocks";
import { loadStack, offlineAccount } from "../synth/cli";
import { declaredResources, named, ofType, PROJECT, SynthResource, synth, synthError, synthFromPulumiConfig, SynthResult } from "../synth/run";

const ROOT = join(__dirname, "..");

function rolloutStack(): Promise<SynthResult> {
  return synthFromPulumiConfig(loadStack(ROOT, { stack: "rollout" }).config);
}

async function estateWithRollout(rollout: Record<string, unknown>, adoptedSubnets: string[] = []): Promise<{ result: SynthResult; warnings: string[] }> {
  const { config } = loadStack(ROOT, { stack: "estate" });
  const sources = JSON.parse(config[`${PROJECT}:sources`]) as { name: string; vpc?: Record<string, unknown> }[];
  const withSubnets = sources.map((s) => (s.vpc !== undefined ? { ...s, vpc: { ...s.vpc, subnetIds: adoptedSubnets } } : s));
  const full = { ...config, [`${PROJECT}:sources`]: JSON.stringify(withSubnets), [`${PROJECT}:agentRollout`]: JSON.stringify({ enabled: true, ...rollout }) };
  const settings = parseSettings(projectConfig(full, PROJECT));
  const account = offlineAccount(settings);
  for (const id of adoptedSubnets) account.subnets[id] = { region: "eu-west-1", vpcId: "vpc-0123456789abcdef0" };
  const warnings: string[] = [];
  const warn = pulumi.log.warn;
  (pulumi.log as { warn: typeof warn }).warn = async (message: string) => {
    warnings.push(message);
  };
  try {
    return { result: await synthFromPulumiConfig(full, account), warnings };
  } finally {
    (pulumi.log as { warn: typeof warn }).warn = warn;
  }
}

/** The rollout component's children: their URNs name the component type as their parent's. */
const inRollout = (resources: readonly SynthResource[]) => resources.filter((r) => r.urn.includes("drs-secured-network:agentRollout:AgentRollout$"));

describe("components/agentRollout (the rollout stack and the estate with the rollout)", () => {
  let stack: SynthResult;
  before(async () => (stack = await rolloutStack()));

  it("declares everything in the source region through the source provider", () => {
    const own = inRollout(stack.resources);
    assert.ok(own.length >= 16, own.map((r) => r.name).join(", "));
    for (const r of own) assert.equal(r.region, "eu-west-1", r.name);
    assert.deepEqual(new Set(own.map((r) => r.provider?.split("::")[3])), new Set(["aws-source"]));
  });

  it("puts Systems Manager's four endpoints in the source subnets, private DNS on, behind HTTPS from the source VPC only", () => {
    const sourceVpc = named(stack.resources, "source-vpc");
    const subnets = ofType(stack.resources, "aws:ec2/subnet:Subnet").filter((s) => s.inputs.vpcId === sourceVpc.id).map((s) => s.id);
    const group = named(stack.resources, "rollout-ssm-endpoints-sg");
    assert.deepEqual(group.inputs.ingress, [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.1.0.0/16"], description: "HTTPS from the source VPC" }]);
    assert.deepEqual(group.inputs.egress, []);
    assert.equal(group.inputs.vpcId, sourceVpc.id);
    const endpoints = ofType(stack.resources, "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.name.startsWith("rollout-"));
    assert.deepEqual(
      endpoints.map((e) => [e.name, e.inputs.serviceName, e.inputs.vpcEndpointType, e.inputs.privateDnsEnabled, e.inputs.vpcId, e.inputs.subnetIds, e.inputs.securityGroupIds]),
      ["ssm", "ssmmessages", "ec2messages", "logs"].map((s) => [`rollout-${s}-endpoint`, `com.amazonaws.eu-west-1.${s}`, "Interface", true, sourceVpc.id, subnets, [group.id]]),
    );
  });

  it("gives the source servers a role with SSM's core policy, DRS's instance policy and writes to the rollout log only", () => {
    const role = named(stack.resources, "rollout-instance-role");
    assert.deepEqual(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement, [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    assert.deepEqual(
      ofType(stack.resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === role.id).map((a) => a.inputs.policyArn),
      ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", "arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryEc2InstancePolicy"],
    );
    const logGroup = named(stack.resources, "rollout-log-group");
    // A year: Security Hub CloudWatch.16 and checkov CKV_AWS_338. No key: this stack makes none (flowLogs.kms unset).
    assert.equal(logGroup.inputs.retentionInDays, 365);
    assert.equal(logGroup.inputs.kmsKeyId, undefined);
    assert.deepEqual(ofType(stack.resources, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.role === role.id).map((p) => p.name), ["rollout-instance-logs-policy"]);
    const logs = JSON.parse(String(named(stack.resources, "rollout-instance-logs-policy").inputs.policy)) as { Statement: { Resource: unknown }[] };
    assert.deepEqual(logs.Statement[0].Resource, [logGroup.state.arn, `${String(logGroup.state.arn)}:*`]);
    assert.equal(named(stack.resources, "rollout-instance-profile").inputs.role, role.id);
  });

  it("installs with the stack's own install command, unattended, after its own connectivity check", () => {
    const document = named(stack.resources, "rollout-install-document");
    assert.equal(document.inputs.documentType, "Command");
    const content = JSON.parse(String(document.inputs.content)) as { mainSteps: { inputs: { runCommand: string[] } }[] };
    const linux = content.mainSteps[0].inputs.runCommand;
    assert.equal(linux.at(-1), stack.outputs.linuxInstallCommand.replace(/'$/, " --no-prompt'"));
    assert.ok(linux.at(-2)?.startsWith(`${stack.outputs.connectivityCheckCommand} || `));
    assert.match(linux[5], new RegExp(`"\\$vpc" != "${stack.outputs.sourceVpcId}"`));
    const target = { drRegion: "eu-west-2", drsEndpointDnsName: stack.outputs.drsEndpointDnsName, s3EndpointDnsName: stack.outputs.s3InterfaceEndpointDnsName, drsDnsMode: "private-hosted-zone" as const };
    assert.deepEqual(content, commandDocument({ target, probes: endpointProbes({ ...target, ec2EndpointDnsName: stack.outputs.ec2EndpointDnsName }), sourceVpcId: stack.outputs.sourceVpcId }));
  });

  it("rolls out by tag, under the stack's rate controls and schedule, through the runbook and its own role", () => {
    const association = named(stack.resources, "rollout-association");
    const runbook = named(stack.resources, "rollout-runbook");
    const role = named(stack.resources, "rollout-automation-role");
    assert.deepEqual(
      {
        name: association.inputs.name,
        targets: association.inputs.targets,
        automationTargetParameterName: association.inputs.automationTargetParameterName,
        parameters: association.inputs.parameters,
        maxConcurrency: association.inputs.maxConcurrency,
        maxErrors: association.inputs.maxErrors,
        scheduleExpression: association.inputs.scheduleExpression,
      },
      {
        name: runbook.id,
        targets: [{ key: "tag:DRSProtect", values: ["true"] }],
        automationTargetParameterName: "InstanceId",
        parameters: { AutomationAssumeRole: role.state.arn },
        maxConcurrency: "20%",
        maxErrors: "5",
        scheduleExpression: "rate(1 day)",
      },
    );
    assert.equal(runbook.inputs.documentType, "Automation");
    // Only EC2 instances with the tag are runs of the runbook: no failed child runs for tagged volumes or snapshots.
    assert.equal(runbook.inputs.targetType, "/AWS::EC2::Instance");
    const step = (JSON.parse(String(runbook.inputs.content)) as { mainSteps: { inputs: Record<string, unknown> }[] }).mainSteps[0].inputs;
    assert.equal(step.DocumentName, "drs-test-install-drs-agent");
    assert.deepEqual(step.CloudWatchOutputConfig, { CloudWatchLogGroupName: "/drs-secured-network/agent-rollout/drs-test", CloudWatchOutputEnabled: true });
    const trust = JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0];
    assert.deepEqual([trust.Principal, trust.Condition], [
      { Service: "ssm.amazonaws.com" },
      { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:ssm:eu-west-1:123456789012:automation-execution/*" } },
    ]);
    const sends = (JSON.parse(String(named(stack.resources, "rollout-automation-policy").inputs.policy)) as { Statement: { Sid: string; Condition?: unknown }[] }).Statement;
    assert.deepEqual(sends.find((st) => st.Sid === "SendOnlyToTaggedInstances")?.Condition, { StringEquals: { "ssm:resourceTag/DRSProtect": "true" } });
  });

  it("outputs the profile, the document, the association, the log and how to watch them", () => {
    const association = named(stack.resources, "rollout-association");
    assert.equal(stack.outputs.agentRolloutInstanceProfileName, named(stack.resources, "rollout-instance-profile").id);
    assert.equal(stack.outputs.agentRolloutDocumentName, "drs-test-install-drs-agent");
    assert.equal(stack.outputs.agentRolloutAssociationId, association.state.associationId);
    assert.equal(stack.outputs.agentRolloutLogGroupName, "/drs-secured-network/agent-rollout/drs-test");
    assert.equal(String(stack.outputs.agentRolloutProgressCommands).split("\n")[0], `aws ssm describe-association-executions --region eu-west-1 --association-id ${String(association.state.associationId)}`);
  });

  it("leaves the ec2messages endpoint out when asked, and a custom tag is the target", async () => {
    const result = await synth({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", agentRollout: { enabled: true, ec2MessagesEndpoint: false, targetTagKey: "dr:tier", targetTagValue: "gold" } });
    assert.deepEqual(ofType(result.resources, "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.name.startsWith("rollout-")).map((e) => e.name), ["rollout-ssm-endpoint", "rollout-ssmmessages-endpoint", "rollout-logs-endpoint"]);
    assert.deepEqual(named(result.resources, "rollout-association").inputs.targets, [{ key: "tag:dr:tier", values: ["gold"] }]);
    // No schedule given: daily, since a runbook association without one would serve only the servers tagged today.
    assert.equal(named(result.resources, "rollout-association").inputs.scheduleExpression, "rate(1 day)");
    const sends = (JSON.parse(String(named(result.resources, "rollout-automation-policy").inputs.policy)) as { Statement: { Sid: string; Condition?: unknown }[] }).Statement;
    assert.deepEqual(sends.find((st) => st.Sid === "SendOnlyToTaggedInstances")?.Condition, { StringEquals: { "ssm:resourceTag/dr:tier": "gold" } });
  });

  it("with marketplaceAmis, lets the servers read their product codes, through an EC2 endpoint of the source region", async () => {
    const result = await synth({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", agentRollout: { enabled: true, marketplaceAmis: true } });
    const ec2 = named(result.resources, "rollout-ec2-endpoint");
    assert.deepEqual([ec2.inputs.serviceName, ec2.inputs.privateDnsEnabled, ec2.inputs.securityGroupIds], ["com.amazonaws.eu-west-1.ec2", true, [named(result.resources, "rollout-ssm-endpoints-sg").id]]);
    const policy = named(result.resources, "rollout-instance-marketplace-policy");
    assert.equal(policy.inputs.role, named(result.resources, "rollout-instance-role").id);
    assert.deepEqual(JSON.parse(String(policy.inputs.policy)).Statement, [{ Sid: "ReadMarketplaceProductCodes", Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" }]);
  });

  it("encrypts the rollout's log group with the flow-log key of its region and account, whose policy admits it", async () => {
    const result = await synth({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", flowLogs: { kms: "create" }, agentRollout: { enabled: true } });
    const key = named(result.resources, "flow-logs-key-eu-west-1");
    assert.equal(named(result.resources, "rollout-log-group").inputs.kmsKeyId, key.state.arn);
    const statements = (JSON.parse(String(key.inputs.policy)) as { Statement: { Sid: string; Condition?: unknown }[] }).Statement;
    assert.deepEqual(statements.find((st) => st.Sid === "CloudWatchLogsEncryptsRolloutOutput")?.Condition, {
      ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:123456789012:log-group:/drs-secured-network/agent-rollout/*" },
    });
    // Without the rollout the key admits the flow-log groups only.
    const plain = await synth({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", flowLogs: { kms: "create" } });
    assert.deepEqual((JSON.parse(String(named(plain.resources, "flow-logs-key-eu-west-1").inputs.policy)) as { Statement: { Sid: string }[] }).Statement.map((st) => st.Sid), ["AccountAdministersTheKey", "CloudWatchLogsEncryptsFlowLogs"]);
  });

  it("costs its endpoints per AZ-hour in the source region, in the synth's cost lines", async () => {
    const result = await synth({ sourceRegion: "us-east-1", drRegion: "us-west-2", agentRollout: { enabled: true } });
    const lines = estimateMonthlyCost(declaredResources(result.resources)).lines.filter((l) => l.item.startsWith("rollout-"));
    assert.deepEqual(
      lines.map((l) => [l.item, l.region, l.quantity, l.unitPrice, l.monthly]),
      ["ssm", "ssmmessages", "ec2messages", "logs"].map((s) => [`rollout-${s}-endpoint (interface endpoint, 2 AZs)`, "us-east-1", 1460, 0.01, 14.6]),
    );
  });

  it("refuses Systems Manager endpoints in an adopted VPC whose DNS attributes are off, before anything is made", async () => {
    const adopt = { vpcId: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-0123456789abcdef0"], subnetIds: ["subnet-0123456789abcdef1"] };
    const account = {
      ...emptyAccount(),
      vpcs: { [adopt.vpcId]: { region: "eu-west-1", cidrBlocks: [adopt.cidrBlock] } },
      routeTables: { [adopt.routeTableIds[0]]: { region: "eu-west-1", vpcId: adopt.vpcId } },
      subnets: { [adopt.subnetIds[0]]: { region: "eu-west-1", vpcId: adopt.vpcId } },
      vpcDns: { [adopt.vpcId]: { enableDnsSupport: false, enableDnsHostnames: true } },
    };
    const config = { sourceRegion: "eu-west-1", drRegion: "eu-west-2", sourceVpc: adopt, drsDnsMode: "endpoint-flag", agentRollout: { enabled: true, adoptedVpcEndpoints: true } };
    const { error, declared } = await synthError(config, account);
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(error.problems.map((p) => `${p.key}: ${p.message}`), [
      "agentRollout.adoptedVpcEndpoints: puts Systems Manager's endpoints, private DNS on, in vpc-0123456789abcdef0, which has DNS support (enableDnsSupport) off, so SSM Agent's names would not resolve to them: turn them on (aws ec2 modify-vpc-attribute), or leave the adopted VPC's endpoints to its owner",
    ]);
    assert.deepEqual(declared.filter((r) => r.type !== "pulumi:providers:aws").map((r) => r.name), []);
    // Without endpoints of its own, the adopted VPC's DNS is its owner's affair.
    await synth({ ...config, agentRollout: { enabled: true } }, account);
  });

  describe("many sources in two accounts", () => {
    it("one rollout per source in its region and account, --account-id only where DRS is elsewhere, and warnings about trust and the association's role", async () => {
      const { result, warnings } = await estateWithRollout({});
      const networks = result.outputs.sourceNetworks as unknown as Record<string, { agentRollout: { documentName: string } }>;
      assert.deepEqual(Object.fromEntries(Object.entries(networks).map(([k, v]) => [k, v.agentRollout.documentName])), { app: "drs-test-app-install-drs-agent", db: "drs-test-db-install-drs-agent", ops: "drs-test-ops-install-drs-agent" });
      for (const [source, region, provider] of [["app", "eu-west-1", "aws-source-app"], ["db", "eu-central-1", "aws-source-db"], ["ops", "eu-west-1", "aws-source-ops"]]) {
        const association = named(result.resources, `rollout-${source}-association`);
        assert.equal(association.region, region, source);
        assert.equal(association.provider?.split("::")[3], provider, source);
        const linux = (JSON.parse(String(named(result.resources, `rollout-${source}-install-document`).inputs.content)) as { mainSteps: { inputs: { runCommand: string[] } }[] }).mainSteps[0].inputs.runCommand.at(-1);
        assert.equal(/--account-id 222222222222/.test(linux ?? ""), source !== "ops", source);
      }
      const trust = (source: string) => crossAccountTrustWarning({ source: `source ${source}`, sourceAccount: "111111111111", drAccount: "222222222222", drRegion: "eu-west-2", stsEndpoint: true });
      assert.deepEqual(warnings.filter((w) => w.startsWith("agentRollout:")), [SERVICE_LINKED_ROLE_WARNING, trust("app"), trust("db")]);
      // The adopted VPC gets no endpoints unless asked.
      assert.deepEqual(ofType(result.resources, "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.name.startsWith("rollout-ops-")), []);
    });

    it("puts an STS endpoint, private DNS on, in the source VPCs of another account than DRS only", async () => {
      const { result } = await estateWithRollout({});
      const sts = ofType(result.resources, "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => String(e.inputs.serviceName).endsWith(".sts"));
      assert.deepEqual(
        sts.map((e) => [e.name, e.inputs.serviceName, e.inputs.privateDnsEnabled, e.provider?.split("::")[3], e.inputs.vpcId]),
        [
          ["rollout-app-sts-endpoint", "com.amazonaws.eu-west-1.sts", true, "aws-source-app", named(result.resources, "source-app-vpc").id],
          ["rollout-db-sts-endpoint", "com.amazonaws.eu-central-1.sts", true, "aws-source-db", named(result.resources, "source-db-vpc").id],
        ],
      );
      for (const [e, source] of [[sts[0], "app"], [sts[1], "db"]] as const) assert.deepEqual(e.inputs.securityGroupIds, [named(result.resources, `rollout-${source}-ssm-endpoints-sg`).id]);
      // The DR account's own source, even with endpoints of its own, needs none.
      const { result: withOps } = await estateWithRollout({ adoptedVpcEndpoints: true }, ["subnet-0123456789abcdef1"]);
      assert.equal(ofType(withOps.resources, "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.name === "rollout-ops-sts-endpoint").length, 0);
    });

    it("lets the servers wearing the replication source-server group reach Systems Manager: its endpoint group, or the adopted VPC's block", async () => {
      const { result } = await estateWithRollout({});
      const rolloutEgress = (source: string) =>
        (named(result.resources, `replication-${source}-source-server-sg`).inputs.egress as { description: string }[]).filter((r) => r.description.includes("agent rollout"));
      assert.deepEqual(rolloutEgress("app"), [
        { protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [named(result.resources, "rollout-app-ssm-endpoints-sg").id], description: "HTTPS to the Systems Manager endpoints (agent rollout)" },
      ]);
      assert.deepEqual(rolloutEgress("ops"), [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["172.20.0.0/16"], description: "HTTPS to the VPC's own Systems Manager endpoints (agent rollout)" }]);
    });

    it("puts the endpoints in the adopted VPC's listed subnets when asked", async () => {
      const { result } = await estateWithRollout({ adoptedVpcEndpoints: true }, ["subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]);
      const endpoints = ofType(result.resources, "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.name.startsWith("rollout-ops-"));
      assert.equal(endpoints.length, 4);
      for (const e of endpoints) {
        assert.equal(e.inputs.vpcId, "vpc-0123456789abcdef0");
        assert.deepEqual(e.inputs.subnetIds, ["subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]);
      }
      assert.deepEqual((named(result.resources, "rollout-ops-ssm-endpoints-sg").inputs.ingress as { cidrBlocks: string[] }[])[0].cidrBlocks, ["172.20.0.0/16"]);
    });
  });
});
