import * as assert from "node:assert/strict";
import { DeclaredResource, judge, Verdict, verifyNetwork, VerifierContext } from "../lib/verifier";
import { LiveCapture, LiveScope, modelFromAws } from "../lib/verifier/aws";
import { emptyAccount, FakeAccount } from "../synth/awsMocks";
import { declaredResources, synth } from "../synth/run";
import { changed, failures, find, without } from "./support/declaredEdits";
import { DeployedStack, deployedOnce, editedCapture, namedItem } from "./support/liveFixture";

/** The dev-drs stack's shape: replication, the DRS name through a private zone, and the recovery side with one ingress rule. */
const DEV_DRS = {
  sourceRegion: "eu-west-1",
  drRegion: "eu-west-2",
  sourceVpcCidr: "10.1.0.0/16",
  stagingVpcCidr: "10.0.0.0/16",
  drsDnsMode: "private-hosted-zone",
  replication: { enabled: true, failback: true, pitRetentionDays: 7, stagingAreaTags: { Purpose: "drs-staging" } },
  recovery: { enabled: true, vpcCidr: "10.2.0.0/16", ingress: [{ protocol: "tcp", ports: "443", from: "10.20.0.0/16", description: "the users network after a failover" }] },
};

/** What the synth's configuration tells the verifier of the recovery side. */
const CONTEXT: VerifierContext = { recovery: { ingressBlocks: ["10.20.0.0/16"] } };

const RECOVERY_SUBNETS = ["recovery-subnet-0", "recovery-subnet-1"];
const RECOVERY_TARGETS = ["recovery-ssm-endpoint", "recovery-ssmmessages-endpoint", "recovery-ec2messages-endpoint", "recovery-logs-endpoint", "recovery-s3-gateway-endpoint"];
const RECOVERY_CHECKS = ["forbidden:recovery-internet", "forbidden:recovery-isolated", "forbidden:recovery-launch-template"];

let cached: Promise<DeclaredResource[]> | undefined;
/** The dev-drs-shaped stack, declared under the mocks once (tests edit copies). */
function devDrs(): Promise<DeclaredResource[]> {
  cached ??= synth(DEV_DRS).then((r) => declaredResources(r.resources));
  return cached;
}

async function declare(config: Record<string, unknown>, account?: FakeAccount): Promise<DeclaredResource[]> {
  return declaredResources((await synth(config, account)).resources);
}

/** The verdict ids that concern the recovery side: the recovery subnets' flows and the recovery checks. */
function recoveryIds(verdicts: readonly Verdict[]): string[] {
  return verdicts.map((v) => v.id).filter((id) => id.startsWith("forbidden:recovery-") || /^flow:(recovery-subnet-|vpc-\w+ via rtb-\w+->recovery-)/.test(id));
}

/** A declared resource the stack does not make, as a broken variant adds it. */
function extra(type: string, name: string, props: Record<string, unknown>, region = "eu-west-2"): DeclaredResource {
  return { type, name, urn: `urn:pulumi:test::drs-secured-network::drs-secured-network:recovery:Recovery$${type}::${name}`, region, props };
}

function idOf(resources: readonly DeclaredResource[], name: string): string {
  return String(find(resources, name).props.id);
}

describe("lib/verifier: the recovery side", () => {
  describe("the declared recovery VPC passes", () => {
    it("the dev-drs shape: every verdict passes, with the recovery subnets' flows to each endpoint and S3 and the three recovery checks", async () => {
      const verdicts = verifyNetwork(await devDrs(), CONTEXT);
      assert.deepEqual(failures(verdicts), []);
      assert.deepEqual(recoveryIds(verdicts), [...RECOVERY_SUBNETS.flatMap((s) => RECOVERY_TARGETS.map((t) => `flow:${s}->${t}`)), ...RECOVERY_CHECKS]);
      // 19 flows of the staging side, the DNS check, 12 forbidden checks, then the recovery side's 10 flows and 3 checks.
      assert.equal(verdicts.length, 19 + 1 + 12 + 10 + 3);
      assert.deepEqual(verdicts.find((v) => v.id === "forbidden:recovery-isolated")?.description, "nothing of the source or staging VPCs reaches the recovery VPC recovery-vpc: no peering, transit gateway or route between them, and no security group or network ACL of it admits their blocks");
    });

    it("gives each recovery flow its path: the recovered instances' group out, the ACL both ways, the endpoint's group; S3 by the prefix list", async () => {
      const verdicts = verifyNetwork(await devDrs(), CONTEXT);
      const ssm = verdicts.find((v) => v.id === "flow:recovery-subnet-1->recovery-ssm-endpoint");
      assert.equal(ssm?.description, "recovery-subnet-1 (10.2.1.0/24) reaches the SSM interface endpoint on TCP 443, and the replies come back");
      assert.deepEqual(ssm?.path, [
        "recovery-subnet-1",
        "recovery-instances-sg: out TCP 443 to 10.2.0.0/16",
        "local route",
        "recovery-default-nacl: rule 100 out",
        "recovery-default-nacl: rule 100 in",
        "recovery-default-nacl: rule 100 out",
        "recovery-default-nacl: rule 100 in",
        "recovery-subnet-0 (10.2.0.0/24)",
        "recovery-endpoints-sg: TCP 443 from 10.2.0.0/16",
        "recovery-ssm-endpoint",
        "back: local route",
        "(and the same to its 1 other subnet)",
      ]);
      assert.deepEqual(verdicts.find((v) => v.id === "flow:recovery-subnet-0->recovery-s3-gateway-endpoint")?.path, [
        "recovery-subnet-0",
        "recovery-instances-sg: out TCP 443 to the prefix list of recovery-s3-gateway-endpoint",
        "recovery-default-nacl: rule 120 out",
        "recovery-default-nacl: rule 130 in",
        "recovery-rt (S3 prefix list)",
        "recovery-s3-gateway-endpoint",
      ]);
    });

    it("without the configuration (the policy pack): the recovery group's ingress block is inferred, and open-ingress says so", async () => {
      const verdicts = verifyNetwork(await devDrs());
      assert.deepEqual(failures(verdicts), []);
      assert.deepEqual(verdicts.find((v) => v.id === "forbidden:open-ingress")?.notes, [
        "the blocks the recovery VPC's groups admit from beyond it are taken as its configured ingress (10.20.0.0/16), inferred from those groups' rules; " +
          "with the configuration's recovery.ingress a block it does not name is caught too",
      ]);
      assert.equal(verifyNetwork(await devDrs(), CONTEXT).find((v) => v.id === "forbidden:open-ingress")?.notes, undefined);
    });

    it("with the configuration, a block the recovery group admits that recovery.ingress does not name is open ingress", async () => {
      const verdicts = verifyNetwork(await devDrs(), { recovery: { ingressBlocks: ["10.30.0.0/16"] } });
      assert.deepEqual(failures(verdicts), ["forbidden:open-ingress: recovery-instances-sg admits TCP 443 from 10.20.0.0/16, outside every declared VPC block"]);
    });

    it("the recovery VPC's ingress blocks are its groups' only: a staging group admitting one is open ingress", async () => {
      const base = await devDrs();
      const group = find(base, "link-endpoints-sg");
      const resources = changed(base, "link-endpoints-sg", { ingress: [...(group.props.ingress as unknown[]), { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.20.0.0/16"] }] });
      const expected = ["forbidden:open-ingress: link-endpoints-sg admits TCP 443 from 10.20.0.0/16, outside every declared VPC block"];
      assert.deepEqual(failures(verifyNetwork(resources, CONTEXT)), expected);
      assert.deepEqual(failures(verifyNetwork(resources)), expected, "inferred from the recovery VPC's groups only");
    });

    it("without post-launch actions: no endpoints, so no recovery flow, and the three checks still pass", async () => {
      const verdicts = verifyNetwork(await declare({ ...DEV_DRS, recovery: { ...DEV_DRS.recovery, launch: { postLaunchActions: false } } }), CONTEXT);
      assert.deepEqual(failures(verdicts), []);
      assert.deepEqual(recoveryIds(verdicts), RECOVERY_CHECKS);
    });

    it("with copyPrivateIp, the recovery VPC holding the source's block: its own rules are not the source's, and the overlap is noted", async () => {
      const recovery = { ...DEV_DRS.recovery, vpcCidr: "10.1.0.0/16", launch: { copyPrivateIp: true } };
      const verdicts = verifyNetwork(await declare({ ...DEV_DRS, recovery }), CONTEXT);
      assert.deepEqual(failures(verdicts), []);
      assert.deepEqual(verdicts.find((v) => v.id === "forbidden:recovery-isolated")?.notes, [
        "the recovery VPC recovery-vpc's block 10.1.0.0/16 overlaps source-vpc, a source VPC (10.1.0.0/16): rules naming a block inside the recovery VPC's own are its own traffic, and not counted",
      ]);
    });

    it("an adopted recovery VPC, known by the configuration: its route table stands for its block, its subnets are the configured ones", async () => {
      const vpcId = "vpc-0aaaaaaaaaaaaaaa1";
      const subnetIds = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"];
      const account: FakeAccount = {
        ...emptyAccount(),
        vpcs: { [vpcId]: { region: "eu-west-2", cidrBlocks: ["172.30.0.0/16"] } },
        subnets: Object.fromEntries(subnetIds.map((id) => [id, { region: "eu-west-2", vpcId }])),
        routeTables: { "rtb-0aaaaaaaaaaaaaaa1": { region: "eu-west-2", vpcId } },
      };
      const recovery = { enabled: true, vpc: { vpcId, cidrBlock: "172.30.0.0/16", subnetIds, routeTableIds: ["rtb-0aaaaaaaaaaaaaaa1"] } };
      const resources = await declare({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", recovery }, account);
      const verdicts = verifyNetwork(resources, { recovery: { vpcId, cidrBlock: "172.30.0.0/16", subnetIds, ingressBlocks: [] } });
      assert.deepEqual(failures(verdicts), []);
      assert.deepEqual(recoveryIds(verdicts), [...RECOVERY_TARGETS.map((t) => `flow:${vpcId} via rtb-0aaaaaaaaaaaaaaa1->${t}`), ...RECOVERY_CHECKS]);
      // Its launch template names a configured subnet of it; another subnet id is not the recovery VPC's.
      const elsewhere = changed(resources, "recovery-default-launch-template", {
        networkInterfaces: [{ ...(find(resources, "recovery-default-launch-template").props.networkInterfaces as Record<string, unknown>[])[0], subnetId: "subnet-0bbbbbbbbbbbbbbb1" }],
      });
      assert.deepEqual(failures(verifyNetwork(elsewhere, { recovery: { vpcId, cidrBlock: "172.30.0.0/16", subnetIds, ingressBlocks: [] } })), [
        `forbidden:recovery-launch-template: recovery-default-launch-template launches into subnet-0bbbbbbbbbbbbbbb1, not a subnet of the recovery VPC ${vpcId}`,
      ]);
    });
  });

  describe("broken variants, each caught with the component named", () => {
    it("an Internet Gateway attached to the recovery VPC, with a 0.0.0.0/0 route to it: the internet checks, and recovery-internet names the recovery VPC", async () => {
      const base = await devDrs();
      const igw = "igw-0123456789abcdef0";
      const resources = [
        ...base,
        extra("aws:ec2/internetGateway:InternetGateway", "recovery-igw", { id: igw }),
        extra("aws:ec2/internetGatewayAttachment:InternetGatewayAttachment", "recovery-igw-attachment", { internetGatewayId: igw, vpcId: idOf(base, "recovery-vpc") }),
        extra("aws:ec2/route:Route", "recovery-internet-route", { routeTableId: idOf(base, "recovery-rt"), destinationCidrBlock: "0.0.0.0/0", gatewayId: igw }),
      ];
      assert.deepEqual(failures(verifyNetwork(resources, CONTEXT)), [
        "forbidden:internet-gateways: recovery-igw is an Internet Gateway",
        "forbidden:internet-gateways: recovery-igw-attachment is an Internet Gateway attachment",
        "forbidden:internet-routes: recovery-internet-route routes 0.0.0.0/0",
        `forbidden:internet-routes: recovery-internet-route targets gatewayId ${igw}`,
        "forbidden:recovery-internet: recovery-igw-attachment is an Internet Gateway attachment: a way between the recovery VPC recovery-vpc and the internet",
        `forbidden:recovery-internet: recovery-internet-route in recovery-rt sends 0.0.0.0/0 to gatewayId ${igw}: a way out of the recovery VPC recovery-vpc`,
      ]);
    });

    it("a recovery subnet that maps public IPs: public-ips, and recovery-internet", async () => {
      const resources = changed(await devDrs(), "recovery-subnet-1", { mapPublicIpOnLaunch: true });
      assert.deepEqual(failures(verifyNetwork(resources, CONTEXT)), [
        "forbidden:public-ips: recovery-subnet-1 maps a public IP to every instance launched in it",
        "forbidden:recovery-internet: recovery-subnet-1 maps a public IP to every instance launched in it, in the recovery VPC recovery-vpc",
      ]);
    });

    it("the recovered instances' group open to 0.0.0.0/0: open-ingress, with or without the configuration", async () => {
      const base = await devDrs();
      const group = find(base, "recovery-instances-sg");
      const resources = changed(base, "recovery-instances-sg", { ingress: [...(group.props.ingress as unknown[]), { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] });
      const expected = ["forbidden:open-ingress: recovery-instances-sg admits TCP 22 from 0.0.0.0/0, outside every declared VPC block"];
      assert.deepEqual(failures(verifyNetwork(resources, CONTEXT)), expected);
      assert.deepEqual(failures(verifyNetwork(resources)), expected, "the inference takes every block but the whole internet");
    });

    it("the default launch template into a staging subnet: named with the subnet and its VPC", async () => {
      const base = await devDrs();
      const nic = (find(base, "recovery-default-launch-template").props.networkInterfaces as Record<string, unknown>[])[0];
      const resources = changed(base, "recovery-default-launch-template", { networkInterfaces: [{ ...nic, subnetId: idOf(base, "staging-subnet-0") }] });
      assert.deepEqual(failures(verifyNetwork(resources, CONTEXT)), [
        "forbidden:recovery-launch-template: recovery-default-launch-template launches into staging-subnet-0 of staging-vpc, not a subnet of the recovery VPC recovery-vpc",
      ]);
    });

    it("the default launch template with a public IP, IMDSv1 allowed and the endpoints' group: one offender each", async () => {
      const base = await devDrs();
      const nic = (find(base, "recovery-default-launch-template").props.networkInterfaces as Record<string, unknown>[])[0];
      const publicIp = changed(base, "recovery-default-launch-template", { networkInterfaces: [{ ...nic, associatePublicIpAddress: "true" }] });
      assert.deepEqual(failures(verifyNetwork(publicIp, CONTEXT)), [
        "forbidden:recovery-launch-template: recovery-default-launch-template asks for a public IP address on its instances (associatePublicIpAddress true)",
      ]);
      const loose = changed(base, "recovery-default-launch-template", { networkInterfaces: [{ ...nic, securityGroups: [idOf(base, "recovery-endpoints-sg")] }], metadataOptions: { httpTokens: "optional" } });
      assert.deepEqual(failures(verifyNetwork(loose, CONTEXT)), [
        "forbidden:recovery-launch-template: recovery-default-launch-template gives its instances recovery-endpoints-sg, not the recovered instances' group recovery-instances-sg",
        "forbidden:recovery-launch-template: recovery-default-launch-template does not require IMDSv2 (metadataOptions.httpTokens optional)",
      ]);
    });

    it("no default launch template: DRS would launch with its own defaults", async () => {
      assert.deepEqual(failures(verifyNetwork(without(await devDrs(), "recovery-default-launch-template"), CONTEXT)), [
        "forbidden:recovery-launch-template: the account's default launch template is not declared, so DRS launches recovered instances with its own defaults, not into the recovery VPC recovery-vpc",
      ]);
    });

    it("a peering from the staging VPC to the recovery VPC, routed both ways: recovery-isolated names the peering and each route, and no staging flow changes", async () => {
      const base = await devDrs();
      const pcx = "pcx-0123456789abcdef0";
      const resources = [
        ...base,
        extra("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "rogue-peering", { id: pcx, vpcId: idOf(base, "staging-vpc"), peerVpcId: idOf(base, "recovery-vpc"), autoAccept: true }),
        extra("aws:ec2/route:Route", "rogue-staging-route", { routeTableId: idOf(base, "staging-rt"), destinationCidrBlock: "10.2.0.0/16", vpcPeeringConnectionId: pcx }),
        extra("aws:ec2/route:Route", "rogue-recovery-route", { routeTableId: idOf(base, "recovery-rt"), destinationCidrBlock: "10.0.0.0/16", vpcPeeringConnectionId: pcx }),
      ];
      const verdicts = verifyNetwork(resources, CONTEXT);
      assert.deepEqual(failures(verdicts), [
        "forbidden:recovery-isolated: rogue-peering joins the recovery VPC recovery-vpc to staging-vpc, the staging VPC (10.0.0.0/16)",
        "forbidden:recovery-isolated: rogue-recovery-route in recovery-rt sends 10.0.0.0/16 to rogue-peering, toward staging-vpc, the staging VPC (10.0.0.0/16)",
        "forbidden:recovery-isolated: rogue-staging-route in staging-rt sends 10.2.0.0/16 to rogue-peering, toward the recovery VPC recovery-vpc (10.2.0.0/16)",
      ]);
      // The recovery VPC is no staging VPC for the peering, and its peering no DR copy's.
      assert.deepEqual(
        verdicts.map((v) => v.id),
        verifyNetwork(base, CONTEXT).map((v) => v.id),
      );
    });

    it("the recovery group admitting the staging block, and its ACL a source block: recovery-isolated names each with the block's VPC", async () => {
      const base = await devDrs();
      const group = find(base, "recovery-instances-sg");
      const acl = find(base, "recovery-default-nacl");
      const resources = changed(
        changed(base, "recovery-instances-sg", { ingress: [...(group.props.ingress as unknown[]), { protocol: "tcp", fromPort: 1500, toPort: 1500, cidrBlocks: ["10.0.0.0/16"] }] }),
        "recovery-default-nacl",
        { ingress: [...(acl.props.ingress as unknown[]), { ruleNo: 105, action: "allow", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "10.1.0.0/16" }] },
      );
      assert.deepEqual(failures(verifyNetwork(resources, CONTEXT)), [
        "forbidden:recovery-isolated: recovery-instances-sg admits TCP 1500 from 10.0.0.0/16 (the block of staging-vpc, the staging VPC) into the recovery VPC recovery-vpc",
        "forbidden:recovery-isolated: recovery-default-nacl admits TCP 22 (rule 105) from 10.1.0.0/16 (the block of source-vpc, a source VPC) into the recovery VPC recovery-vpc's subnets",
      ]);
    });

    it("the Systems Manager endpoints' group closed: every recovery subnet's flow to each endpoint blocked by it", async () => {
      const resources = changed(await devDrs(), "recovery-endpoints-sg", { ingress: [] });
      assert.deepEqual(
        failures(verifyNetwork(resources, CONTEXT)),
        [
          ["recovery-subnet-0", "10.2.0.0/24"],
          ["recovery-subnet-1", "10.2.1.0/24"],
        ].flatMap(([s, cidr]) => RECOVERY_TARGETS.slice(0, 4).map((t) => `flow:${s}->${t}: recovery-endpoints-sg admits no TCP 443 from ${cidr}`)),
      );
    });

    it("an endpoint's private DNS off, and S3's gateway detached from the recovery route table", async () => {
      const resources = changed(changed(await devDrs(), "recovery-ssmmessages-endpoint", { privateDnsEnabled: false }), "recovery-s3-gateway-endpoint", { routeTableIds: [] });
      assert.deepEqual(failures(verifyNetwork(resources, CONTEXT)), [
        ...RECOVERY_SUBNETS.flatMap((s) => [
          `flow:${s}->recovery-ssmmessages-endpoint: recovery-ssmmessages-endpoint has private DNS off, so ssmmessages.eu-west-2.amazonaws.com does not resolve to it in recovery-vpc: SSM Agent would call the public endpoint, which has no route`,
          `flow:${s}->recovery-s3-gateway-endpoint: recovery-rt has no S3 prefix-list route: recovery-s3-gateway-endpoint is not attached to it`,
        ]),
      ]);
    });
  });
});

/** The failed verdicts as `id: component (live id) reason` lines. */
function liveFailures(verdicts: readonly Verdict[]): string[] {
  return verdicts
    .filter((v) => !v.passed)
    .flatMap((v) => (v.blockedBy !== undefined ? [v.blockedBy] : (v.offenders ?? [])).map((f) => `${v.id}: ${f.component}${f.id !== undefined ? ` (${f.id})` : ""} ${f.reason}`));
}

/** The live scope with the recovery side, from the stack's outputs and config (where live/scope.ts does not give it yet). */
function recoveryScope(d: DeployedStack, defaultLaunchTemplate = true): LiveScope {
  return {
    ...d.plan.scope,
    recovery: {
      vpcId: String(d.outputs.recoveryVpcId),
      adopted: false,
      routeTableIds: [],
      groupIds: [String(d.outputs.recoverySecurityGroupId)],
      subnetIds: d.outputs.recoverySubnetIds as string[],
      ingressBlocks: (d.settings.recovery?.ingress ?? []).map((r) => r.cidrBlock),
      ...(defaultLaunchTemplate ? { defaultLaunchTemplateId: String(d.outputs.defaultLaunchTemplateId) } : {}),
    },
  };
}

/** The capture with the account's default launch template as EC2 reports it (its version 1, as the stack declares it). */
function withDefaultTemplate(d: DeployedStack, nic: { SubnetId?: string; Groups?: string[]; AssociatePublicIpAddress?: boolean } = {}): LiveCapture {
  const id = String(d.outputs.defaultLaunchTemplateId);
  const subnets = d.outputs.recoverySubnetIds as string[];
  return editedCapture(d.capture, (regions) => {
    regions["eu-west-2"].DescribeLaunchTemplateVersions = {
      [id]: {
        LaunchTemplateVersions: [
          {
            LaunchTemplateId: id,
            LaunchTemplateName: "created-and-used-by-elastic-disaster-recovery-service-account_level_template-230101-00000",
            VersionNumber: 1,
            DefaultVersion: true,
            LaunchTemplateData: {
              NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnets[0], Groups: [String(d.outputs.recoverySecurityGroupId)], AssociatePublicIpAddress: false, ...nic }],
              MetadataOptions: { HttpTokens: "required", HttpEndpoint: "enabled", HttpPutResponseHopLimit: 1 },
            },
          },
        ],
      },
    };
  });
}

describe("lib/verifier/aws: the recovery side live", () => {
  const judgeLive = (d: DeployedStack, capture: LiveCapture, scope: LiveScope) => judge(modelFromAws(capture, scope), { requireFlowLogs: d.settings.flowLogs !== undefined });

  it("dev-drs: the synth's recovery verdicts, in live names, all passing; the default template read from EC2", async () => {
    const d = await deployedOnce("dev-drs");
    const live = judgeLive(d, withDefaultTemplate(d), recoveryScope(d));
    assert.deepEqual(liveFailures(live), []);
    const ofRecovery = (vs: readonly Verdict[]) => vs.map((v) => `${v.id} ${v.kind} ${v.passed}`).filter((t) => /recovery/.test(t));
    assert.deepEqual(ofRecovery(live), ofRecovery(d.synthVerdicts));
    assert.equal(ofRecovery(live).length, 13);
    assert.equal(live.find((v) => v.id === "forbidden:recovery-launch-template")?.notes, undefined);
    assert.equal(live.find((v) => v.id === "forbidden:open-ingress")?.notes, undefined, "the scope gives the configured blocks");
  });

  it("the default template not read: the check passes, and says so", async () => {
    const d = await deployedOnce("dev-drs");
    const live = judgeLive(d, d.capture, recoveryScope(d, false));
    assert.deepEqual(liveFailures(live), []);
    assert.deepEqual(live.find((v) => v.id === "forbidden:recovery-launch-template")?.notes, ["the account's default launch template was not read, so where DRS launches new source servers is not checked here"]);
  });

  it("the default template's version in a staging subnet, with a public IP: named by its name and id, with the subnet's Name tag", async () => {
    const d = await deployedOnce("dev-drs");
    const staging = d.outputs.stagingSubnetIds as string[];
    const id = String(d.outputs.defaultLaunchTemplateId);
    const name = "created-and-used-by-elastic-disaster-recovery-service-account_level_template-230101-00000";
    assert.deepEqual(liveFailures(judgeLive(d, withDefaultTemplate(d, { SubnetId: staging[0], AssociatePublicIpAddress: true }), recoveryScope(d))), [
      `forbidden:recovery-launch-template: ${name} (${id}) launches into staging-subnet-eu-west-2a of staging-vpc, not a subnet of the recovery VPC recovery-vpc`,
      `forbidden:recovery-launch-template: ${name} (${id}) asks for a public IP address on its instances (associatePublicIpAddress true)`,
    ]);
  });

  it("an Internet Gateway attached to the recovery VPC and a default route to it: recovery-internet names both, by their live ids", async () => {
    const d = await deployedOnce("dev-drs");
    const vpcId = String(d.outputs.recoveryVpcId);
    const capture = editedCapture(withDefaultTemplate(d), (regions) => {
      const dr = regions["eu-west-2"];
      dr.DescribeInternetGateways = { InternetGateways: [{ InternetGatewayId: "igw-0abc", Attachments: [{ VpcId: vpcId, State: "attached" }] }] };
      namedItem(dr.DescribeRouteTables?.RouteTables, "recovery-rt").Routes?.push({ DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-0abc", State: "active", Origin: "CreateRoute" });
    });
    const table = namedItem(capture.regions["eu-west-2"].DescribeRouteTables?.RouteTables, "recovery-rt").RouteTableId;
    assert.deepEqual(liveFailures(judgeLive(d, capture, recoveryScope(d))), [
      "forbidden:internet-gateways: igw-0abc is an Internet Gateway attached to recovery-vpc",
      `forbidden:internet-routes: recovery-rt route to 0.0.0.0/0 (${table}) routes 0.0.0.0/0`,
      `forbidden:internet-routes: recovery-rt route to 0.0.0.0/0 (${table}) targets gatewayId igw-0abc`,
      "forbidden:recovery-internet: igw-0abc is an Internet Gateway attached to recovery-vpc: a way between the recovery VPC recovery-vpc and the internet",
      `forbidden:recovery-internet: recovery-rt route to 0.0.0.0/0 (${table}) in recovery-rt sends 0.0.0.0/0 to gatewayId igw-0abc: a way out of the recovery VPC recovery-vpc`,
    ]);
  });
});
