import * as assert from "node:assert/strict";
import { allPassed, DeclaredResource, verifyNetwork } from "../lib/verifier";
import { emptyAccount, FakeAccount } from "../synth/awsMocks";
import { declaredResources, synth } from "../synth/run";
import { changed, failures, find, without } from "./support/declaredEdits";
import { AWS_DEFAULT_ENDPOINT_POLICY } from "./support/liveFixture";

const DEV = { sourceRegion: "eu-west-1", drRegion: "eu-west-2" };

async function declare(config: Record<string, unknown> = DEV, account?: FakeAccount): Promise<DeclaredResource[]> {
  return declaredResources((await synth(config, account)).resources);
}

describe("lib/verifier", () => {
  describe("the declared networks", () => {
    it("passes every verdict for the dev stack: 14 flows, the DNS check and 12 forbidden checks", async () => {
      const verdicts = verifyNetwork(await declare());
      assert.deepEqual(failures(verdicts), []);
      assert.equal(allPassed(verdicts), true);
      assert.deepEqual(
        verdicts.map((v) => v.id),
        [
          ...["source-subnet-0", "source-subnet-1"].flatMap((s) => [...["drs", "s3", "ec2"].map((e) => `flow:${s}->link-${e}-endpoint`), `flow:${s}->source-s3-gateway-endpoint`]),
          ...["staging-subnet-0", "staging-subnet-1"].flatMap((s) => [`flow:${s}->link-drs-endpoint`, `flow:${s}->link-ec2-endpoint`, `flow:${s}->link-s3-gateway-endpoint`]),
          "dns:drs-regional-name",
          "forbidden:vpcs-without-flow-logs",
          "forbidden:internet-gateways",
          "forbidden:public-ips",
          "forbidden:internet-routes",
          "forbidden:open-ingress",
          "forbidden:open-egress",
          "forbidden:public-replication",
          "forbidden:wide-peering-routes",
          "forbidden:overlapping-peers",
          "forbidden:acl-remote-admin",
          "forbidden:staging-acl-ports",
          "forbidden:endpoint-policies",
        ],
      );
    });

    it("gives each reachable flow its path there and back", async () => {
      const verdicts = verifyNetwork(await declare());
      assert.deepEqual(verdicts.find((v) => v.id === "flow:source-subnet-1->link-s3-endpoint")?.path, [
        "source-subnet-1",
        "source-rt (10.0.0.0/16)",
        "link-peering",
        "source-default-nacl: rule 110 out",
        "staging-nacl: rule 100 in",
        "staging-nacl: rule 100 out",
        "source-default-nacl: rule 110 in",
        "staging-subnet-0 (10.0.0.0/24)",
        "link-endpoints-sg: TCP 443 from 10.1.0.0/16",
        "link-s3-endpoint",
        "back: staging-rt (10.1.0.0/16)",
        "back: link-peering",
        "(and the same to its 1 other subnet)",
      ]);
      assert.deepEqual(verdicts.find((v) => v.id === "flow:staging-subnet-1->link-s3-gateway-endpoint")?.path, [
        "staging-subnet-1",
        "staging-nacl: rule 130 out",
        "staging-nacl: rule 160 in",
        "staging-rt (S3 prefix list)",
        "link-s3-gateway-endpoint",
      ]);
    });

    it("passes for another region pair with three zones", async () => {
      const verdicts = verifyNetwork(await declare({ sourceRegion: "us-east-1", drRegion: "ca-west-1", availabilityZoneCount: 3 }));
      assert.deepEqual(failures(verdicts), []);
      // Three source subnets to three endpoints and the package repositories, three staging subnets to three, DNS.
      assert.equal(verdicts.filter((v) => v.kind === "required-flow").length, 3 * 4 + 3 * 3 + 1);
    });

    describe("with an adopted source VPC", () => {
      const account: FakeAccount = {
        ...emptyAccount(),
        vpcs: { "vpc-0123456789abcdef0": { region: "eu-west-1", cidrBlocks: ["172.20.0.0/16"] } },
        routeTables: { "rtb-0123456789abcdef0": { region: "eu-west-1", vpcId: "vpc-0123456789abcdef0" } },
      };
      const config = { ...DEV, sourceVpc: { vpcId: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-0123456789abcdef0"] } };

      it("checks the flows from the adopted VPC's block through its route table", async () => {
        const verdicts = verifyNetwork(await declare(config, account), { externalVpcs: [{ id: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16" }] });
        assert.deepEqual(failures(verdicts), []);
        assert.deepEqual(
          verdicts.filter((v) => v.id.startsWith("flow:vpc-")).map((v) => v.description),
          ["DRS", "S3", "EC2"].map((e) => `vpc-0123456789abcdef0 via rtb-0123456789abcdef0 (172.20.0.0/16) reaches the ${e} interface endpoint on TCP 443, and the replies come back`),
        );
      });

      it("infers the adopted block from the staging route when it is not given, and says so", async () => {
        const verdicts = verifyNetwork(await declare(config, account));
        assert.deepEqual(failures(verdicts), []);
        assert.deepEqual(verdicts.find((v) => v.id === "forbidden:open-ingress")?.notes, [
          "the block of vpc-0123456789abcdef0, which the stack does not declare, is taken to be 172.20.0.0/16, the block the peer VPC routes to it",
        ]);
      });
    });
  });

  describe("broken variants, each caught with the blocking component named", () => {
    let dev: DeclaredResource[];
    before(async () => {
      dev = await declare();
    });

    it("a route to an Internet Gateway", () => {
      const igw: DeclaredResource = { type: "aws:ec2/internetGateway:InternetGateway", name: "rogue-igw", urn: "urn:rogue-igw", region: "eu-west-1", props: { id: "igw-0123456789abcdef0", vpcId: find(dev, "source-vpc").props.id } };
      const route: DeclaredResource = {
        type: "aws:ec2/route:Route",
        name: "rogue-default-route",
        urn: "urn:rogue-route",
        region: "eu-west-1",
        props: { routeTableId: find(dev, "source-rt").props.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-0123456789abcdef0" },
      };
      assert.deepEqual(failures(verifyNetwork([...dev, igw, route])), [
        "forbidden:internet-gateways: rogue-igw is an Internet Gateway",
        "forbidden:internet-routes: rogue-default-route routes 0.0.0.0/0",
        "forbidden:internet-routes: rogue-default-route targets gatewayId igw-0123456789abcdef0",
      ]);
    });

    it("a security group open to 0.0.0.0/0", () => {
      const sg = find(dev, "link-endpoints-sg");
      const ingress = [...(sg.props.ingress as object[]), { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }];
      assert.deepEqual(failures(verifyNetwork(changed(dev, "link-endpoints-sg", { ingress }))), [
        "forbidden:open-ingress: link-endpoints-sg admits TCP 443 from 0.0.0.0/0, outside every declared VPC block",
      ]);
    });

    it("a missing return route on the staging side", () => {
      const found = failures(verifyNetwork(without(dev, "link-staging-rt-to-source")));
      assert.deepEqual(found, [
        "flow:source-subnet-0->link-drs-endpoint: staging-rt has no route to 10.1.0.0/24",
        "flow:source-subnet-0->link-s3-endpoint: staging-rt has no route to 10.1.0.0/24",
        "flow:source-subnet-0->link-ec2-endpoint: staging-rt has no route to 10.1.0.0/24",
        "flow:source-subnet-1->link-drs-endpoint: staging-rt has no route to 10.1.1.0/24",
        "flow:source-subnet-1->link-s3-endpoint: staging-rt has no route to 10.1.1.0/24",
        "flow:source-subnet-1->link-ec2-endpoint: staging-rt has no route to 10.1.1.0/24",
      ]);
    });

    it("a missing route on the source side", () => {
      const found = failures(verifyNetwork(without(dev, "link-source-rt-to-staging")));
      assert.equal(found.length, 6);
      assert.ok(found.every((f) => f.endsWith(": source-rt has no route to 10.0.0.0/24")), found.join("\n"));
    });

    it("an endpoint in the wrong subnets", () => {
      const sourceSubnets = ["source-subnet-0", "source-subnet-1"].map((n) => find(dev, n).props.id);
      const found = failures(verifyNetwork(changed(dev, "link-drs-endpoint", { subnetIds: sourceSubnets })));
      assert.equal(found.length, 4);
      assert.ok(found.every((f) => f.endsWith(": link-drs-endpoint its subnet source-subnet-0 is not in the endpoint's VPC staging-vpc")), found.join("\n"));
    });

    it("an endpoint in the wrong VPC", () => {
      const broken = changed(dev, "link-ec2-endpoint", {
        vpcId: find(dev, "source-vpc").props.id,
        subnetIds: ["source-subnet-0", "source-subnet-1"].map((n) => find(dev, n).props.id),
      });
      const found = failures(verifyNetwork(broken));
      assert.equal(found.length, 4);
      assert.ok(found.every((f) => f.endsWith(": link-ec2-endpoint is in source-vpc, not in the staging VPC staging-vpc")), found.join("\n"));
    });

    it("a peering never accepted", () => {
      const found = failures(verifyNetwork(without(dev, "link-peering-accepter")));
      assert.equal(found.length, 6);
      assert.ok(found.every((f) => f.endsWith(": link-peering is requested but never accepted")), found.join("\n"));
    });

    it("an endpoint security group that no longer admits the source block", () => {
      const sg = find(dev, "link-endpoints-sg");
      const ingress = (sg.props.ingress as { cidrBlocks: string[] }[]).filter((r) => !r.cidrBlocks.includes("10.1.0.0/16"));
      const found = failures(verifyNetwork(changed(dev, "link-endpoints-sg", { ingress })));
      assert.deepEqual(found, [
        "flow:source-subnet-0->link-drs-endpoint: link-endpoints-sg admits no TCP 443 from 10.1.0.0/24",
        "flow:source-subnet-0->link-s3-endpoint: link-endpoints-sg admits no TCP 443 from 10.1.0.0/24",
        "flow:source-subnet-0->link-ec2-endpoint: link-endpoints-sg admits no TCP 443 from 10.1.0.0/24",
        "flow:source-subnet-1->link-drs-endpoint: link-endpoints-sg admits no TCP 443 from 10.1.1.0/24",
        "flow:source-subnet-1->link-s3-endpoint: link-endpoints-sg admits no TCP 443 from 10.1.1.0/24",
        "flow:source-subnet-1->link-ec2-endpoint: link-endpoints-sg admits no TCP 443 from 10.1.1.0/24",
      ]);
    });

    it("a staging route table without the S3 gateway endpoint", () => {
      const found = failures(verifyNetwork(changed(dev, "link-s3-gateway-endpoint", { routeTableIds: [] })));
      assert.deepEqual(found, [
        "flow:staging-subnet-0->link-s3-gateway-endpoint: staging-rt has no S3 prefix-list route: link-s3-gateway-endpoint is not attached to it",
        "flow:staging-subnet-1->link-s3-gateway-endpoint: staging-rt has no S3 prefix-list route: link-s3-gateway-endpoint is not attached to it",
      ]);
    });

    it("an endpoint behind a security group the stack does not declare", () => {
      const found = failures(verifyNetwork(without(dev, "link-endpoints-sg")));
      const sgId = find(dev, "link-endpoints-sg").props.id as string;
      assert.equal(found.length, 10);
      assert.equal(found[0], `flow:source-subnet-0->link-drs-endpoint: ${sgId} is not declared in this stack, so whether it admits TCP 443 from 10.1.0.0/24 cannot be checked`);
    });

    it("a missing endpoint", () => {
      const found = failures(verifyNetwork(without(dev, "link-drs-endpoint")));
      assert.equal(found.length, 5);
      assert.ok(found.every((f) => f.endsWith(": DRS interface endpoint is not declared")), found.join("\n"));
      assert.ok(found.includes("dns:drs-regional-name: DRS interface endpoint is not declared"));
    });

    it("a peering route wider than the peer VPC", () => {
      const found = failures(verifyNetwork(changed(dev, "link-source-rt-to-staging", { destinationCidrBlock: "10.0.0.0/8" })));
      assert.deepEqual(found, ["forbidden:wide-peering-routes: link-source-rt-to-staging routes 10.0.0.0/8 to link-peering, wider than the peer VPC's 10.0.0.0/16"]);
    });

    it("a subnet that maps public IPs, and an Elastic IP", () => {
      const eip: DeclaredResource = { type: "aws:ec2/eip:Eip", name: "rogue-eip", urn: "urn:rogue-eip", region: "eu-west-2", props: { domain: "vpc" } };
      const found = failures(verifyNetwork([...changed(dev, "staging-subnet-1", { mapPublicIpOnLaunch: true }), eip]));
      assert.deepEqual(found, [
        "forbidden:internet-gateways: rogue-eip is an Elastic IP",
        "forbidden:public-ips: staging-subnet-1 maps a public IP to every instance launched in it",
      ]);
    });

    it("an endpoint without a policy, one with AWS's full-access default, and one open to anyone on anything", () => {
      const open = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "ec2:*", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalAccount": ["123456789012"] } } }] });
      const broken = changed(changed(changed(dev, "link-drs-endpoint", { policy: undefined }), "link-ec2-endpoint", { policy: AWS_DEFAULT_ENDPOINT_POLICY }), "link-s3-endpoint", { policy: open });
      assert.deepEqual(failures(verifyNetwork(broken)).filter((f) => f.startsWith("forbidden:endpoint-policies")), [
        "forbidden:endpoint-policies: link-drs-endpoint has no endpoint policy: AWS's default lets any principal of any account act on any account's resources through it",
        "forbidden:endpoint-policies: link-ec2-endpoint lets any principal act on every resource through it (statement 1 names neither principals nor resources)",
        "forbidden:endpoint-policies: link-s3-endpoint lets any principal act on every resource through it (statement 1 names neither principals nor resources)",
      ]);
    });

    it("takes a policy not known yet (a preview) as a note, not a failure", () => {
      const verdict = verifyNetwork(changed(dev, "link-drs-endpoint", { policy: null })).find((v) => v.id === "forbidden:endpoint-policies");
      assert.equal(verdict?.passed, true);
      assert.deepEqual(verdict?.notes, ["link-drs-endpoint: its policy is not known yet (a preview, or a secret), so it is not judged"]);
    });

    it("a subnet without a route table association", () => {
      const found = failures(verifyNetwork(without(dev, "source-subnet-1-rt")));
      assert.deepEqual(found, [
        ...["drs", "s3", "ec2"].map((e) => `flow:source-subnet-1->link-${e}-endpoint: source-subnet-1 has no route table association (the main route table has only the local route)`),
        "flow:source-subnet-1->source-s3-gateway-endpoint: source-subnet-1 has no route table association (the main route table has no S3 prefix-list route)",
      ]);
    });

    it("a network ACL that lets no replies back to the source", () => {
      const acl = find(dev, "staging-nacl");
      const egress = (acl.props.egress as { cidrBlock: string }[]).filter((r) => r.cidrBlock !== "10.1.0.0/16");
      const found = failures(verifyNetwork(changed(dev, "staging-nacl", { egress })));
      assert.equal(found.length, 6);
      assert.equal(found[0], "flow:source-subnet-0->link-drs-endpoint: staging-nacl does not let out the replies (TCP 32768-65535) to 10.1.0.0/24");
    });

    it("a network ACL deny rule ahead of the allow", () => {
      const acl = find(dev, "staging-nacl");
      const ingress = [{ ruleNo: 50, action: "deny", protocol: "tcp", cidrBlock: "10.1.1.0/24", fromPort: 0, toPort: 65535 }, ...(acl.props.ingress as object[])];
      const found = failures(verifyNetwork(changed(dev, "staging-nacl", { ingress })));
      assert.deepEqual(found, ["drs", "s3", "ec2"].map((e) => `flow:source-subnet-1->link-${e}-endpoint: staging-nacl does not let in TCP 443 from 10.1.1.0/24 (rule 50 denies)`));
    });

    it("an ACL rule that lets RDP in from a source block, ahead of its deny", () => {
      const acl = find(dev, "staging-nacl");
      const ingress = [...(acl.props.ingress as object[]), { ruleNo: 115, action: "allow", protocol: "tcp", cidrBlock: "10.1.0.0/16", fromPort: 3389, toPort: 3389 }];
      assert.deepEqual(failures(verifyNetwork(changed(dev, "staging-nacl", { ingress }))), [
        "forbidden:staging-acl-ports: staging-nacl admits TCP 3389 (rule 115) from the source block 10.1.0.0/16 into staging-vpc's subnets",
      ]);
    });

    it("the old staging ACL: S3's replies from 0.0.0.0/0 on 1024-65535 and no deny for the source blocks", () => {
      const acl = find(dev, "staging-nacl");
      const ingress = (acl.props.ingress as { action: string; cidrBlock: string; fromPort: number }[])
        .filter((r) => r.action === "allow" && !(r.cidrBlock === "0.0.0.0/0" && r.fromPort === 3390))
        .map((r) => (r.cidrBlock === "0.0.0.0/0" ? { ...r, toPort: 65535 } : r));
      assert.deepEqual(failures(verifyNetwork(changed(dev, "staging-nacl", { ingress }))), [
        "forbidden:acl-remote-admin: staging-nacl admits TCP 3389 from 0.0.0.0/0 (rule 150)",
        "forbidden:staging-acl-ports: staging-nacl admits TCP 1024-1499 (rule 150), TCP 1501-65535 (rule 150) from the source block 10.1.0.0/16 into staging-vpc's subnets",
      ]);
    });

    it("UDP, ICMP or every protocol from a source block", () => {
      const acl = find(dev, "staging-nacl");
      const more = (rule: object) => changed(dev, "staging-nacl", { ingress: [...(acl.props.ingress as object[]), rule] });
      assert.deepEqual(failures(verifyNetwork(more({ ruleNo: 105, action: "allow", protocol: "udp", cidrBlock: "10.1.2.0/24", fromPort: 53, toPort: 53 }))), [
        "forbidden:staging-acl-ports: staging-nacl admits UDP (rule 105) from the source block 10.1.0.0/16 into staging-vpc's subnets",
      ]);
      assert.deepEqual(failures(verifyNetwork(more({ ruleNo: 101, action: "allow", protocol: "-1", cidrBlock: "10.0.0.0/8", fromPort: 0, toPort: 0 }))), [
        "forbidden:staging-acl-ports: staging-nacl admits TCP 0-442 (rule 101), TCP 444-1499 (rule 101), TCP 1501-65535 (rule 101), UDP (rule 101), ICMP (rule 101), every other protocol (rule 101) from the source block 10.1.0.0/16 into staging-vpc's subnets",
      ]);
    });

    it("a created VPC's default ACL left open (unmanaged)", () => {
      assert.deepEqual(failures(verifyNetwork(without(dev, "source-default-nacl"))), [
        "forbidden:acl-remote-admin: source-vpc leaves its default network ACL unmanaged, which admits everything from 0.0.0.0/0, TCP 22 and 3389 too",
      ]);
    });

    it("staging subnets on an unmanaged default ACL", async () => {
      const open = without(await declare({ ...DEV, stagingNetworkAcl: false }), "staging-default-nacl");
      assert.deepEqual(failures(verifyNetwork(open)), [
        "forbidden:acl-remote-admin: staging-vpc leaves its default network ACL unmanaged, which admits everything from 0.0.0.0/0, TCP 22 and 3389 too",
        "forbidden:staging-acl-ports: staging-subnet-0 has no managed network ACL, so every port is open from 10.1.0.0/16",
      ]);
    });

    it("a default ACL that admits SSH from anywhere", () => {
      const acl = find(dev, "source-default-nacl");
      const ingress = [{ ruleNo: 90, action: "allow", protocol: "tcp", cidrBlock: "0.0.0.0/0", fromPort: 22, toPort: 22 }, ...(acl.props.ingress as object[])];
      assert.deepEqual(failures(verifyNetwork(changed(dev, "source-default-nacl", { ingress }))), ["forbidden:acl-remote-admin: source-default-nacl admits TCP 22 from 0.0.0.0/0 (rule 90)"]);
    });

    it("a network ACL without the S3 rules", () => {
      const acl = find(dev, "staging-nacl");
      const egress = (acl.props.egress as { cidrBlock: string }[]).filter((r) => r.cidrBlock !== "0.0.0.0/0");
      assert.deepEqual(failures(verifyNetwork(changed(dev, "staging-nacl", { egress }))), [
        "flow:staging-subnet-0->link-s3-gateway-endpoint: staging-nacl does not let out TCP 443 to S3",
        "flow:staging-subnet-1->link-s3-gateway-endpoint: staging-nacl does not let out TCP 443 to S3",
      ]);
    });

    it("a VPC without flow logs, and a flow-log role that may write anywhere", () => {
      const wide = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }] });
      const found = failures(verifyNetwork(changed(without(dev, "source-flow-log"), "staging-flow-logs-policy", { policy: wide })));
      assert.deepEqual(found, [
        "forbidden:vpcs-without-flow-logs: source-vpc has no flow log of all its traffic",
        "forbidden:vpcs-without-flow-logs: staging-flow-logs-policy lets the flow-log role staging-flow-logs-role act on every resource, not only its log group",
      ]);
    });

    it("flow logs turned off by the configuration", () => {
      const verdicts = verifyNetwork(without(without(dev, "source-flow-log"), "staging-flow-log"), { requireFlowLogs: false });
      assert.deepEqual(failures(verdicts), []);
      assert.deepEqual(verdicts.find((v) => v.id === "forbidden:vpcs-without-flow-logs")?.notes, ["flow logs are turned off by the configuration"]);
    });

    it("no peering at all", () => {
      const found = failures(verifyNetwork(without(without(dev, "link-peering"), "link-peering-accepter")));
      assert.deepEqual(found, ["flow:peering: VPC peering is not declared, so no source subnet can reach the staging VPC"]);
    });
  });

  describe("with the agent rollout: Systems Manager's endpoints in the source VPC", () => {
    const ROLLOUT = { ...DEV, agentRollout: { enabled: true } };
    let rollout: DeclaredResource[];
    before(async () => (rollout = await declare(ROLLOUT)));
    const ssmFlows = ["source-subnet-0", "source-subnet-1"].flatMap((s) => ["ssm", "ssmmessages", "ec2messages", "logs"].map((e) => `flow:${s}->rollout-${e}-endpoint`));

    it("passes every verdict, with each source subnet's flow to each endpoint, its private DNS and its group", () => {
      const verdicts = verifyNetwork(rollout, { agentRollout: true });
      assert.deepEqual(failures(verdicts), []);
      const ids = verdicts.map((v) => v.id);
      for (const id of ssmFlows) assert.ok(ids.includes(id), id);
      const ssm = verdicts.find((v) => v.id === "flow:source-subnet-1->rollout-ssm-endpoint");
      assert.deepEqual(ssm?.path?.slice(0, 2), ["source-subnet-1", "local route"]);
      for (const hop of ["source-default-nacl: rule 100 out", "source-subnet-0 (10.1.0.0/24)", "rollout-ssm-endpoints-sg: TCP 443 from 10.1.0.0/16", "rollout-ssm-endpoint"]) assert.ok(ssm?.path?.includes(hop), hop);
    });

    it("the same verdicts without being told: the policy pack sees the rollout from its endpoints", () => {
      assert.deepEqual(verifyNetwork(rollout).map((v) => v.id), verifyNetwork(rollout, { agentRollout: true }).map((v) => v.id));
    });

    it("an SSM endpoint group that admits nothing", () => {
      const failed = failures(verifyNetwork(changed(rollout, "rollout-ssm-endpoints-sg", { ingress: [] }), { agentRollout: true }));
      assert.deepEqual(failed.filter((f) => f.startsWith("flow:source-subnet-0")), ["ssm", "ssmmessages", "ec2messages", "logs"].map((e) => `flow:source-subnet-0->rollout-${e}-endpoint: rollout-ssm-endpoints-sg admits no TCP 443 from 10.1.0.0/24`));
    });

    it("an SSM endpoint in the wrong VPC", () => {
      const staging = find(rollout, "staging-vpc").props.id;
      const failed = failures(verifyNetwork(changed(rollout, "rollout-ssm-endpoint", { vpcId: staging }), { agentRollout: true }));
      assert.ok(failed.includes("flow:source-subnet-0->rollout-ssm-endpoint: rollout-ssm-endpoint is in staging-vpc, not in the source VPC source-vpc"), failed.join("\n"));
    });

    it("an SSM endpoint with private DNS off, and one missing", () => {
      const failed = failures(verifyNetwork(without(changed(rollout, "rollout-logs-endpoint", { privateDnsEnabled: false }), "rollout-ssmmessages-endpoint"), { agentRollout: true }));
      assert.deepEqual(failed.filter((f) => f.startsWith("flow:source-subnet-1")), [
        "flow:source-subnet-1->ssm messages-interface-endpoint: SSM messages interface endpoint is not declared",
        "flow:source-subnet-1->rollout-logs-endpoint: rollout-logs-endpoint has private DNS off, so logs.eu-west-1.amazonaws.com does not resolve to it in source-vpc: SSM Agent would call the public endpoint, which has no route",
      ]);
    });

    it("no endpoint at all is caught only when the configuration says the rollout is on", () => {
      const none = rollout.filter((r) => !((r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" || r.type === "aws:ec2/securityGroup:SecurityGroup") && r.name.startsWith("rollout-")));
      assert.deepEqual(failures(verifyNetwork(none)), []);
      assert.equal(failures(verifyNetwork(none, { agentRollout: true })).length, 6);
    });
  });

  describe("with the agent rollout in another account than DRS, for Marketplace AMIs: the STS and EC2 endpoints too", () => {
    const CROSS = { ...DEV, sourceProvider: { accountId: "111111111111" }, drProvider: { accountId: "222222222222" }, agentRollout: { enabled: true, marketplaceAmis: true } };
    let cross: DeclaredResource[];
    before(async () => (cross = await declare(CROSS)));
    const installerFlows = ["source-subnet-0", "source-subnet-1"].flatMap((s) => ["ec2", "sts"].map((e) => `flow:${s}->rollout-${e}-endpoint`));

    it("judges each source subnet's flow to them like the Systems Manager endpoints, and passes", () => {
      const verdicts = verifyNetwork(cross, { agentRollout: true });
      assert.deepEqual(failures(verdicts), []);
      const ids = verdicts.map((v) => v.id);
      for (const id of installerFlows) assert.ok(ids.includes(id), id);
      assert.match(verdicts.find((v) => v.id === "flow:source-subnet-0->rollout-sts-endpoint")?.description ?? "", /reaches the STS interface endpoint on TCP 443/);
    });

    it("an STS endpoint with private DNS off: the installer would call the public name", () => {
      const failed = failures(verifyNetwork(changed(cross, "rollout-sts-endpoint", { privateDnsEnabled: false }), { agentRollout: true }));
      assert.deepEqual(failed, ["source-subnet-0", "source-subnet-1"].map((s) =>
        `flow:${s}->rollout-sts-endpoint: rollout-sts-endpoint has private DNS off, so sts.eu-west-1.amazonaws.com does not resolve to it in source-vpc: the DRS installer would call the public endpoint, which has no route`,
      ));
    });
  });

  describe("with DRS replication and the private hosted zone", () => {
    const config = { ...DEV, drsDnsMode: "private-hosted-zone", replication: { enabled: true } };
    let drs: DeclaredResource[];
    before(async () => {
      drs = await declare(config);
    });

    it("passes every verdict, with the TCP 1500 flows, the replication servers' own paths and the zone", () => {
      const verdicts = verifyNetwork(drs);
      assert.deepEqual(failures(verdicts), []);
      const ids = verdicts.map((v) => v.id);
      for (const id of [
        "flow:source-subnet-0->replication-template",
        "flow:source-subnet-1->replication-template",
        "flow:replication servers in staging-subnet-0->link-drs-endpoint",
        "flow:replication servers in staging-subnet-0->link-ec2-endpoint",
        "flow:replication servers in staging-subnet-0->link-s3-gateway-endpoint",
        "dns:drs-regional-name",
        "forbidden:public-replication",
      ]) {
        assert.ok(ids.includes(id), id);
      }
      const flow = verdicts.find((v) => v.id === "flow:source-subnet-1->replication-template");
      assert.equal(flow?.flow, "TCP 1500");
      assert.deepEqual(flow?.path, [
        "source-subnet-1",
        "replication-source-server-sg: out TCP 1500 to 10.0.0.0/24",
        "source-rt (10.0.0.0/16)",
        "link-peering",
        "source-default-nacl: rule 120 out",
        "staging-nacl: rule 110 in",
        "staging-nacl: rule 100 out",
        "source-default-nacl: rule 110 in",
        "staging-subnet-0 (10.0.0.0/24)",
        "replication-replication-sg: TCP 1500 from 10.1.0.0/16",
        "replication servers",
        "back: staging-rt (10.1.0.0/16)",
        "back: link-peering",
      ]);
      assert.deepEqual(verdicts.find((v) => v.id === "dns:drs-regional-name")?.path, ["link-drs-zone", "link-drs-alias", "link-drs-endpoint"]);
    });

    it("a replication group that no longer admits TCP 1500", () => {
      const found = failures(verifyNetwork(changed(drs, "replication-replication-sg", { ingress: [] })));
      assert.deepEqual(found, [
        "flow:source-subnet-0->replication-template: replication-replication-sg admits no TCP 1500 from 10.1.0.0/24",
        "flow:source-subnet-1->replication-template: replication-replication-sg admits no TCP 1500 from 10.1.1.0/24",
      ]);
    });

    it("a source-server group that does not let TCP 1500 out", () => {
      const sg = find(drs, "replication-source-server-sg");
      const egress = (sg.props.egress as { fromPort: number }[]).filter((r) => r.fromPort !== 1500);
      const found = failures(verifyNetwork(changed(drs, "replication-source-server-sg", { egress })));
      assert.deepEqual(found, [
        "flow:source-subnet-0->replication-template: replication-source-server-sg lets no TCP 1500 out to the replication servers (10.0.0.0/24)",
        "flow:source-subnet-1->replication-template: replication-source-server-sg lets no TCP 1500 out to the replication servers (10.0.0.0/24)",
      ]);
    });

    it("replication servers that cannot reach S3", () => {
      const sg = find(drs, "replication-replication-sg");
      const egress = (sg.props.egress as { prefixListIds?: string[] }[]).filter((r) => r.prefixListIds === undefined);
      assert.deepEqual(failures(verifyNetwork(changed(drs, "replication-replication-sg", { egress }))), [
        "flow:replication servers in staging-subnet-0->link-s3-gateway-endpoint: replication-replication-sg lets no TCP 443 out to the S3 prefix list",
      ]);
    });

    it("replication over public IPs", () => {
      const found = failures(verifyNetwork(changed(drs, "replication-template", { dataPlaneRouting: "PUBLIC_IP", createPublicIp: true })));
      assert.deepEqual(found, [
        "flow:source-subnet-0->replication-template: replication-template replicates over PUBLIC_IP, not PRIVATE_IP, so the data would not use the peering",
        "flow:source-subnet-1->replication-template: replication-template replicates over PUBLIC_IP, not PRIVATE_IP, so the data would not use the peering",
        "forbidden:public-replication: replication-template routes replication data over PUBLIC_IP, not PRIVATE_IP",
        "forbidden:public-replication: replication-template gives replication servers public IPs",
      ]);
    });

    it("a zone not associated with the source VPC", () => {
      const zone = find(drs, "link-drs-zone");
      const vpcs = (zone.props.vpcs as { vpcId: string }[]).filter((v) => v.vpcId !== find(drs, "source-vpc").props.id);
      assert.deepEqual(failures(verifyNetwork(changed(drs, "link-drs-zone", { vpcs }))), [
        "dns:drs-regional-name: link-drs-zone is not associated with source-vpc, so the name does not resolve there",
      ]);
    });

    it("the DRS endpoint's own private DNS left on beside the zone", () => {
      assert.deepEqual(failures(verifyNetwork(changed(drs, "link-drs-endpoint", { privateDnsEnabled: true }))), [
        "dns:drs-regional-name: link-drs-endpoint has private DNS on, which conflicts with the private hosted zone for drs.eu-west-2.amazonaws.com",
      ]);
    });

    it("a zone without the alias", () => {
      assert.deepEqual(failures(verifyNetwork(without(drs, "link-drs-alias"))), ["dns:drs-regional-name: link-drs-zone has no apex A alias to link-drs-endpoint"]);
    });

    it("a source-server group open to the world", () => {
      const sg = find(drs, "replication-source-server-sg");
      const egress = [...(sg.props.egress as object[]), { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }];
      assert.deepEqual(failures(verifyNetwork(changed(drs, "replication-source-server-sg", { egress }))), [
        "forbidden:open-egress: replication-source-server-sg lets out all traffic to 0.0.0.0/0, outside every declared VPC block",
      ]);
    });
  });

  it("fails the DNS check when the DRS endpoint has neither private DNS nor a zone", async () => {
    const dev = await declare({ ...DEV, drsDnsMode: "endpoint-flag" });
    assert.deepEqual(failures(verifyNetwork(changed(dev, "link-drs-endpoint", { privateDnsEnabled: false }))), [
      "dns:drs-regional-name: link-drs-endpoint has private DNS off, and no private hosted zone answers for the name",
    ]);
  });
});
