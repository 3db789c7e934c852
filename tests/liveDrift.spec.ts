import * as assert from "node:assert/strict";
import type { Subnet } from "@aws-sdk/client-ec2";
import { LiveCapture, modelFromAws } from "../lib/verifier/aws";
import { DriftItem, findDrift, outputIdPaths } from "../live/drift";
import { DeployedStack, deployedOnce, editedCapture, namedItem } from "./support/liveFixture";

function drift(d: DeployedStack, capture: LiveCapture = d.capture): string[] {
  const live = modelFromAws(capture, d.plan.scope);
  return findDrift({ outputs: d.outputs, scope: d.plan.scope, capture, live, declared: d.declared }).map((i: DriftItem) => `${i.kind} ${i.component}${i.id !== undefined ? ` (${i.id})` : ""}: ${i.detail}`);
}

describe("live/drift (the account against the stack)", () => {
  for (const stack of ["dev", "dev-drs", "estate", "rollout", "failback"]) {
    it(`${stack}: a deployment as declared has no drift, though every live id differs from the synth's`, async () => {
      assert.deepEqual(drift(await deployedOnce(stack)), []);
    });
  }

  it("keys each output id by the first output that names it", () => {
    const paths = outputIdPaths({
      stagingVpcId: "vpc-0123456789abcdef0",
      stagingSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
      sourceNetworks: { app: { vpcId: "vpc-0fedcba9876543210" } },
      linuxInstallCommand: "curl vpc-0123456789abcdef0",
      // Route 53 promises no pattern for a zone id: one is known by its output's name.
      drsPrivateHostedZoneId: "52AUWDGSR2ZA1XPUAY1ORD",
    });
    assert.deepEqual([...paths], [
      ["vpc-0123456789abcdef0", "stagingVpcId"],
      ["subnet-0123456789abcdef0", "stagingSubnetIds[0]"],
      ["subnet-0123456789abcdef1", "stagingSubnetIds[1]"],
      ["vpc-0fedcba9876543210", "sourceNetworks.app.vpcId"],
      ["52AUWDGSR2ZA1XPUAY1ORD", "drsPrivateHostedZoneId"],
    ]);
  });

  it("a resource gone: a staging subnet deleted", async () => {
    const d = await deployedOnce("dev");
    const gone = (d.outputs.stagingSubnetIds as string[])[1];
    const capture = editedCapture(d.capture, (regions) => {
      const dr = regions["eu-west-2"];
      if (dr.DescribeSubnets !== undefined) dr.DescribeSubnets.Subnets = dr.DescribeSubnets.Subnets?.filter((s) => s.SubnetId !== gone);
    });
    assert.ok(drift(d, capture).includes(`gone stagingSubnetIds[1] (${gone}): stagingSubnetIds[1] names ${gone}, which the account no longer has`), drift(d, capture).join("\n"));
  });

  it("an id changed: the DRS endpoint replaced, so the install commands name the old one", async () => {
    const d = await deployedOnce("dev");
    const capture = editedCapture(d.capture, (regions) => {
      const e = namedItem(regions["eu-west-2"].DescribeVpcEndpoints?.VpcEndpoints, "link-drs-endpoint");
      e.VpcEndpointId = "vpce-0aaaaaaaaaaaaaaaa";
      e.DnsEntries = [{ DnsName: "vpce-0aaaaaaaaaaaaaaaa-11111111.drs.eu-west-2.vpce.amazonaws.com", HostedZoneId: "Z1" }];
    });
    const lines = drift(d, capture);
    assert.ok(
      lines.includes(
        `changed link-drs-endpoint (vpce-0aaaaaaaaaaaaaaaa): drsEndpointDnsName is ${String(d.outputs.drsEndpointDnsName)}, but the live DRS endpoint answers vpce-0aaaaaaaaaaaaaaaa-11111111.drs.eu-west-2.vpce.amazonaws.com: it was replaced, and the install commands name the old one`,
      ),
      lines.join("\n"),
    );
  });

  it("a rule added to a security group, and one taken away", async () => {
    const d = await deployedOnce("dev");
    const groupId = String(d.outputs.endpointSecurityGroupId);
    const capture = editedCapture(d.capture, (regions) => {
      const rules = regions["eu-west-2"].DescribeSecurityGroupRules;
      if (rules === undefined) return;
      const own = (rules.SecurityGroupRules ?? []).filter((r) => r.GroupId === groupId && r.IsEgress === false);
      rules.SecurityGroupRules = [
        ...(rules.SecurityGroupRules ?? []).filter((r) => r !== own[0]),
        { SecurityGroupRuleId: "sgr-0bbbbbbbbbbbbbbbb", GroupId: groupId, IsEgress: false, IpProtocol: "tcp", FromPort: 22, ToPort: 22, CidrIpv4: "10.1.0.0/16" },
      ];
    });
    assert.deepEqual(
      drift(d, capture).filter((l) => l.includes(groupId)),
      [`changed link-endpoints-sg (${groupId}): has a rule the stack does not declare: ingress TCP 22 from 10.1.0.0/16`, `changed link-endpoints-sg (${groupId}): lost a rule the stack declares: ingress TCP 443 from 10.1.0.0/16`],
    );
  });

  it("a network ACL rule added, and a route to an Internet Gateway", async () => {
    const d = await deployedOnce("dev");
    const capture = editedCapture(d.capture, (regions) => {
      namedItem(regions["eu-west-2"].DescribeNetworkAcls?.NetworkAcls, "staging-nacl").Entries?.push({ RuleNumber: 90, Protocol: "6", RuleAction: "allow", Egress: false, CidrBlock: "10.1.0.0/16", PortRange: { From: 22, To: 22 } });
      namedItem(regions["eu-west-1"].DescribeRouteTables?.RouteTables, "source-rt").Routes?.push({ DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-0abc", State: "active", Origin: "CreateRoute" });
    });
    const acl = namedItem(capture.regions["eu-west-2"].DescribeNetworkAcls?.NetworkAcls, "staging-nacl").NetworkAclId;
    const rt = (d.outputs.sourceRouteTableIds as string[])[0];
    assert.deepEqual(drift(d, capture), [
      `changed source-rt (${rt}): has a route the stack does not declare: 0.0.0.0/0 via gatewayId igw-0abc`,
      `changed staging-nacl (${acl}): has a rule the stack does not declare: ingress rule 90 allow TCP 22 from 10.1.0.0/16`,
    ]);
  });

  it("an endpoint moved to a subnet made by hand", async () => {
    const d = await deployedOnce("dev");
    const stagingVpcId = String(d.outputs.stagingVpcId);
    const subnet: Subnet = { SubnetId: "subnet-0feedfacecafe0001", VpcId: stagingVpcId, CidrBlock: "10.0.200.0/24", AvailabilityZone: "eu-west-2c", Tags: [{ Key: "Name", Value: "by-hand" }] };
    const capture = editedCapture(d.capture, (regions) => {
      regions["eu-west-2"].DescribeSubnets?.Subnets?.push(subnet);
      namedItem(regions["eu-west-2"].DescribeVpcEndpoints?.VpcEndpoints, "link-drs-endpoint").SubnetIds = ["subnet-0feedfacecafe0001"];
    });
    const endpointId = namedItem(capture.regions["eu-west-2"].DescribeVpcEndpoints?.VpcEndpoints, "link-drs-endpoint").VpcEndpointId;
    assert.deepEqual(drift(d, capture), [
      "added by-hand (subnet-0feedfacecafe0001): a subnet in staging-vpc that the stack does not declare (10.0.200.0/24)",
      `changed link-drs-endpoint (${endpointId}): is in the subnets subnet-0feedfacecafe0001, the stack declares stagingSubnetIds[0], stagingSubnetIds[1]`,
    ]);
  });

  it("the peering replaced by another one made by hand", async () => {
    const d = await deployedOnce("dev");
    const pcx = String(d.outputs.peeringConnectionId);
    const capture = editedCapture(d.capture, (regions) => {
      for (const ops of Object.values(regions)) {
        const list = ops.DescribeVpcPeeringConnections?.VpcPeeringConnections ?? [];
        const own = list.find((p) => p.VpcPeeringConnectionId === pcx);
        if (own === undefined) continue;
        list.push({ ...structuredClone(own), VpcPeeringConnectionId: "pcx-0cccccccccccccccc", Tags: [{ Key: "Name", Value: "by-hand" }] });
        own.Status = { Code: "deleted", Message: "Deleted" };
      }
    });
    const lines = drift(d, capture);
    assert.ok(lines.includes(`changed peeringConnectionId (${pcx}): the peering ${pcx} is deleted, not active`), lines.join("\n"));
    assert.ok(lines.some((l) => l.startsWith("added by-hand (pcx-0cccccccccccccccc): joins")), lines.join("\n"));
  });

  it("an adopted route table's own routes are its owners', not drift; the stack's route gone is", async () => {
    const d = await deployedOnce("estate");
    const capture = editedCapture(d.capture, (regions) => {
      const t = regions["eu-west-1"].DescribeRouteTables?.RouteTables?.find((x) => x.RouteTableId === "rtb-0123456789abcdef0");
      t?.Routes?.push({ DestinationCidrBlock: "192.168.0.0/16", TransitGatewayId: "tgw-0abc", State: "active", Origin: "CreateRoute" });
    });
    assert.deepEqual(drift(d, capture), []);
    const withoutRoute = editedCapture(d.capture, (regions) => {
      const t = regions["eu-west-1"].DescribeRouteTables?.RouteTables?.find((x) => x.RouteTableId === "rtb-0123456789abcdef0");
      if (t !== undefined) t.Routes = t.Routes?.filter((r) => r.VpcPeeringConnectionId === undefined);
    });
    assert.deepEqual(drift(d, withoutRoute), [`changed rtb-0123456789abcdef0: lost a route the stack declares: 10.0.0.0/16 via the peering sourceNetworks.ops.peeringConnectionId`]);
  });
});
