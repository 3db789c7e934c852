import * as assert from "node:assert/strict";
import type { NetworkAclEntry, RouteTable, SecurityGroupRule, Subnet } from "@aws-sdk/client-ec2";
import { judge, Verdict } from "../lib/verifier";
import { LiveCapture, LiveScope, modelFromAws, RegionCapture } from "../lib/verifier/aws";
import { DeployedStack, deployedConfigOnce, deployedOnce, editedCapture, GATEWAYS_STACK, namedItem } from "./support/liveFixture";

function judgeLive(d: DeployedStack, capture: LiveCapture = d.capture): Verdict[] {
  return judge(modelFromAws(capture, scopeOf(d)), { requireFlowLogs: d.settings.flowLogs !== undefined, agentRollout: d.settings.agentRollout !== undefined });
}

/** The plan's scope, with the recovery VPC from the outputs and config where the plan does not give it (yet). */
function scopeOf(d: DeployedStack): LiveScope {
  const scope = d.plan.scope;
  if (scope.recovery !== undefined || d.settings.recovery === undefined || typeof d.outputs.recoveryVpcId !== "string") return scope;
  return {
    ...scope,
    recovery: {
      vpcId: d.outputs.recoveryVpcId,
      adopted: d.settings.recovery.vpc.kind === "adopt",
      routeTableIds: d.settings.recovery.vpc.kind === "adopt" ? d.settings.recovery.vpc.routeTableIds : [],
      groupIds: [String(d.outputs.recoverySecurityGroupId)],
      subnetIds: d.outputs.recoverySubnetIds as string[],
      ingressBlocks: d.settings.recovery.ingress.map((r) => r.cidrBlock),
    },
  };
}

/** The failed verdicts as `id: component (live id) reason` lines. */
function failures(verdicts: readonly Verdict[]): string[] {
  return verdicts
    .filter((v) => !v.passed)
    .flatMap((v) => (v.blockedBy !== undefined ? [v.blockedBy] : (v.offenders ?? [])).map((f) => `${v.id}: ${f.component}${f.id !== undefined ? ` (${f.id})` : ""} ${f.reason}`));
}

describe("lib/verifier/aws (the model from AWS's describe outputs)", () => {
  describe("a healthy deployment gives the synth's verdicts", () => {
    for (const stack of ["dev", "dev-drs", "estate", "rollout"]) {
      it(`${stack}: every verdict the synth gives, in live names, and all pass`, async () => {
        const d = await deployedOnce(stack);
        const live = judgeLive(d);
        assert.deepEqual(failures(live), []);
        assert.deepEqual(
          live.map((v) => `${v.id} ${v.kind} ${v.passed}`).sort(),
          d.synthVerdicts.map((v) => `${v.id} ${v.kind} ${v.passed}`).sort(),
        );
      });
    }

    it("names things by their Name tags, and an adopted VPC and its route table by their ids", async () => {
      const ids = judgeLive(await deployedOnce("estate")).map((v) => v.id);
      assert.ok(ids.includes("flow:source-app-subnet-eu-west-1a->link-drs-endpoint"), ids.join("\n"));
      assert.ok(ids.includes("flow:vpc-0123456789abcdef0 via rtb-0123456789abcdef0->link-drs-endpoint"), ids.join("\n"));
    });

    it("reads the live ids, not the synth's: every id in the capture differs from the mock runtime's", async () => {
      const d = await deployedOnce("dev");
      const mockIds = d.resources.flatMap((r) => (typeof r.props.id === "string" && /^(vpc|subnet|sg|vpce|pcx)-/.test(r.props.id) ? [r.props.id] : []));
      const text = JSON.stringify(d.capture);
      assert.ok(mockIds.length > 10);
      assert.deepEqual(mockIds.filter((id) => text.includes(id)), []);
    });
  });

  describe("broken variants, each caught with the blocking component and its live id", () => {
    const peeringStatus = (code: string) => (regions: Record<string, RegionCapture>) => {
      for (const ops of Object.values(regions)) for (const p of ops.DescribeVpcPeeringConnections?.VpcPeeringConnections ?? []) p.Status = { Code: code as never, Message: code };
    };

    for (const code of ["pending-acceptance", "rejected"]) {
      it(`a peering ${code}`, async () => {
        const d = await deployedOnce("dev");
        const pcx = String(d.outputs.peeringConnectionId);
        const failed = failures(judgeLive(d, editedCapture(d.capture, peeringStatus(code))));
        assert.ok(failed.includes(`flow:source-subnet-eu-west-1a->link-drs-endpoint: link-peering (${pcx}) is ${code}, not active`), failed.join("\n"));
        assert.ok(!failed.some((f) => f.startsWith("flow:staging-subnet")), "the staging subnets' own flows do not cross the peering");
      });
    }

    it("a peering deleted: its routes are blackholes, and the peering is named", async () => {
      const d = await deployedOnce("dev");
      const pcx = String(d.outputs.peeringConnectionId);
      const capture = editedCapture(d.capture, (regions) => {
        peeringStatus("deleted")(regions);
        for (const ops of Object.values(regions)) for (const t of ops.DescribeRouteTables?.RouteTables ?? []) for (const r of t.Routes ?? []) if (r.VpcPeeringConnectionId === pcx) r.State = "blackhole";
      });
      const failed = failures(judgeLive(d, capture));
      assert.ok(failed.includes(`flow:source-subnet-eu-west-1b->link-s3-endpoint: link-peering (${pcx}) is deleted, not active`), failed.join("\n"));
    });

    it("a peering gone from the account: the blackhole route is named with the peering's id", async () => {
      const d = await deployedOnce("dev");
      const pcx = String(d.outputs.peeringConnectionId);
      const capture = editedCapture(d.capture, (regions) => {
        for (const ops of Object.values(regions)) {
          ops.DescribeVpcPeeringConnections = { VpcPeeringConnections: [] };
          for (const t of ops.DescribeRouteTables?.RouteTables ?? []) for (const r of t.Routes ?? []) if (r.VpcPeeringConnectionId === pcx) r.State = "blackhole";
        }
      });
      const failed = failures(judgeLive(d, capture));
      assert.ok(failed.includes("flow:peering: VPC peering is not declared, so no source subnet can reach the staging VPC"), failed.join("\n"));
    });

    for (const [side, region, table, destination] of [
      ["source", "eu-west-1", "source-rt", "10.0.0.0/24"],
      ["staging", "eu-west-2", "staging-rt", "10.1.0.0/24"],
    ] as const) {
      it(`a route deleted on the ${side} side`, async () => {
        const d = await deployedOnce("dev");
        const capture = editedCapture(d.capture, (regions) => {
          const t: RouteTable = namedItem(regions[region].DescribeRouteTables?.RouteTables, table);
          t.Routes = (t.Routes ?? []).filter((r) => r.VpcPeeringConnectionId === undefined);
        });
        const tableId = namedItem(capture.regions[region].DescribeRouteTables?.RouteTables, table).RouteTableId;
        const failed = failures(judgeLive(d, capture));
        assert.ok(failed.includes(`flow:source-subnet-eu-west-1a->link-drs-endpoint: ${table} (${tableId}) has no route to ${destination}`), failed.join("\n"));
      });
    }

    it("the EC2 endpoint's private DNS switched off: the staging subnets' EC2 flows name it", async () => {
      const d = await deployedOnce("dev");
      const capture = editedCapture(d.capture, (regions) => {
        namedItem(regions["eu-west-2"].DescribeVpcEndpoints?.VpcEndpoints, "link-ec2-endpoint").PrivateDnsEnabled = false;
      });
      const id = namedItem(capture.regions["eu-west-2"].DescribeVpcEndpoints?.VpcEndpoints, "link-ec2-endpoint").VpcEndpointId;
      const failed = failures(judgeLive(d, capture));
      assert.deepEqual(
        failed.filter((f) => f.includes("private DNS")),
        ["a", "b"].map(
          (az) =>
            `flow:staging-subnet-eu-west-2${az}->link-ec2-endpoint: link-ec2-endpoint (${id}) has private DNS off, so ec2.eu-west-2.amazonaws.com does not resolve to it in staging-vpc: the replication servers would call the public endpoint, which has no route`,
        ),
      );
    });

    it("the DRS endpoint's private DNS switched on beside the private zone", async () => {
      const d = await deployedOnce("dev");
      const capture = editedCapture(d.capture, (regions) => {
        namedItem(regions["eu-west-2"].DescribeVpcEndpoints?.VpcEndpoints, "link-drs-endpoint").PrivateDnsEnabled = true;
      });
      const id = namedItem(capture.regions["eu-west-2"].DescribeVpcEndpoints?.VpcEndpoints, "link-drs-endpoint").VpcEndpointId;
      assert.deepEqual(failures(judgeLive(d, capture)), [
        `dns:drs-regional-name: link-drs-endpoint (${id}) has private DNS on, which conflicts with the private hosted zone for drs.eu-west-2.amazonaws.com`,
      ]);
    });

    it("a security group opened to 0.0.0.0/0: the rule's own id is named", async () => {
      const d = await deployedOnce("dev");
      const groupId = String(d.outputs.endpointSecurityGroupId);
      const rule: SecurityGroupRule = { SecurityGroupRuleId: "sgr-0a1b2c3d4e5f60718", GroupId: groupId, IsEgress: false, IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIpv4: "0.0.0.0/0" };
      const capture = editedCapture(d.capture, (regions) => {
        regions["eu-west-2"].DescribeSecurityGroupRules?.SecurityGroupRules?.push(rule);
      });
      assert.deepEqual(failures(judgeLive(d, capture)), ["forbidden:open-ingress: link-endpoints-sg (sgr-0a1b2c3d4e5f60718) admits TCP 443 from 0.0.0.0/0, outside every declared VPC block"]);
    });

    it("an ACL rule added: SSH from a source block into the staging subnets", async () => {
      const d = await deployedOnce("dev");
      const entry: NetworkAclEntry = { RuleNumber: 90, Protocol: "6", RuleAction: "allow", Egress: false, CidrBlock: "10.1.0.0/16", PortRange: { From: 22, To: 22 } };
      const capture = editedCapture(d.capture, (regions) => {
        namedItem(regions["eu-west-2"].DescribeNetworkAcls?.NetworkAcls, "staging-nacl").Entries?.push(entry);
      });
      const aclId = namedItem(capture.regions["eu-west-2"].DescribeNetworkAcls?.NetworkAcls, "staging-nacl").NetworkAclId;
      assert.deepEqual(failures(judgeLive(d, capture)), [`forbidden:staging-acl-ports: staging-nacl (${aclId}) admits TCP 22 (rule 90) from the source block 10.1.0.0/16 into staging-vpc's subnets`]);
    });

    it("an endpoint moved to another subnet, which uses the main route table: the main table is named", async () => {
      const d = await deployedOnce("dev");
      const stagingVpcId = String(d.outputs.stagingVpcId);
      const subnet: Subnet = { SubnetId: "subnet-0feedfacecafe0001", VpcId: stagingVpcId, CidrBlock: "10.0.200.0/24", AvailabilityZone: "eu-west-2c", MapPublicIpOnLaunch: false, Tags: [{ Key: "Name", Value: "by-hand" }] };
      const capture = editedCapture(d.capture, (regions) => {
        const dr = regions["eu-west-2"];
        dr.DescribeSubnets?.Subnets?.push(subnet);
        namedItem(dr.DescribeVpcEndpoints?.VpcEndpoints, "link-drs-endpoint").SubnetIds = [subnet.SubnetId as string];
        // AWS puts a new subnet in its VPC's default ACL.
        const defaultAcl = dr.DescribeNetworkAcls?.NetworkAcls?.find((a) => a.VpcId === stagingVpcId && a.IsDefault === true);
        defaultAcl?.Associations?.push({ NetworkAclAssociationId: "aclassoc-0feedfacecafe0001", NetworkAclId: defaultAcl.NetworkAclId, SubnetId: subnet.SubnetId });
      });
      const main = capture.regions["eu-west-2"].DescribeRouteTables?.RouteTables?.find((t) => t.VpcId === stagingVpcId && t.Associations?.some((a) => a.Main === true));
      const failed = failures(judgeLive(d, capture));
      assert.ok(failed.includes(`flow:source-subnet-eu-west-1a->link-drs-endpoint: ${main?.RouteTableId} has no route to 10.1.0.0/24`), failed.join("\n"));
    });

    it("the apex record missing in the private zone", async () => {
      const d = await deployedOnce("dev");
      const zoneId = String(d.outputs.drsPrivateHostedZoneId);
      const capture = editedCapture(d.capture, (regions) => {
        const records = regions["eu-west-2"].ListResourceRecordSets;
        if (records !== undefined) records.ResourceRecordSets = records.ResourceRecordSets?.filter((r) => r.Type !== "A");
      });
      assert.deepEqual(failures(judgeLive(d, capture)), [`dns:drs-regional-name: ${zoneId} has no apex A alias to link-drs-endpoint`]);
    });

    it("the zone no longer associated with a source VPC", async () => {
      const d = await deployedOnce("estate");
      const zoneId = String(d.outputs.drsPrivateHostedZoneId);
      const networks = d.outputs.sourceNetworks as Record<string, { vpcId: string }>;
      const capture = editedCapture(d.capture, (regions) => {
        const zone = regions["eu-west-2"].GetHostedZone;
        if (zone !== undefined) zone.VPCs = zone.VPCs?.filter((v) => v.VPCId !== networks.db.vpcId);
      });
      assert.deepEqual(failures(judgeLive(d, capture)), [`dns:drs-regional-name: ${zoneId} is not associated with source-db-vpc, so the name does not resolve there`]);
    });

    it("an Internet Gateway attached, an egress-only gateway, a NAT gateway, an Elastic IP, and a server with a public address", async () => {
      const d = await deployedOnce("dev");
      const sourceVpcId = String(d.outputs.sourceVpcId);
      const capture = editedCapture(d.capture, (regions) => {
        const source = regions["eu-west-1"];
        source.DescribeInternetGateways = { InternetGateways: [{ InternetGatewayId: "igw-0abc", Attachments: [{ VpcId: sourceVpcId, State: "attached" }] }] };
        // DescribeEgressOnlyInternetGateways and DescribeAddresses list the whole region: only the stack's VPCs count.
        source.DescribeEgressOnlyInternetGateways = {
          EgressOnlyInternetGateways: [
            { EgressOnlyInternetGatewayId: "eigw-0abc", Attachments: [{ VpcId: sourceVpcId, State: "attached" }] },
            { EgressOnlyInternetGatewayId: "eigw-0other", Attachments: [{ VpcId: "vpc-0ffffffffffffffff", State: "attached" }] },
          ],
        };
        source.DescribeNatGateways = { NatGateways: [{ NatGatewayId: "nat-0abc", VpcId: sourceVpcId, State: "available" }] };
        source.DescribeNetworkInterfaces = { NetworkInterfaces: [{ NetworkInterfaceId: "eni-0abc", VpcId: sourceVpcId, Association: { PublicIp: "203.0.113.10" }, Attachment: { InstanceId: "i-0abc" } }] };
        source.DescribeAddresses = {
          Addresses: [
            { AllocationId: "eipalloc-0abc", PublicIp: "203.0.113.10", NetworkInterfaceId: "eni-0abc", Domain: "vpc" },
            { AllocationId: "eipalloc-0other", PublicIp: "203.0.113.11", NetworkInterfaceId: "eni-0elsewhere", Domain: "vpc" },
            { AllocationId: "eipalloc-0idle", PublicIp: "203.0.113.12", Domain: "vpc" },
          ],
        };
      });
      assert.deepEqual(failures(judgeLive(d, capture)), [
        "forbidden:internet-gateways: igw-0abc is an Internet Gateway attached to source-vpc",
        "forbidden:internet-gateways: eigw-0abc is an egress-only internet gateway attached to source-vpc",
        "forbidden:internet-gateways: nat-0abc is a NAT gateway in source-vpc",
        "forbidden:internet-gateways: eipalloc-0abc is an Elastic IP (203.0.113.10) associated with eni-0abc in source-vpc",
        "forbidden:public-ips: eni-0abc has the public IP address 203.0.113.10 (instance i-0abc)",
      ]);
    });

    it("a flow log that fails to deliver (DeliverLogsStatus FAILED; FlowLogStatus stays ACTIVE), and DRS switched to public replication", async () => {
      const d = await deployedOnce("dev-drs");
      const capture = editedCapture(d.capture, (regions) => {
        for (const f of regions["eu-west-1"].DescribeFlowLogs?.FlowLogs ?? []) Object.assign(f, { FlowLogStatus: "ACTIVE", DeliverLogsStatus: "FAILED", DeliverLogsErrorMessage: "Access error" });
        for (const t of regions["eu-west-2"].DescribeReplicationConfigurationTemplates?.items ?? []) t.dataPlaneRouting = "PUBLIC_IP";
      });
      const flowLog = capture.regions["eu-west-1"].DescribeFlowLogs?.FlowLogs?.[0];
      const flowLogName = flowLog?.Tags?.find((t) => t.Key === "Name")?.Value;
      const templateId = String(d.outputs.replicationTemplateId);
      const failed = failures(judgeLive(d, capture));
      assert.ok(failed.includes(`forbidden:vpcs-without-flow-logs: ${flowLogName} (${flowLog?.FlowLogId}) on source-vpc delivers nothing: DeliverLogsStatus FAILED (Access error)`), failed.join("\n"));
      assert.ok(failed.includes(`forbidden:public-replication: replication-template (${templateId}) routes replication data over PUBLIC_IP, not PRIVATE_IP`), failed.join("\n"));
      assert.ok(failed.includes(`flow:source-subnet-eu-west-1a->replication-template: replication-template (${templateId}) replicates over PUBLIC_IP, not PRIVATE_IP, so the data would not use the peering`), failed.join("\n"));
    });
  });

  describe("sources outside AWS: their connections, VPNs and resolver as AWS reports them", () => {
    /** The ids an external source's `sourceNetworks` entry gives (its connection's). */
    const connectionOf = (d: DeployedStack, source: string) => (d.outputs.sourceNetworks as Record<string, { connection: Record<string, unknown> }>)[source].connection;
    const vpnOf = (regions: Record<string, RegionCapture>) => regions["eu-west-2"].DescribeVpnConnections?.VpnConnections?.[0];

    for (const [label, deploy] of [
      ["onprem (a Site-to-Site VPN the stack creates, the resolver)", () => deployedOnce("onprem")],
      ["a transit gateway and a given virtual private gateway", () => deployedConfigOnce("gateways", GATEWAYS_STACK)],
    ] as const) {
      it(`${label}: every verdict the synth gives, in live names, and all pass`, async () => {
        const d = await deploy();
        const live = judgeLive(d);
        assert.deepEqual(failures(live), []);
        assert.deepEqual(live.map((v) => `${v.id} ${v.kind} ${v.passed}`).sort(), d.synthVerdicts.map((v) => `${v.id} ${v.kind} ${v.passed}`).sort());
        assert.ok(live.some((v) => v.id.startsWith("connection:")), live.map((v) => v.id).join("\n"));
      });
    }

    it("a VPN whose tunnels are both DOWN: a failing verdict naming the VPN's id, each tunnel and AWS's message; every flow of its blocks blocked by it", async () => {
      const d = await deployedOnce("onprem");
      const vpnId = String(connectionOf(d, "dc1").vpnConnectionId);
      const [ip1, ip2] = connectionOf(d, "dc1").tunnelOutsideAddresses as string[];
      const capture = editedCapture(d.capture, (regions) => {
        for (const t of vpnOf(regions)?.VgwTelemetry ?? []) Object.assign(t, { Status: "DOWN", StatusMessage: "IPSEC IS DOWN" });
      });
      const failed = failures(judgeLive(d, capture));
      const reason = `has no tunnel UP (tunnel ${ip1} DOWN: IPSEC IS DOWN, tunnel ${ip2} DOWN: IPSEC IS DOWN)`;
      assert.ok(failed.includes(`vpn:external-vpn-203-0-113-10: external-vpn-203-0-113-10 (${vpnId}) ${reason}`), failed.join("\n"));
      assert.ok(failed.includes(`flow:dc1 192.168.0.0/20->link-drs-endpoint: external-vpn-203-0-113-10 (${vpnId}) ${reason}`), failed.join("\n"));
      assert.ok(failed.every((f) => f.includes(vpnId)), failed.join("\n"));
    });

    it("a VPN with one tunnel of two DOWN: a warning naming the tunnel, and every verdict still passes", async () => {
      const d = await deployedOnce("onprem");
      const vpnId = String(connectionOf(d, "dc1").vpnConnectionId);
      const [ip1, ip2] = connectionOf(d, "dc1").tunnelOutsideAddresses as string[];
      const capture = editedCapture(d.capture, (regions) => {
        Object.assign(vpnOf(regions)?.VgwTelemetry?.[0] ?? {}, { Status: "DOWN", StatusMessage: "IPSEC IS DOWN" });
      });
      const verdicts = judgeLive(d, capture);
      assert.deepEqual(failures(verdicts), []);
      const vpn = verdicts.find((v) => v.id === "vpn:external-vpn-203-0-113-10");
      assert.equal(vpn?.kind, "warning");
      assert.deepEqual(vpn?.path, [`tunnel ${ip1} DOWN: IPSEC IS DOWN`, `tunnel ${ip2} UP`]);
      assert.deepEqual(vpn?.notes, [`external-vpn-203-0-113-10 (${vpnId}) runs without its redundancy: tunnel ${ip1} DOWN: IPSEC IS DOWN`]);
    });

    it("a VPN not available (deleting): failing, named by its id", async () => {
      const d = await deployedOnce("onprem");
      const vpnId = String(connectionOf(d, "dc1").vpnConnectionId);
      const capture = editedCapture(d.capture, (regions) => {
        Object.assign(vpnOf(regions) ?? {}, { State: "deleting" });
      });
      assert.ok(failures(judgeLive(d, capture)).includes(`vpn:external-vpn-203-0-113-10: external-vpn-203-0-113-10 (${vpnId}) is deleting, not available`));
    });

    it("a transit gateway attachment pendingAcceptance (the transit gateway of another account): its connection and flows fail, naming the attachment", async () => {
      const d = await deployedConfigOnce("gateways", GATEWAYS_STACK);
      const attachmentId = String(connectionOf(d, "dc2").transitGatewayAttachmentId);
      const capture = editedCapture(d.capture, (regions) => {
        for (const a of regions["eu-west-2"].DescribeTransitGatewayVpcAttachments?.TransitGatewayVpcAttachments ?? []) a.State = "pendingAcceptance";
      });
      const failed = failures(judgeLive(d, capture));
      const reason = `external-tgw-0123456789abcdef0-attachment (${attachmentId}) is pendingAcceptance, not available: the transit gateway belongs to another account, whose owner must accept the attachment`;
      assert.ok(failed.includes(`connection:dc2: ${reason}`), failed.join("\n"));
      assert.deepEqual(
        failed.filter((f) => !f.startsWith("connection:")),
        ["link-drs-endpoint", "link-s3-endpoint", "link-ec2-endpoint", "replication-template"].map((t) => `flow:dc2 172.16.0.0/16->${t}: ${reason}`),
      );
    });

    it("the given virtual private gateway detached from the staging VPC: named by its id", async () => {
      const d = await deployedConfigOnce("gateways", GATEWAYS_STACK);
      const capture = editedCapture(d.capture, (regions) => {
        for (const g of regions["eu-west-2"].DescribeVpnGateways?.VpnGateways ?? []) for (const a of g.VpcAttachments ?? []) a.State = "detached";
      });
      const failed = failures(judgeLive(d, capture));
      assert.ok(failed.includes("connection:dc3: vgw-0123456789abcdef0 is detached, not attached to staging-vpc"), failed.join("\n"));
    });

    it("the staging route to the transit gateway gone from the live table: each flow names the table and the block", async () => {
      const d = await deployedConfigOnce("gateways", GATEWAYS_STACK);
      const capture = editedCapture(d.capture, (regions) => {
        const table = namedItem(regions["eu-west-2"].DescribeRouteTables?.RouteTables, "staging-rt");
        table.Routes = (table.Routes ?? []).filter((r) => r.TransitGatewayId === undefined);
      });
      const tableId = namedItem(d.capture.regions["eu-west-2"].DescribeRouteTables?.RouteTables, "staging-rt").RouteTableId;
      const failed = failures(judgeLive(d, capture));
      assert.ok(failed.includes(`flow:dc2 172.16.0.0/16->link-drs-endpoint: staging-rt (${tableId}) has no route to 172.16.0.0/16 (dc2, through external-tgw-0123456789abcdef0-attachment)`), failed.join("\n"));
    });

    it("the resolver endpoint ACTION_NEEDED: the DNS flows fail with AWS's message", async () => {
      const d = await deployedOnce("onprem");
      const capture = editedCapture(d.capture, (regions) => {
        for (const e of regions["eu-west-2"].ListResolverEndpoints?.ResolverEndpoints ?? []) Object.assign(e, { Status: "ACTION_NEEDED", StatusMessage: "[RSLVR-00002] Elastic network interfaces are missing." });
      });
      const failed = failures(judgeLive(d, capture));
      const resolverId = d.capture.regions["eu-west-2"].ListResolverEndpoints?.ResolverEndpoints?.[0].Id;
      assert.deepEqual(
        failed,
        ["192.168.0.0/20", "192.168.32.0/24"].map((b) => `flow:dc1 ${b}->external-resolver: external-resolver (${resolverId}) is ACTION_NEEDED ([RSLVR-00002] Elastic network interfaces are missing.), not OPERATIONAL`),
      );
    });

    it("a default route to the transit gateway added by hand: forbidden, the live table named", async () => {
      const d = await deployedConfigOnce("gateways", GATEWAYS_STACK);
      const capture = editedCapture(d.capture, (regions) => {
        namedItem(regions["eu-west-2"].DescribeRouteTables?.RouteTables, "staging-rt").Routes?.push({ DestinationCidrBlock: "0.0.0.0/0", TransitGatewayId: "tgw-0123456789abcdef0", State: "active", Origin: "CreateRoute" });
      });
      const tableId = namedItem(d.capture.regions["eu-west-2"].DescribeRouteTables?.RouteTables, "staging-rt").RouteTableId;
      const failed = failures(judgeLive(d, capture));
      assert.ok(
        failed.includes(`forbidden:gateway-default-routes: staging-rt route to 0.0.0.0/0 (${tableId}) in staging-rt sends 0.0.0.0/0 to external-tgw-0123456789abcdef0-attachment: whatever the other side routes to, the internet included, is a path out of the staging area`),
        failed.join("\n"),
      );
    });
  });
});
