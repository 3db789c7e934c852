import * as assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeclaredResource, judge, Verdict, verifyNetwork, VerifierContext } from "../lib/verifier";
import { modelFromAws } from "../lib/verifier/aws";
import { main } from "../live/cli";
import { findDrift } from "../live/drift";
import { withDeclared } from "../live/expected";
import { livePlan, OutputsError } from "../live/scope";
import { declaredResources, synth } from "../synth/run";
import { changed, failures, find, without } from "./support/declaredEdits";
import { DeployedStack, deployedConfigOnce, deployedOnce, editedCapture, namedItem } from "./support/liveFixture";
import { fakeAws, offlineLiveEnvironment } from "./support/fakeAws";

const ROOT = join(__dirname, "..");

/** Pulumi.failback.yaml's shape: dev-drs ready to come home to eu-west-1, on demand (not active). */
const FAILBACK = {
  sourceRegion: "eu-west-1",
  drRegion: "eu-west-2",
  sourceVpcCidr: "10.1.0.0/16",
  stagingVpcCidr: "10.0.0.0/16",
  replication: { enabled: true, failback: true },
  recovery: { enabled: true, vpcCidr: "10.2.0.0/16" },
  failback: { enabled: true, mode: "on-demand", stagingVpcCidrs: { "eu-west-1": "10.3.0.0/16" } },
};
const ACTIVE = { ...FAILBACK, failback: { ...FAILBACK.failback, active: true } };

/** What synth/cli.ts tells the verifier of a config (its recovery facts and its failback settings). */
function contextOf(config: { failback: { mode: string; active?: boolean; stagingVpcCidrs: Record<string, string> } }): VerifierContext {
  const { mode, active, stagingVpcCidrs } = config.failback;
  return { recovery: { ingressBlocks: [] }, failback: { mode: mode as "standby" | "on-demand", active: active === true, stagingVpcCidrs } };
}

const declaredOnce = new Map<string, Promise<DeclaredResource[]>>();
/** A config declared under the mocks once (tests edit copies). */
function declare(config: Record<string, unknown>): Promise<DeclaredResource[]> {
  const key = JSON.stringify(config);
  if (!declaredOnce.has(key)) declaredOnce.set(key, synth(config).then((r) => declaredResources(r.resources)));
  return declaredOnce.get(key) as Promise<DeclaredResource[]>;
}

function idOf(resources: readonly DeclaredResource[], name: string): string {
  return String(find(resources, name).props.id);
}

/** A resource the stack does not make, as a broken variant adds it. */
function extra(type: string, name: string, props: Record<string, unknown>, region = "eu-west-2"): DeclaredResource {
  return { type, name, urn: `urn:pulumi:test::drs-secured-network::drs-secured-network:failback:FailbackRegion$${type}::${name}`, region, props };
}

/** The verdict ids of failback: its flows from the recovery VPC and in the failback staging VPC, its own verdicts. */
function failbackIds(verdicts: readonly Verdict[]): string[] {
  return verdicts.map((v) => v.id).filter((id) => /failback/.test(id));
}

const RECOVERY_SUBNETS = ["recovery-subnet-0", "recovery-subnet-1"];
const SERVERS = "replication servers in failback-eu-west-1-subnet-0";

/** The failback ids of a region, staged (on demand) or with its endpoints. */
function expectedIds(region: string, recoverySubnets: readonly string[], active: boolean): string[] {
  const p = `failback-${region}`;
  const subnets = [`${p}-subnet-0`, `${p}-subnet-1`];
  return [
    ...(active ? [] : [`failback:${region}-staged`]),
    ...recoverySubnets.flatMap((s) => [...(active ? [`flow:${s}->${p}-link-drs-endpoint`, `flow:${s}->${p}-link-s3-endpoint`, `flow:${s}->${p}-link-ec2-endpoint`] : []), `flow:${s}->${p}-template`]),
    ...subnets.flatMap((s) => [...(active ? [`flow:${s}->${p}-link-drs-endpoint`, `flow:${s}->${p}-link-ec2-endpoint`] : []), `flow:${s}->${p}-link-s3-gateway-endpoint`]),
    ...(active ? [`flow:replication servers in ${p}-subnet-0->${p}-link-drs-endpoint`, `flow:replication servers in ${p}-subnet-0->${p}-link-ec2-endpoint`] : []),
    `flow:replication servers in ${p}-subnet-0->${p}-link-s3-gateway-endpoint`,
  ];
}

describe("lib/verifier: failback (the reverse path from the recovery VPC to each source region)", () => {
  describe("the declared failback side passes", () => {
    it("on demand, not active: every verdict passes; the staged verdict, TCP 1500 and S3 through the gateway are judged, the endpoint flows are not required", async () => {
      const verdicts = verifyNetwork(await declare(FAILBACK), contextOf(FAILBACK));
      assert.deepEqual(failures(verdicts), []);
      assert.deepEqual(failbackIds(verdicts), [...expectedIds("eu-west-1", RECOVERY_SUBNETS, false), "forbidden:failback-launch-template"]);
      const staged = verdicts.find((v) => v.id === "failback:eu-west-1-staged");
      assert.deepEqual(staged, {
        id: "failback:eu-west-1-staged",
        kind: "required-flow",
        description: "failback to eu-west-1 is staged: failback-eu-west-1-vpc peered with recovery-vpc and the zone for drs.eu-west-1.amazonaws.com on both, the endpoints to come",
        passed: true,
        path: ["failback-eu-west-1-link-peering", "failback-eu-west-1-link-drs-zone (recovery-vpc, failback-eu-west-1-vpc)"],
        notes: ["on demand: endpoints and alias come with failback.active"],
      });
      const back = verdicts.find((v) => v.id === "flow:recovery-subnet-1->failback-eu-west-1-template");
      assert.equal(back?.description, "recovery-subnet-1 (10.2.1.0/24) reaches the failback replication servers in failback-eu-west-1-subnet-0 (eu-west-1) on TCP 1500, and the replies come back");
      assert.deepEqual(back?.path, [
        "recovery-subnet-1",
        "recovery-instances-sg: out TCP 1500 to 10.3.0.0/16",
        "recovery-rt (10.3.0.0/16)",
        "failback-eu-west-1-link-peering",
        "recovery-default-nacl: rule 120 out",
        "failback-eu-west-1-nacl: rule 110 in",
        "failback-eu-west-1-nacl: rule 100 out",
        "recovery-default-nacl: rule 110 in",
        "failback-eu-west-1-subnet-0 (10.3.0.0/24)",
        "failback-eu-west-1-replication-sg: TCP 1500 from 10.2.0.0/16",
        "replication servers",
        "back: failback-eu-west-1-rt (10.2.0.0/16)",
        "back: failback-eu-west-1-link-peering",
      ]);
      assert.equal(
        verdicts.find((v) => v.id === "forbidden:recovery-isolated")?.description,
        "nothing of the source or staging VPCs reaches the recovery VPC recovery-vpc: no peering, transit gateway or route between them, and no security group or network ACL of it admits their blocks; " +
          "it reaches the failback staging VPCs (failback-eu-west-1-vpc) on TCP 443 and 1500 only, and they never reach into it",
      );
      assert.equal(
        verdicts.find((v) => v.id === "forbidden:failback-launch-template")?.description,
        "the default launch template of eu-west-1 launches failed-back instances into a subnet of a source VPC of its region, with that VPC's source-server group, no public IP and IMDSv2 required",
      );
    });

    it("the forward checks are unchanged and exact: the source VPC's flows go to the forward staging VPC's replication servers only, never to failback's", async () => {
      const verdicts = verifyNetwork(await declare(FAILBACK), contextOf(FAILBACK));
      const forward = { ...FAILBACK, failback: { enabled: false } };
      const without = verifyNetwork(await declare(forward), { recovery: { ingressBlocks: [] } });
      // The source and staging sides' verdicts (the recovery side's ACL has failback's rules too, so its paths differ).
      const ofForward = (vs: readonly Verdict[]) => vs.filter((v) => !/failback|recovery/.test(v.id));
      assert.deepEqual(ofForward(verdicts), ofForward(without));
      assert.equal(ofForward(verdicts).length, 19 + 1 + 12);
      assert.deepEqual(
        verdicts.filter((v) => v.flow === "TCP 1500" && v.id.startsWith("flow:source-")).map((v) => v.id),
        ["flow:source-subnet-0->replication-template", "flow:source-subnet-1->replication-template"],
      );
      assert.equal(verdicts.filter((v) => v.id.startsWith("flow:replication servers in failback-") && v.between?.to.startsWith("link-")).length, 0);
    });

    it("active (and standby): the endpoint flows from the recovery subnets, DRS of eu-west-1 by its regional name through the zone and its alias", async () => {
      const verdicts = verifyNetwork(await declare(ACTIVE), contextOf(ACTIVE));
      assert.deepEqual(failures(verdicts), []);
      assert.deepEqual(failbackIds(verdicts), [...expectedIds("eu-west-1", RECOVERY_SUBNETS, true), "forbidden:failback-launch-template"]);
      const drs = verdicts.find((v) => v.id === "flow:recovery-subnet-0->failback-eu-west-1-link-drs-endpoint");
      assert.equal(drs?.description, "recovery-subnet-0 (10.2.0.0/24) reaches DRS of eu-west-1 by its regional name drs.eu-west-1.amazonaws.com on TCP 443, and the replies come back");
      assert.deepEqual(drs?.path?.slice(0, 5), [
        "recovery-subnet-0",
        "drs.eu-west-1.amazonaws.com: failback-eu-west-1-link-drs-zone -> failback-eu-west-1-link-drs-alias -> failback-eu-west-1-link-drs-endpoint",
        "recovery-instances-sg: out TCP 443 to 10.3.0.0/16",
        "recovery-rt (10.3.0.0/16)",
        "failback-eu-west-1-link-peering",
      ]);
      assert.equal(verdicts.find((v) => v.id === `flow:${SERVERS}->failback-eu-west-1-link-drs-endpoint`)?.path?.[1], drs?.path?.[1], "the replication servers resolve the name through the same zone");
      assert.equal(verdicts.find((v) => v.id === "flow:recovery-subnet-1->failback-eu-west-1-link-s3-endpoint")?.description, "recovery-subnet-1 (10.2.1.0/24) reaches the S3 interface endpoint of eu-west-1 on TCP 443, and the replies come back");
      const standby = { ...FAILBACK, failback: { ...FAILBACK.failback, mode: "standby" } };
      const standbyVerdicts = verifyNetwork(await declare(standby), contextOf(standby));
      assert.deepEqual(failures(standbyVerdicts), []);
      assert.deepEqual(failbackIds(standbyVerdicts), failbackIds(verdicts));
    });

    it("without the configuration (the policy pack): the failback staging VPC known by its name, its endpoints expected where they are there", async () => {
      for (const config of [FAILBACK, ACTIVE]) {
        const resources = await declare(config);
        const verdicts = verifyNetwork(resources);
        assert.deepEqual(failures(verdicts), []);
        assert.deepEqual(failbackIds(verdicts), failbackIds(verifyNetwork(resources, contextOf(config))));
      }
      // Renamed, it is still known: a staging VPC peered with the recovery VPC only.
      const renamed = (await declare(FAILBACK)).map((r) => (r.name === "failback-eu-west-1-vpc" ? { ...r, name: "home-vpc", props: { ...r.props, tags: { Name: "home-vpc", Purpose: "DRS staging area" } } } : r));
      const verdicts = verifyNetwork(renamed);
      assert.deepEqual(failures(verdicts), []);
      assert.ok(verdicts.some((v) => v.id === "failback:eu-west-1-staged"));
    });

    it("the configuration alone knows it too: renamed, untagged, in its region with the configured block", async () => {
      const renamed = (await declare(FAILBACK)).map((r) => (r.name === "failback-eu-west-1-vpc" ? { ...r, name: "home-vpc", props: { ...r.props, tags: {} } } : r));
      assert.deepEqual(failures(verifyNetwork(renamed, contextOf(FAILBACK))), []);
    });

    it("two source regions (app in eu-west-1, db in eu-central-1), each with its failback staging VPC: every verdict passes, each region's flows listed", async () => {
      const config = {
        drRegion: "eu-west-2",
        stagingVpcCidr: "10.0.0.0/16",
        replication: { enabled: true, failback: true },
        recovery: { enabled: true, vpcCidr: "10.2.0.0/16" },
        failback: { enabled: true, mode: "standby", stagingVpcCidrs: { "eu-west-1": "10.3.0.0/16", "eu-central-1": "10.5.0.0/16" } },
        sources: [
          { name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16" },
          { name: "db", region: "eu-central-1", vpcCidr: "10.4.0.0/16" },
        ],
      };
      const resources = await declare(config);
      const verdicts = verifyNetwork(resources, contextOf(config));
      assert.deepEqual(failures(verdicts), []);
      assert.deepEqual(failbackIds(verdicts), [...expectedIds("eu-west-1", RECOVERY_SUBNETS, true), ...expectedIds("eu-central-1", RECOVERY_SUBNETS, true), "forbidden:failback-launch-template"]);
      assert.equal(
        verdicts.find((v) => v.id === "forbidden:failback-launch-template")?.description,
        "the default launch template of eu-west-1, eu-central-1 launches failed-back instances into a subnet of a source VPC of its region, with that VPC's source-server group, no public IP and IMDSv2 required",
      );
      // Each region's template lands in its own region's source VPC: db's in eu-west-1 is not a source VPC of eu-west-1.
      const nic = (name: string) => (find(resources, name).props.networkInterfaces as Record<string, unknown>[])[0];
      const swapped = changed(resources, "failback-eu-west-1-default-launch-template", { networkInterfaces: [nic("failback-eu-central-1-default-launch-template")] });
      assert.deepEqual(failures(verifyNetwork(swapped, contextOf(config))), [
        "forbidden:failback-launch-template: failback-eu-west-1-default-launch-template launches into source-db-subnet-0 of source-db-vpc, not a subnet of a source VPC of eu-west-1 (source-app-vpc)",
        "forbidden:failback-launch-template: failback-eu-west-1-default-launch-template gives its instances replication-db-source-server-sg, not the source-server group replication-app-source-server-sg",
      ]);
    });
  });

  describe("broken variants, each caught with the component named", () => {
    it("the zone not associated with the recovery VPC: active, the recovery subnets' DRS flows; on demand, the staged verdict", async () => {
      const active = await declare(ACTIVE);
      const onlyFailback = (resources: DeclaredResource[]) =>
        changed(resources, "failback-eu-west-1-link-drs-zone", { vpcs: (find(resources, "failback-eu-west-1-link-drs-zone").props.vpcs as { vpcId: string }[]).filter((v) => v.vpcId === idOf(resources, "failback-eu-west-1-vpc")) });
      assert.deepEqual(
        failures(verifyNetwork(onlyFailback(active), contextOf(ACTIVE))),
        RECOVERY_SUBNETS.map(
          (s) => `flow:${s}->failback-eu-west-1-link-drs-endpoint: failback-eu-west-1-link-drs-zone is not associated with the recovery VPC recovery-vpc, so drs.eu-west-1.amazonaws.com does not resolve there`,
        ),
      );
      assert.deepEqual(failures(verifyNetwork(onlyFailback(await declare(FAILBACK)), contextOf(FAILBACK))), [
        "failback:eu-west-1-staged: failback-eu-west-1-link-drs-zone is not associated with the recovery VPC recovery-vpc, so drs.eu-west-1.amazonaws.com will not resolve there when failback.active adds its alias",
      ]);
    });

    it("the zone's alias pointing at the DR region's DRS endpoint instead of eu-west-1's: every DRS flow by the regional name", async () => {
      const base = await declare(ACTIVE);
      const drB = (find(base, "link-drs-endpoint").props.dnsEntries as { dnsName: string }[])[0].dnsName;
      const alias = find(base, "failback-eu-west-1-link-drs-alias");
      const resources = changed(base, "failback-eu-west-1-link-drs-alias", { aliases: [{ ...(alias.props.aliases as Record<string, unknown>[])[0], name: drB }] });
      const reason = "failback-eu-west-1-link-drs-alias points drs.eu-west-1.amazonaws.com at link-drs-endpoint, the DRS endpoint of eu-west-2 in staging-vpc, not at DRS of eu-west-1 (failback-eu-west-1-link-drs-endpoint in failback-eu-west-1-vpc)";
      assert.deepEqual(failures(verifyNetwork(resources, contextOf(ACTIVE))), [
        ...RECOVERY_SUBNETS.map((s) => `flow:${s}->failback-eu-west-1-link-drs-endpoint: ${reason}`),
        `flow:${SERVERS}->failback-eu-west-1-link-drs-endpoint: ${reason}`,
      ]);
    });

    it("no route back: failback-eu-west-1-rt without the recovery block, or recovery-rt without the failback block", async () => {
      const base = await declare(FAILBACK);
      assert.deepEqual(
        failures(verifyNetwork(without(base, "failback-eu-west-1-link-staging-rt-to-source"), contextOf(FAILBACK))),
        [
          ["recovery-subnet-0", "10.2.0.0/24"],
          ["recovery-subnet-1", "10.2.1.0/24"],
        ].map(([s, cidr]) => `flow:${s}->failback-eu-west-1-template: failback-eu-west-1-rt has no route to ${cidr}`),
      );
      assert.deepEqual(
        failures(verifyNetwork(without(base, "failback-eu-west-1-link-source-rt-to-staging"), contextOf(FAILBACK))),
        RECOVERY_SUBNETS.map((s) => `flow:${s}->failback-eu-west-1-template: recovery-rt has no route to 10.3.0.0/24`),
      );
      // Active: every flow from the recovery subnets names it.
      const active = await declare(ACTIVE);
      assert.deepEqual(
        failures(verifyNetwork(without(active, "failback-eu-west-1-link-source-rt-to-staging"), contextOf(ACTIVE))),
        RECOVERY_SUBNETS.flatMap((s) => ["drs", "s3", "ec2"].map((e) => `flow:${s}->failback-eu-west-1-link-${e}-endpoint: recovery-rt has no route to 10.3.0.0/24`).concat(`flow:${s}->failback-eu-west-1-template: recovery-rt has no route to 10.3.0.0/24`)),
      );
    });

    it("TCP 1500 closed from the recovery block: the failback replication group admits nothing", async () => {
      const resources = changed(await declare(FAILBACK), "failback-eu-west-1-replication-sg", { ingress: [] });
      assert.deepEqual(failures(verifyNetwork(resources, contextOf(FAILBACK))), [
        "flow:recovery-subnet-0->failback-eu-west-1-template: failback-eu-west-1-replication-sg admits no TCP 1500 from 10.2.0.0/24",
        "flow:recovery-subnet-1->failback-eu-west-1-template: failback-eu-west-1-replication-sg admits no TCP 1500 from 10.2.1.0/24",
      ]);
    });

    it("the recovery VPC peered to the forward staging VPC (or a source VPC), routed: still forbidden beside the failback peering", async () => {
      const base = await declare(FAILBACK);
      const pcx = "pcx-0123456789abcdef0";
      const resources = [
        ...base,
        extra("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "rogue-peering", { id: pcx, vpcId: idOf(base, "recovery-vpc"), peerVpcId: idOf(base, "staging-vpc"), autoAccept: true }),
        extra("aws:ec2/route:Route", "rogue-recovery-route", { routeTableId: idOf(base, "recovery-rt"), destinationCidrBlock: "10.0.0.0/16", vpcPeeringConnectionId: pcx }),
      ];
      const verdicts = verifyNetwork(resources, contextOf(FAILBACK));
      assert.deepEqual(failures(verdicts), [
        "forbidden:recovery-isolated: rogue-peering joins the recovery VPC recovery-vpc to staging-vpc, the staging VPC (10.0.0.0/16)",
        "forbidden:recovery-isolated: rogue-recovery-route in recovery-rt sends 10.0.0.0/16 to rogue-peering, toward staging-vpc, the staging VPC (10.0.0.0/16)",
      ]);
      assert.deepEqual(
        verdicts.map((v) => v.id),
        verifyNetwork(base, contextOf(FAILBACK)).map((v) => v.id),
        "the staging VPC stays the forward one, and is not taken for a failback staging VPC",
      );
      const toSource = [
        ...base,
        extra("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "rogue-peering", { id: pcx, vpcId: idOf(base, "recovery-vpc"), peerVpcId: idOf(base, "source-vpc"), peerRegion: "eu-west-1" }),
        extra("aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter", "rogue-peering-accepter", { vpcPeeringConnectionId: pcx, autoAccept: true }, "eu-west-1"),
        extra("aws:ec2/route:Route", "rogue-source-route", { routeTableId: idOf(base, "source-rt"), destinationCidrBlock: "10.2.0.0/16", vpcPeeringConnectionId: pcx }, "eu-west-1"),
      ];
      assert.deepEqual(failures(verifyNetwork(toSource, contextOf(FAILBACK))), [
        "forbidden:recovery-isolated: rogue-peering joins the recovery VPC recovery-vpc to source-vpc, a source VPC (10.1.0.0/16)",
        "forbidden:recovery-isolated: rogue-source-route in source-rt sends 10.2.0.0/16 to rogue-peering, toward the recovery VPC recovery-vpc (10.2.0.0/16)",
      ]);
    });

    it("the recovery VPC's group and ACL opened toward the failback block beyond TCP 443 and 1500, or admitting it: recovery-isolated names each", async () => {
      const base = await declare(FAILBACK);
      const group = find(base, "recovery-instances-sg");
      const acl = find(base, "recovery-default-nacl");
      const resources = changed(
        changed(base, "recovery-instances-sg", {
          egress: [...(group.props.egress as unknown[]), { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.3.0.0/16"] }],
          ingress: [...(group.props.ingress as unknown[]), { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.3.0.0/24"] }],
        }),
        "recovery-default-nacl",
        {
          egress: [...(acl.props.egress as unknown[]), { ruleNo: 105, action: "allow", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "10.3.0.0/16" }],
          ingress: [...(acl.props.ingress as unknown[]), { ruleNo: 105, action: "allow", protocol: "udp", fromPort: 53, toPort: 53, cidrBlock: "10.3.0.0/16" }],
        },
      );
      const block = "10.3.0.0/16 (the block of failback-eu-west-1-vpc, the failback staging VPC of eu-west-1)";
      assert.deepEqual(failures(verifyNetwork(resources, contextOf(FAILBACK))), [
        `forbidden:recovery-isolated: recovery-instances-sg admits TCP 22 from ${block} into the recovery VPC recovery-vpc: a failback staging VPC is reached from it, never reaches into it`,
        `forbidden:recovery-isolated: recovery-instances-sg lets out all traffic to ${block}: only TCP 443 and 1500 go from the recovery VPC recovery-vpc to a failback staging VPC`,
        `forbidden:recovery-isolated: recovery-default-nacl lets out TCP 22 (rule 105) to ${block}: only TCP 443 and 1500 go from the recovery VPC recovery-vpc to a failback staging VPC`,
        `forbidden:recovery-isolated: recovery-default-nacl admits UDP 53 (rule 105) from ${block} into the recovery VPC recovery-vpc's subnets: only the replies (TCP 1024-65535) come back from a failback staging VPC`,
      ]);
    });

    it("the failback staging subnets' ACL admitting SSH from the recovery block: staging-acl-ports, as for a staging subnet", async () => {
      const base = await declare(FAILBACK);
      const acl = find(base, "failback-eu-west-1-nacl");
      const resources = changed(base, "failback-eu-west-1-nacl", { ingress: [{ ruleNo: 90, action: "allow", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "10.2.0.0/16" }, ...(acl.props.ingress as unknown[])] });
      assert.deepEqual(failures(verifyNetwork(resources, contextOf(FAILBACK))), [
        "forbidden:staging-acl-ports: failback-eu-west-1-nacl admits TCP 22 (rule 90) from the source block 10.2.0.0/16 into failback-eu-west-1-vpc's subnets",
      ]);
    });

    it("region A's default launch template is failback's: into the recovery subnet it fails failback-launch-template, never recovery-launch-template", async () => {
      const base = await declare(FAILBACK);
      const nic = (find(base, "failback-eu-west-1-default-launch-template").props.networkInterfaces as Record<string, unknown>[])[0];
      const resources = changed(base, "failback-eu-west-1-default-launch-template", {
        networkInterfaces: [{ ...nic, subnetId: idOf(base, "recovery-subnet-0"), securityGroups: [idOf(base, "recovery-instances-sg")], associatePublicIpAddress: "true" }],
        metadataOptions: { httpTokens: "optional" },
      });
      assert.deepEqual(failures(verifyNetwork(resources, contextOf(FAILBACK))), [
        "forbidden:failback-launch-template: failback-eu-west-1-default-launch-template launches into recovery-subnet-0 of recovery-vpc, not a subnet of a source VPC of eu-west-1 (source-vpc)",
        "forbidden:failback-launch-template: failback-eu-west-1-default-launch-template gives its instances recovery-instances-sg, not the source-server group replication-source-server-sg",
        "forbidden:failback-launch-template: failback-eu-west-1-default-launch-template asks for a public IP address on its instances (associatePublicIpAddress true)",
        "forbidden:failback-launch-template: failback-eu-west-1-default-launch-template does not require IMDSv2 (metadataOptions.httpTokens optional)",
      ]);
      assert.deepEqual(failures(verifyNetwork(without(base, "failback-eu-west-1-default-launch-template"), contextOf(FAILBACK))), [
        "forbidden:failback-launch-template: the default launch template of eu-west-1 is not declared, so DRS launches failed-back instances in eu-west-1 with its own defaults, not into a source VPC",
      ]);
    });

    it("the failback template gone, or the failback staging VPC: named, not silently dropped", async () => {
      const base = await declare(FAILBACK);
      assert.deepEqual(failures(verifyNetwork(without(base, "failback-eu-west-1-template"), contextOf(FAILBACK))), [
        ...RECOVERY_SUBNETS.map((s) => `flow:${s}->failback-eu-west-1-vpc replication template: the replication template of eu-west-1 is not there: no DRS replication template has its staging area in failback-eu-west-1-vpc, so reversed replication has nowhere to land`),
      ]);
      // The failback staging VPC and all in it gone (region A's launch defaults kept): its block is no declared one any more.
      const noVpc = base.filter((r) => !/^failback-eu-west-1-(vpc|subnet|rt|nacl|default-(sg|nacl)|flow|link|replication|template)/.test(r.name));
      assert.deepEqual(failures(verifyNetwork(noVpc, contextOf(FAILBACK))), [
        "failback:eu-west-1-staging-vpc: the failback staging VPC of eu-west-1 is not there, so recovered instances have nowhere to replicate back to in eu-west-1",
        "forbidden:open-egress: recovery-instances-sg lets out TCP 443 to 10.3.0.0/16, outside every declared VPC block",
        "forbidden:open-egress: recovery-instances-sg lets out TCP 1500 to 10.3.0.0/16, outside every declared VPC block",
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

describe("lib/verifier/aws: failback live", () => {
  const judgeLive = (d: DeployedStack, capture = d.capture) => {
    const model = modelFromAws(capture, d.plan.scope);
    return withDeclared(judge(model, { requireFlowLogs: d.settings.flowLogs !== undefined }), d.declared.verdicts, model, d.declared.liveNamed);
  };

  it("Pulumi.failback.yaml deployed to the fake account: the synth's verdicts, in live names, all passing, and no drift", async () => {
    const d = await deployedOnce("failback");
    const live = judgeLive(d);
    assert.deepEqual(liveFailures(live), []);
    assert.deepEqual(
      live.map((v) => `${v.id} ${v.passed}`),
      d.synthVerdicts.map((v) => `${v.id} ${v.passed}`),
    );
    assert.ok(live.some((v) => v.id === "failback:eu-west-1-staged" && v.notes?.[0] === "on demand: endpoints and alias come with failback.active"));
    assert.ok(live.some((v) => v.id === "flow:recovery-subnet-eu-west-2a->failback-eu-west-1-template" && v.passed));
    assert.deepEqual(findDrift({ outputs: d.outputs, scope: d.plan.scope, capture: d.capture, live: modelFromAws(d.capture, d.plan.scope), declared: d.declared }), []);
  });

  it("live/scope: the failback staging VPC is read in eu-west-1 as the region's source, with its zone and default launch template", async () => {
    const d = await deployedOnce("failback");
    const network = (d.outputs.failbackNetworks as Record<string, Record<string, unknown>>)["eu-west-1"];
    const read = d.plan.reads.find((r) => r.region === "eu-west-1");
    assert.deepEqual(read?.vpcIds, [d.outputs.sourceVpcId, network.stagingVpcId]);
    assert.deepEqual(read?.failback, { stagingVpcId: network.stagingVpcId, zoneId: network.drsPrivateHostedZoneId, defaultLaunchTemplateId: network.defaultLaunchTemplateId });
    assert.deepEqual(d.plan.scope.failback, [
      {
        region: "eu-west-1",
        stagingVpcId: network.stagingVpcId,
        stagingSubnetIds: network.stagingSubnetIds,
        cidrBlock: "10.3.0.0/16",
        peeringConnectionId: network.peeringConnectionId,
        zoneId: network.drsPrivateHostedZoneId,
        defaultLaunchTemplateId: network.defaultLaunchTemplateId,
        interfaceEndpoints: false,
      },
    ]);
  });

  it("verify-live end to end, read through the SDK from the fake account: exit 0, every verdict passes, no drift", async () => {
    const d = await deployedOnce("failback");
    const dir = mkdtempSync(join(tmpdir(), "verify-live-failback-"));
    const outputs = join(dir, "outputs.json");
    writeFileSync(outputs, JSON.stringify(d.outputs));
    const aws = fakeAws(d.capture, 1);
    let out = "";
    let err = "";
    const code = await main(["--stack", "failback", "--outputs", outputs], (t) => (out += t), (t) => (err += t), ROOT, offlineLiveEnvironment(aws));
    assert.equal(err, "");
    assert.equal(code, 0);
    assert.ok(out.includes(`Read 2026-11-26T12:00:00.000Z from eu-west-2 (the DR side), eu-west-1 (the source side): ${d.synthVerdicts.length + 1} verdicts, **all passed**; **no drift**.`), out);
    // The one more: readiness, with replication on and no source server registered yet.
    assert.ok(out.includes("no source server registered yet"), out);
    // Region A's failback side is read there: its zone, its DRS templates and its default launch template.
    const inA = new Set(aws.calls.filter((c) => c.region === "eu-west-1").map((c) => c.operation));
    for (const op of ["GetHostedZone", "ListResourceRecordSets", "DescribeReplicationConfigurationTemplates", "DescribeLaunchTemplateVersions"]) assert.ok(inA.has(op), op);
  });

  it("the recovery route table's route to the failback block gone: TCP 1500 from each recovery subnet fails with the table's live id, and the drift names the route", async () => {
    const d = await deployedOnce("failback");
    const capture = editedCapture(d.capture, (regions) => {
      const table = namedItem(regions["eu-west-2"].DescribeRouteTables?.RouteTables, "recovery-rt");
      table.Routes = (table.Routes ?? []).filter((r) => r.DestinationCidrBlock !== "10.3.0.0/16");
    });
    const table = namedItem(capture.regions["eu-west-2"].DescribeRouteTables?.RouteTables, "recovery-rt").RouteTableId;
    assert.deepEqual(liveFailures(judgeLive(d, capture)), [
      `flow:recovery-subnet-eu-west-2a->failback-eu-west-1-template: recovery-rt (${table}) has no route to 10.3.0.0/24`,
      `flow:recovery-subnet-eu-west-2b->failback-eu-west-1-template: recovery-rt (${table}) has no route to 10.3.0.0/24`,
    ]);
    const drift = findDrift({ outputs: d.outputs, scope: d.plan.scope, capture, live: modelFromAws(capture, d.plan.scope), declared: d.declared });
    assert.deepEqual(drift, [{ kind: "changed", component: "recovery-rt", id: table, detail: "lost a route the stack declares: 10.3.0.0/16 via the peering failbackNetworks.eu-west-1.peeringConnectionId" }]);
  });

  it("region A's default launch template live: judged from its default version in eu-west-1; not held by the account, noted as not read", async () => {
    const d = await deployedOnce("failback");
    const id = String((d.outputs.failbackNetworks as Record<string, Record<string, unknown>>)["eu-west-1"].defaultLaunchTemplateId);
    const recoverySubnet = (d.outputs.recoverySubnetIds as string[])[0];
    const moved = editedCapture(d.capture, (regions) => {
      const version = regions["eu-west-1"].DescribeLaunchTemplateVersions?.[id]?.LaunchTemplateVersions?.[0];
      const nic = version?.LaunchTemplateData?.NetworkInterfaces?.[0];
      if (nic !== undefined) nic.SubnetId = recoverySubnet;
    });
    const name = "created-and-used-by-elastic-disaster-recovery-service-account_level_template-230101-00000";
    assert.deepEqual(liveFailures(judgeLive(d, moved)), [
      `forbidden:failback-launch-template: ${name} (${id}) launches into recovery-subnet-eu-west-2a of recovery-vpc, not a subnet of a source VPC of eu-west-1 (source-vpc)`,
    ]);
    const unread = editedCapture(d.capture, (regions) => {
      delete regions["eu-west-1"].DescribeLaunchTemplateVersions;
    });
    const verdict = judgeLive(d, unread).find((v) => v.id === "forbidden:failback-launch-template");
    assert.equal(verdict?.passed, true);
    assert.deepEqual(verdict?.notes, ["the default launch template of eu-west-1 was not read, so where DRS launches failed-back instances there is not checked here"]);
  });

  it("two source regions, standby, deployed: every verdict of both failback sides passes live, with no drift", async () => {
    const d = await deployedConfigOnce("failback-two", TWO_REGIONS);
    const live = judgeLive(d);
    assert.deepEqual(liveFailures(live), []);
    assert.deepEqual(
      live.map((v) => v.id),
      d.synthVerdicts.map((v) => v.id),
    );
    assert.deepEqual(
      d.plan.reads.filter((r) => r.failback !== undefined).map((r) => `${r.region} ${r.as}`),
      ["eu-west-1 source app", "eu-central-1 source db"],
    );
    assert.deepEqual(findDrift({ outputs: d.outputs, scope: d.plan.scope, capture: d.capture, live: modelFromAws(d.capture, d.plan.scope), declared: d.declared }), []);
  });

  it("live/scope: no failbackNetworks output (not deployed yet) reads no failback side; a region missing from it, or a malformed entry, is an outputs error", async () => {
    const d = await deployedOnce("failback");
    const { failbackNetworks, ...before } = d.outputs;
    assert.equal(livePlan(before, d.settings).scope.failback, undefined);
    assert.throws(() => livePlan({ ...before, failbackNetworks: {} }, d.settings), new OutputsError("the stack output failbackNetworks has no region eu-west-1; the config and the deployed stack differ (run pulumi up)"));
    const network = (failbackNetworks as Record<string, Record<string, unknown>>)["eu-west-1"];
    assert.throws(
      () => livePlan({ ...before, failbackNetworks: { "eu-west-1": { ...network, stagingSubnetIds: "subnet-1" } } }, d.settings),
      new OutputsError('the stack output failbackNetworks.eu-west-1.stagingSubnetIds is not a list of ids ("subnet-1")'),
    );
  });
});

/** Two source regions, each with its failback staging VPC, in standby. */
const TWO_REGIONS = `config:
  drs-secured-network:drRegion: eu-west-2
  drs-secured-network:stagingVpcCidr: 10.0.0.0/16
  drs-secured-network:replication:
    enabled: true
    failback: true
  drs-secured-network:recovery:
    enabled: true
    vpcCidr: 10.2.0.0/16
  drs-secured-network:failback:
    enabled: true
    mode: standby
    stagingVpcCidrs:
      eu-west-1: 10.3.0.0/16
      eu-central-1: 10.5.0.0/16
  drs-secured-network:sources:
    - name: app
      region: eu-west-1
      vpcCidr: 10.1.0.0/16
    - name: db
      region: eu-central-1
      vpcCidr: 10.4.0.0/16
`;
