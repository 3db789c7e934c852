import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { pitPolicies, Replication, templateOptions } from "../components/replication";
import { DRS_MANAGED_POLICIES, DRS_SERVICE_ROLES, DrsServiceRole } from "../lib/drsServiceRoles";
import { parseSettings, ReplicationSettings } from "../settings";
import { named, ofType, runMocked, T } from "../synth/run";

const ENDPOINT_SG = "sg-0eeeeeeeeeeeeeee1";
const PREFIX_LIST = "pl-0a1b2c3d";
const SOURCE_PREFIX_LIST = "pl-0f0e0d0c";

function replicationSettings(extra: Record<string, unknown> = {}): ReplicationSettings {
  const settings = parseSettings({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", replication: { enabled: true, ...extra } });
  assert.ok(settings.replication);
  return settings.replication;
}

const POLICY_ARNS = Object.fromEntries(DRS_MANAGED_POLICIES.map((p) => [p, `arn:aws:iam::aws:policy/service-role/${p}`]));

function declare(settings: ReplicationSettings, sourceS3PrefixListId?: string, roles: { dr?: readonly DrsServiceRole[]; sourceAccount?: string } = {}) {
  return runMocked(() => {
    const sourceProvider = new aws.Provider("aws-source", { region: "eu-west-1" });
    const drProvider = new aws.Provider("aws-dr", { region: "eu-west-2" });
    const sourceAccountKey = roles.sourceAccount ?? "";
    const replication = new Replication("replication", {
      settings,
      drRegion: "eu-west-2",
      drAuth: { assumeRoleArn: "arn:aws:iam::222222222222:role/deployer" },
      sources: [
        {
          key: "",
          region: "eu-west-1",
          vpcId: "vpc-0aaaaaaaaaaaaaaa1",
          cidrBlock: "10.1.0.0/16",
          s3PrefixListId: sourceS3PrefixListId,
          provider: sourceProvider,
          auth: { profile: "source-admin" },
          accountKey: sourceAccountKey,
        },
      ],
      serviceRoles: [
        ...(roles.dr !== undefined ? [{ accountKey: "", accountId: "222222222222", provider: drProvider, roles: roles.dr, policyArns: POLICY_ARNS }] : []),
        ...(sourceAccountKey !== "" ? [{ accountKey: sourceAccountKey, accountId: sourceAccountKey, provider: sourceProvider, roles: DRS_SERVICE_ROLES, policyArns: POLICY_ARNS }] : []),
      ],
      staging: { vpcId: "vpc-0bbbbbbbbbbbbbbb2", subnetIds: ["subnet-0ccccccccccccccc1", "subnet-0ccccccccccccccc2"], subnetCidrBlocks: ["10.0.0.0/24", "10.0.1.0/24"] },
      endpointSecurityGroupId: ENDPOINT_SG,
      s3PrefixListId: PREFIX_LIST,
      drProvider,
    });
    return {
      replicationSecurityGroupId: replication.replicationSecurityGroupId,
      sourceServerSecurityGroupId: replication.sourceServerSecurityGroupIds[""],
      templateId: replication.templateId,
    };
  });
}

describe("components/replication", () => {
  it("admits TCP 1500 to the replication servers from the source VPC only, and lets out HTTPS to the endpoints only", async () => {
    const { resources } = await declare(replicationSettings());
    const sg = named(resources, "replication-replication-sg");
    assert.equal(sg.region, "eu-west-2");
    assert.equal(sg.inputs.vpcId, "vpc-0bbbbbbbbbbbbbbb2");
    assert.deepEqual(sg.inputs.ingress, [{ protocol: "tcp", fromPort: 1500, toPort: 1500, cidrBlocks: ["10.1.0.0/16"], description: "Replication data from the source VPC" }]);
    assert.deepEqual(sg.inputs.egress, [
      { protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [ENDPOINT_SG], description: "HTTPS to the DRS and EC2 interface endpoints" },
      { protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: [PREFIX_LIST], description: "HTTPS to S3 through the gateway endpoint" },
    ]);
  });

  it("gives the source servers a group that lets out HTTPS and TCP 1500 to the staging subnets only, and nothing in", async () => {
    const { resources } = await declare(replicationSettings());
    const sg = named(resources, "replication-source-server-sg");
    assert.equal(sg.region, "eu-west-1");
    assert.equal(sg.inputs.vpcId, "vpc-0aaaaaaaaaaaaaaa1");
    assert.deepEqual(sg.inputs.ingress, []);
    assert.deepEqual(sg.inputs.egress, [
      { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/24", "10.0.1.0/24"], description: "HTTPS to the DRS, EC2 and S3 interface endpoints" },
      { protocol: "tcp", fromPort: 1500, toPort: 1500, cidrBlocks: ["10.0.0.0/24", "10.0.1.0/24"], description: "Replication data to the replication servers" },
    ]);
  });

  it("lets the source servers reach the package repositories when the source VPC has its gateway endpoint", async () => {
    const { resources } = await declare(replicationSettings(), SOURCE_PREFIX_LIST);
    const egress = named(resources, "replication-source-server-sg").inputs.egress as Record<string, unknown>[];
    assert.deepEqual(egress[2], {
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      prefixListIds: [SOURCE_PREFIX_LIST],
      description: "HTTPS to the OS package repositories through the S3 gateway endpoint",
    });
  });

  it("configures DRS to replicate privately over the peering, encrypted, with the fixed point-in-time policy", async () => {
    const { resources, outputs } = await declare(replicationSettings());
    const template = named(resources, "replication-template");
    assert.equal(template.type, "aws:drs/replicationConfigurationTemplate:ReplicationConfigurationTemplate");
    assert.equal(template.region, "eu-west-2");
    const { tags: _tags, ...inputs } = template.inputs;
    assert.deepEqual(inputs, {
      stagingAreaSubnetId: "subnet-0ccccccccccccccc1",
      dataPlaneRouting: "PRIVATE_IP",
      createPublicIp: false,
      associateDefaultSecurityGroup: false,
      replicationServersSecurityGroupsIds: [named(resources, "replication-replication-sg").id],
      replicationServerInstanceType: "t3.small",
      useDedicatedReplicationServer: false,
      defaultLargeStagingDiskType: "GP3",
      ebsEncryption: "DEFAULT",
      bandwidthThrottling: 0,
      pitPolicies: [
        { ruleId: 1, enabled: true, units: "MINUTE", interval: 10, retentionDuration: 60 },
        { ruleId: 2, enabled: true, units: "HOUR", interval: 1, retentionDuration: 24 },
        { ruleId: 3, enabled: true, units: "DAY", interval: 1, retentionDuration: 7 },
      ],
      stagingAreaTags: {},
    });
    assert.match(String(outputs.templateId), /^rct-[0-9a-f]{17}$/);
  });

  it("uses a customer key, the daily retention and the other settings given", async () => {
    const key = "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const { resources } = await declare(replicationSettings({ ebsKmsKeyArn: key, pitRetentionDays: 30, instanceType: "m5.large", stagingDiskType: "ST1", bandwidthThrottlingMbps: 50, stagingAreaTags: { Team: "dr" } }));
    const inputs = named(resources, "replication-template").inputs;
    assert.deepEqual(
      [inputs.ebsEncryption, inputs.ebsEncryptionKeyArn, inputs.replicationServerInstanceType, inputs.defaultLargeStagingDiskType, inputs.bandwidthThrottling, inputs.stagingAreaTags],
      ["CUSTOM", key, "m5.large", "ST1", 50, { Team: "dr" }],
    );
    assert.deepEqual((inputs.pitPolicies as { retentionDuration: number }[])[2].retentionDuration, 30);
  });

  it("initializes DRS in the DR region, and in the source region too for failback", async () => {
    const plain = await declare(replicationSettings());
    assert.deepEqual(
      plain.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => [r.name, r.type, r.inputs.region]),
      [["replication-drs-init-dr", "pulumi-nodejs:dynamic/drsInitialization:DrsInitialization", "eu-west-2"]],
    );
    const failback = await declare(replicationSettings({ failback: true }));
    assert.deepEqual(failback.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => r.inputs.region), ["eu-west-2", "eu-west-1"]);
    const none = await declare(replicationSettings({ initializeService: false }));
    assert.deepEqual(none.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")), []);
  });

  it("initializes DRS with each side's own credentials: the DR side's role, the source side's profile", async () => {
    const { resources } = await declare(replicationSettings({ failback: true }));
    const inits = resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"));
    assert.deepEqual(
      inits.map((r) => [r.name, r.inputs.region, r.inputs.assumeRoleArn, r.inputs.profile]),
      [
        ["replication-drs-init-dr", "eu-west-2", "arn:aws:iam::222222222222:role/deployer", undefined],
        ["replication-drs-init-source", "eu-west-1", undefined, "source-admin"],
      ],
    );
  });

  it("creates the roles an account lacks, as DRS documents them, kept on delete, before DRS is initialized there", async () => {
    const missing = DRS_SERVICE_ROLES.filter((r) => r.name !== "AWSElasticDisasterRecoveryAgentRole");
    const { resources, options } = await declare(replicationSettings(), undefined, { dr: missing });
    const roles = ofType(resources, "aws:iam/role:Role");
    assert.deepEqual(
      roles.map((r) => [r.name, r.inputs.name, r.inputs.path, r.region]),
      [
        ["replication-failback-role", "AWSElasticDisasterRecoveryFailbackRole", "/service-role/", "eu-west-2"],
        ["replication-conversion-server-role", "AWSElasticDisasterRecoveryConversionServerRole", "/service-role/", "eu-west-2"],
        ["replication-recovery-instance-role", "AWSElasticDisasterRecoveryRecoveryInstanceRole", "/service-role/", "eu-west-2"],
        ["replication-replication-server-role", "AWSElasticDisasterRecoveryReplicationServerRole", "/service-role/", "eu-west-2"],
        ["replication-recovery-instance-with-launch-actions-role", "AWSElasticDisasterRecoveryRecoveryInstanceWithLaunchActionsRole", "/service-role/", "eu-west-2"],
      ],
    );
    assert.deepEqual(JSON.parse(String(roles[0].inputs.assumeRolePolicy)), {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "drs.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
          Condition: { StringLike: { "sts:SourceIdentity": "i-*" }, StringEquals: { "aws:SourceAccount": "222222222222" } },
        },
      ],
    });
    assert.deepEqual(JSON.parse(String(roles[1].inputs.assumeRolePolicy)).Statement, [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    const attachments = ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
    assert.deepEqual(
      attachments.map((a) => [a.name, a.inputs.role, a.inputs.policyArn]),
      [
        ["replication-failback-role-policy", "AWSElasticDisasterRecoveryFailbackRole", "arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryFailbackPolicy"],
        ["replication-conversion-server-role-policy", "AWSElasticDisasterRecoveryConversionServerRole", "arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryConversionServerPolicy"],
        ["replication-recovery-instance-role-policy", "AWSElasticDisasterRecoveryRecoveryInstanceRole", "arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryRecoveryInstancePolicy"],
        ["replication-replication-server-role-policy", "AWSElasticDisasterRecoveryReplicationServerRole", "arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryReplicationServerPolicy"],
        ["replication-recovery-instance-with-launch-actions-role-policy", "AWSElasticDisasterRecoveryRecoveryInstanceWithLaunchActionsRole", "arn:aws:iam::aws:policy/service-role/AWSElasticDisasterRecoveryRecoveryInstancePolicy"],
        ["replication-recovery-instance-with-launch-actions-role-policy-2", "AWSElasticDisasterRecoveryRecoveryInstanceWithLaunchActionsRole", "arn:aws:iam::aws:policy/service-role/AmazonSSMManagedInstanceCore"],
      ],
    );
    // Kept on delete, and initialization waits for every role and attachment of its account.
    for (const r of [...roles, ...attachments]) assert.equal(options[r.name].retainOnDelete, true, r.name);
    assert.deepEqual([...options["replication-drs-init-dr"].dependsOn].sort(), [...roles, ...attachments].map((r) => r.name).sort());
    assert.equal(options["replication-template"].retainOnDelete, false);
  });

  it("creates another account's roles under its id, and initializes failback there after them", async () => {
    const { resources, options } = await declare(replicationSettings({ failback: true }), undefined, { sourceAccount: "111111111111" });
    const roles = ofType(resources, "aws:iam/role:Role");
    assert.equal(roles.length, 6);
    assert.ok(roles.every((r) => r.name.startsWith("replication-111111111111-") && r.region === "eu-west-1"), roles.map((r) => r.name).join());
    assert.match(String(roles[0].inputs.assumeRolePolicy), /"aws:SourceAccount":"111111111111"/);
    assert.equal(options["replication-drs-init-source"].dependsOn.length, 13);
    assert.deepEqual(options["replication-drs-init-dr"].dependsOn, []);
  });

  it("imports an existing template by id", async () => {
    const { resources, outputs } = await declare(replicationSettings({ templateId: "rct-0123456789abcdef0" }));
    assert.equal(named(resources, "replication-template").id, "rct-0123456789abcdef0");
    assert.equal(outputs.templateId, "rct-0123456789abcdef0");
    assert.equal(ofType(resources, T.securityGroup).length, 2);
  });

  it("orders the template after DRS initialization, and retains an imported one", () => {
    const init = new pulumi.ComponentResource("test:index:Init", "init");
    assert.deepEqual(templateOptions(undefined, [init]), { dependsOn: [init] });
    assert.deepEqual(templateOptions("rct-0123456789abcdef0", [init]), { dependsOn: [init], import: "rct-0123456789abcdef0", retainOnDelete: true });
  });

  it("keeps the three DRS rules fixed and only the daily retention free", () => {
    assert.deepEqual(pitPolicies(365).map((p) => [p.units, p.interval, p.retentionDuration]), [["MINUTE", 10, 60], ["HOUR", 1, 24], ["DAY", 1, 365]]);
  });
});
