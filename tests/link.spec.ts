import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Link } from "../components/link";
import { named, ofType, runMocked, SynthResource, T } from "../synth/run";

const SOURCE_VPC = "vpc-0aaaaaaaaaaaaaaa1";
const STAGING_VPC = "vpc-0bbbbbbbbbbbbbbb2";
const STAGING_SUBNETS = ["subnet-0ccccccccccccccc1", "subnet-0ccccccccccccccc2"];

function declare(drRegion = "eu-west-2", drsDnsMode: "endpoint-flag" | "private-hosted-zone" = "endpoint-flag") {
  return runMocked(() => {
    const sourceProvider = new aws.Provider("aws-source", { region: "eu-west-1" });
    const drProvider = new aws.Provider("aws-dr", { region: drRegion });
    const link = new Link("link", {
      sources: [
        {
          key: "",
          region: "eu-west-1",
          provider: sourceProvider,
          vpcId: SOURCE_VPC,
          cidrBlock: "10.1.0.0/16",
          routeTables: [
            { key: "rtb-0aaaaaaaaaaaaaaa3", id: pulumi.output("rtb-0aaaaaaaaaaaaaaa3") },
            { key: "rtb-0aaaaaaaaaaaaaaa4", id: pulumi.output("rtb-0aaaaaaaaaaaaaaa4") },
          ],
        },
      ],
      staging: {
        vpcId: STAGING_VPC,
        cidrBlock: "10.0.0.0/16",
        subnetIds: STAGING_SUBNETS,
        subnetCidrBlocks: ["10.0.0.0/24", "10.0.1.0/24"],
        routeTables: [{ key: "rt", id: pulumi.output("rtb-0bbbbbbbbbbbbbbb5") }],
      },
      drRegion,
      drsDnsMode,
      s3EndpointBuckets: ["aws-elastic-disaster-recovery-" + drRegion, "my-extra-bucket"],
      drProvider,
      accountIds: ["111111111111", "222222222222"],
    });
    return {
      peeringConnectionId: link.peeringConnectionIds[""],
      endpointSecurityGroupId: link.endpointSecurityGroupId,
      endpointDnsNames: link.endpointDnsNames,
      s3GatewayEndpointId: link.s3GatewayEndpointId,
      s3PrefixListId: link.s3PrefixListId,
      drsPrivateHostedZoneId: link.drsPrivateHostedZoneId,
    };
  });
}

/** The `*.`-less first DNS entry the mock gave an endpoint. */
function regionalName(endpoint: SynthResource): string {
  return (endpoint.state.dnsEntries as { dnsName: string }[])[0].dnsName.replace(/^\*\./, "");
}

describe("components/link", () => {
  it("requests the peering in the source region and accepts it through the DR-region provider", async () => {
    const { resources } = await declare();
    const peering = named(resources, "link-peering");
    assert.equal(peering.type, T.peering);
    assert.equal(peering.region, "eu-west-1");
    assert.equal(peering.inputs.vpcId, SOURCE_VPC);
    assert.equal(peering.inputs.peerVpcId, STAGING_VPC);
    assert.equal(peering.inputs.peerRegion, "eu-west-2");
    assert.equal(peering.inputs.autoAccept, undefined, "cross-region peering cannot be auto-accepted by the requester");
    const accepter = named(resources, "link-peering-accepter");
    assert.equal(accepter.type, T.peeringAccepter);
    assert.equal(accepter.region, "eu-west-2");
    assert.equal(accepter.inputs.vpcPeeringConnectionId, peering.id);
    assert.equal(accepter.inputs.autoAccept, true);
  });

  it("routes exactly the peer VPC's block through the accepted peering, one route per route table", async () => {
    const { resources } = await declare();
    const pcx = named(resources, "link-peering").id;
    const routes = ofType(resources, T.route).map((r) => ({ name: r.name, region: r.region, ...r.inputs }));
    assert.deepEqual(routes.sort((a, b) => a.name.localeCompare(b.name)), [
      {
        name: "link-source-rtb-0aaaaaaaaaaaaaaa3-to-staging",
        region: "eu-west-1",
        routeTableId: "rtb-0aaaaaaaaaaaaaaa3",
        destinationCidrBlock: "10.0.0.0/16",
        vpcPeeringConnectionId: pcx,
      },
      {
        name: "link-source-rtb-0aaaaaaaaaaaaaaa4-to-staging",
        region: "eu-west-1",
        routeTableId: "rtb-0aaaaaaaaaaaaaaa4",
        destinationCidrBlock: "10.0.0.0/16",
        vpcPeeringConnectionId: pcx,
      },
      {
        name: "link-staging-rt-to-source",
        region: "eu-west-2",
        routeTableId: "rtb-0bbbbbbbbbbbbbbb5",
        destinationCidrBlock: "10.1.0.0/16",
        vpcPeeringConnectionId: pcx,
      },
    ]);
  });

  it("admits HTTPS to the endpoints from the source VPC and each staging subnet only, and lets nothing out", async () => {
    const { resources } = await declare();
    const sg = named(resources, "link-endpoints-sg");
    assert.equal(sg.region, "eu-west-2");
    assert.equal(sg.inputs.vpcId, STAGING_VPC);
    assert.deepEqual(sg.inputs.ingress, [
      { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.1.0.0/16"], description: "HTTPS from the source VPC" },
      { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/24"], description: "HTTPS from staging subnet 10.0.0.0/24" },
      { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.1.0/24"], description: "HTTPS from staging subnet 10.0.1.0/24" },
    ]);
    assert.deepEqual(sg.inputs.egress, []);
    assert.equal(ofType(resources, T.securityGroup).length, 1);
  });

  it("creates the DRS, EC2 and S3 interface endpoints in every staging subnet behind that group", async () => {
    const { resources } = await declare();
    const sgId = named(resources, "link-endpoints-sg").id;
    const expected = { drs: true, ec2: true, s3: false };
    for (const [service, privateDns] of Object.entries(expected)) {
      const endpoint = named(resources, `link-${service}-endpoint`);
      assert.equal(endpoint.region, "eu-west-2");
      assert.deepEqual(
        {
          vpcId: endpoint.inputs.vpcId,
          serviceName: endpoint.inputs.serviceName,
          vpcEndpointType: endpoint.inputs.vpcEndpointType,
          subnetIds: endpoint.inputs.subnetIds,
          securityGroupIds: endpoint.inputs.securityGroupIds,
          privateDnsEnabled: endpoint.inputs.privateDnsEnabled,
          routeTableIds: endpoint.inputs.routeTableIds,
        },
        {
          vpcId: STAGING_VPC,
          serviceName: `com.amazonaws.eu-west-2.${service}`,
          vpcEndpointType: "Interface",
          subnetIds: STAGING_SUBNETS,
          securityGroupIds: [sgId],
          privateDnsEnabled: privateDns,
          routeTableIds: undefined,
        },
        service,
      );
    }
  });

  it("creates the S3 gateway endpoint on the staging route tables only", async () => {
    const { resources } = await declare();
    const gateway = named(resources, "link-s3-gateway-endpoint");
    assert.equal(gateway.region, "eu-west-2");
    assert.equal(gateway.inputs.vpcId, STAGING_VPC);
    assert.equal(gateway.inputs.serviceName, "com.amazonaws.eu-west-2.s3");
    assert.equal(gateway.inputs.vpcEndpointType, "Gateway");
    assert.deepEqual(gateway.inputs.routeTableIds, ["rtb-0bbbbbbbbbbbbbbb5"]);
    assert.equal(gateway.inputs.subnetIds, undefined);
    assert.equal(gateway.inputs.securityGroupIds, undefined);
    assert.equal(ofType(resources, T.endpoint).length, 4);
  });

  it("uses the DR region's service names in another region", async () => {
    const { resources } = await declare("ap-southeast-7");
    assert.deepEqual(
      ofType(resources, T.endpoint).map((e) => e.inputs.serviceName).sort(),
      ["com.amazonaws.ap-southeast-7.drs", "com.amazonaws.ap-southeast-7.ec2", "com.amazonaws.ap-southeast-7.s3", "com.amazonaws.ap-southeast-7.s3"],
    );
    assert.equal(named(resources, "link-peering").inputs.peerRegion, "ap-southeast-7");
  });

  it("parents every child to the link and exposes its ids and the endpoints' regional names", async () => {
    const { resources, outputs } = await declare();
    for (const r of resources.filter((x) => x.custom && x.type !== T.provider)) {
      assert.match(r.urn, /::drs-secured-network:link:Link\$aws:/, r.name);
    }
    assert.deepEqual(outputs, {
      peeringConnectionId: named(resources, "link-peering").id,
      endpointSecurityGroupId: named(resources, "link-endpoints-sg").id,
      endpointDnsNames: {
        drs: regionalName(named(resources, "link-drs-endpoint")),
        ec2: regionalName(named(resources, "link-ec2-endpoint")),
        s3: regionalName(named(resources, "link-s3-endpoint")),
      },
      s3GatewayEndpointId: named(resources, "link-s3-gateway-endpoint").id,
      s3PrefixListId: named(resources, "link-s3-gateway-endpoint").state.prefixListId,
      drsPrivateHostedZoneId: undefined,
    });
    assert.match(String(outputs.s3PrefixListId), /^pl-[0-9a-f]{8}$/);
    assert.match(String((outputs.endpointDnsNames as Record<string, string>).s3), /^vpce-[0-9a-f]{17}-[0-9a-z]{8}\.s3\.eu-west-2\.vpce\.amazonaws\.com$/);
  });

  it("lets only s3:GetObject on the configured buckets through both S3 endpoints", async () => {
    const { resources } = await declare();
    const expected = {
      Version: "2012-10-17",
      Statement: [
        { Sid: "DrsBucketsReadOnly", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: ["arn:aws:s3:::aws-elastic-disaster-recovery-eu-west-2/*", "arn:aws:s3:::my-extra-bucket/*"] },
      ],
    };
    assert.deepEqual(JSON.parse(String(named(resources, "link-s3-endpoint").inputs.policy)), expected);
    assert.deepEqual(JSON.parse(String(named(resources, "link-s3-gateway-endpoint").inputs.policy)), expected);
  });

  it("lets through the DRS and EC2 endpoints only the stack's accounts, on both ends, and what DRS's guide requires", async () => {
    const { resources } = await declare();
    const accounts = ["111111111111", "222222222222"];
    const ours = { "aws:PrincipalAccount": accounts };
    const drs = JSON.parse(String(named(resources, "link-drs-endpoint").inputs.policy));
    assert.deepEqual(drs.Statement, [
      { Sid: "TheStacksAccountsOnTheirOwnResources", Effect: "Allow", Principal: "*", Action: "drs:*", Resource: "*", Condition: { StringEquals: { ...ours, "aws:ResourceAccount": accounts } } },
      { Sid: "AwsServicesForTheAccounts", Effect: "Allow", Principal: "*", Action: "drs:*", Resource: "*", Condition: { Bool: { "aws:PrincipalIsAWSService": "true" } } },
      { Sid: "ReadDrsByTheStacksAccounts", Effect: "Allow", Principal: "*", Action: ["drs:Describe*", "drs:List*", "drs:Get*"], Resource: "*", Condition: { StringEquals: ours } },
      // DRS guide, "installing the agent on a blocked network": a restricted DRS endpoint policy must admit this, as is.
      { Sid: "DrsAgentSession", Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "arn:aws:execute-api:eu-west-2:*.*/POST/CreateSessionForDrs" },
    ]);
    const ec2 = JSON.parse(String(named(resources, "link-ec2-endpoint").inputs.policy));
    assert.deepEqual(ec2.Statement.map((st: { Action: unknown; Condition: unknown }) => [st.Action, st.Condition]), [
      ["ec2:*", { StringEquals: { ...ours, "aws:ResourceAccount": accounts } }],
      ["ec2:*", { Bool: { "aws:PrincipalIsAWSService": "true" } }],
      ["ec2:Describe*", { StringEquals: ours }],
    ]);
  });

  describe("private-hosted-zone mode", () => {
    it("turns the DRS endpoint's private DNS off and answers drs.<region>.amazonaws.com from a zone in both VPCs", async () => {
      const { resources, outputs } = await declare("eu-west-2", "private-hosted-zone");
      assert.equal(named(resources, "link-drs-endpoint").inputs.privateDnsEnabled, false);
      assert.equal(named(resources, "link-ec2-endpoint").inputs.privateDnsEnabled, true);
      const zone = named(resources, "link-drs-zone");
      assert.equal(zone.type, "aws:route53/zone:Zone");
      assert.equal(zone.inputs.name, "drs.eu-west-2.amazonaws.com");
      assert.deepEqual(zone.inputs.vpcs, [
        { vpcId: STAGING_VPC, vpcRegion: "eu-west-2" },
        { vpcId: SOURCE_VPC, vpcRegion: "eu-west-1" },
      ]);
      const drsEntry = (named(resources, "link-drs-endpoint").state.dnsEntries as { dnsName: string; hostedZoneId: string }[])[0];
      const alias = named(resources, "link-drs-alias");
      assert.deepEqual(
        { zoneId: alias.inputs.zoneId, name: alias.inputs.name, type: alias.inputs.type, aliases: alias.inputs.aliases },
        { zoneId: zone.state.zoneId, name: "drs.eu-west-2.amazonaws.com", type: "A", aliases: [{ name: drsEntry.dnsName, zoneId: drsEntry.hostedZoneId, evaluateTargetHealth: false }] },
      );
      assert.equal(outputs.drsPrivateHostedZoneId, zone.state.zoneId);
    });

    it("declares no zone in endpoint-flag mode, where the DRS endpoint keeps its private DNS", async () => {
      const { resources, outputs } = await declare();
      assert.equal(named(resources, "link-drs-endpoint").inputs.privateDnsEnabled, true);
      assert.deepEqual(resources.filter((r) => r.type.startsWith("aws:route53")), []);
      assert.equal(outputs.drsPrivateHostedZoneId, undefined);
    });
  });
});
