import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { SourceVpc } from "../components/sourceVpc";
import { named, ofType, runMocked, T } from "../synth/run";

const SUBNETS = [
  { availabilityZone: "eu-west-1a", cidrBlock: "10.1.0.0/24" },
  { availabilityZone: "eu-west-1b", cidrBlock: "10.1.1.0/24" },
];

function declare(args: ConstructorParameters<typeof SourceVpc>[1]) {
  return runMocked(() => {
    const provider = new aws.Provider("aws-source", { region: "eu-west-1" });
    const vpc = new SourceVpc("source", args, { provider });
    return {
      vpcId: vpc.vpcId,
      cidrBlock: vpc.cidrBlock,
      subnetIds: vpc.subnetIds,
      routeTableKeys: vpc.routeTables.map((t) => t.key),
      routeTableIds: vpc.routeTables.map((t) => t.id),
      s3PrefixListId: vpc.s3PrefixListId,
    };
  });
}

describe("components/sourceVpc", () => {
  describe("created", () => {
    it("declares an isolated VPC with DNS on, in the source region, under the component", async () => {
      const { resources } = await declare({ region: "eu-west-1", create: { cidrBlock: "10.1.0.0/16", subnets: SUBNETS, stagingCidrBlock: "10.0.0.0/16" } });
      const component = named(resources, "source");
      assert.equal(component.type, "drs-secured-network:sourceVpc:SourceVpc");
      const custom = resources.filter((r) => r.custom && r.type !== T.provider);
      assert.deepEqual(custom.map((r) => r.name).sort(), [
        "source-default-nacl",
        "source-default-sg",
        "source-rt",
        "source-subnet-0",
        "source-subnet-0-rt",
        "source-subnet-1",
        "source-subnet-1-rt",
        "source-vpc",
      ]);
      for (const r of custom) {
        assert.equal(r.region, "eu-west-1", r.name);
        assert.match(r.urn, /::drs-secured-network:sourceVpc:SourceVpc\$aws:/, r.name);
      }
      const vpc = named(resources, "source-vpc");
      assert.equal(vpc.inputs.cidrBlock, "10.1.0.0/16");
      assert.equal(vpc.inputs.enableDnsSupport, true);
      assert.equal(vpc.inputs.enableDnsHostnames, true);
      assert.deepEqual(vpc.inputs.tags, { Name: "source-vpc", Purpose: "DRS source servers" });
    });

    it("names its subnets on the default ACL they use, as the provider reads them back (no change on the next preview)", async () => {
      const { resources } = await declare({ region: "eu-west-1", create: { cidrBlock: "10.1.0.0/16", subnets: SUBNETS, stagingCidrBlock: "10.0.0.0/16" } });
      const acl = named(resources, "source-default-nacl");
      assert.deepEqual(acl.inputs.subnetIds, [named(resources, "source-subnet-0").id, named(resources, "source-subnet-1").id]);
    });

    it("closes the default security group: no ingress, no egress", async () => {
      const { resources } = await declare({ region: "eu-west-1", create: { cidrBlock: "10.1.0.0/16", subnets: SUBNETS, stagingCidrBlock: "10.0.0.0/16" } });
      const sg = named(resources, "source-default-sg");
      assert.equal(sg.type, T.defaultSecurityGroup);
      assert.equal(sg.inputs.vpcId, named(resources, "source-vpc").id);
      assert.deepEqual(sg.inputs.ingress, []);
      assert.deepEqual(sg.inputs.egress, []);
    });

    it("puts one private subnet in each zone, all on the one route table, which has no route of its own", async () => {
      const { resources } = await declare({ region: "eu-west-1", create: { cidrBlock: "10.1.0.0/16", subnets: SUBNETS, stagingCidrBlock: "10.0.0.0/16" } });
      const vpcId = named(resources, "source-vpc").id;
      const table = named(resources, "source-rt");
      assert.equal(table.inputs.vpcId, vpcId);
      assert.equal(table.inputs.routes, undefined);
      assert.deepEqual(ofType(resources, T.route), []);
      SUBNETS.forEach((plan, i) => {
        const subnet = named(resources, `source-subnet-${i}`);
        assert.equal(subnet.inputs.vpcId, vpcId);
        assert.equal(subnet.inputs.cidrBlock, plan.cidrBlock);
        assert.equal(subnet.inputs.availabilityZone, plan.availabilityZone);
        assert.equal(subnet.inputs.mapPublicIpOnLaunch, false);
        assert.equal(subnet.inputs.assignIpv6AddressOnCreation, undefined);
        const association = named(resources, `source-subnet-${i}-rt`);
        assert.deepEqual(association.inputs, { subnetId: subnet.id, routeTableId: table.id });
      });
    });

    it("exposes the VPC, its subnets and its route table", async () => {
      const { resources, outputs } = await declare({ region: "eu-west-1", create: { cidrBlock: "10.1.0.0/16", subnets: SUBNETS, stagingCidrBlock: "10.0.0.0/16" } });
      assert.deepEqual(outputs, {
        vpcId: named(resources, "source-vpc").id,
        cidrBlock: "10.1.0.0/16",
        subnetIds: [named(resources, "source-subnet-0").id, named(resources, "source-subnet-1").id],
        routeTableKeys: ["rt"],
        routeTableIds: [named(resources, "source-rt").id],
        s3PrefixListId: undefined,
      });
    });
  });

  describe("adopted", () => {
    const adopt = {
      vpcId: "vpc-0123456789abcdef0",
      cidrBlock: "172.20.0.0/16",
      routeTableIds: ["rtb-0123456789abcdef0", "rtb-0fedcba9876543210"],
      subnetIds: ["subnet-0123456789abcdef0"],
    };

    it("creates nothing in the VPC", async () => {
      const { resources } = await declare({ region: "eu-west-1", adopt });
      assert.deepEqual(
        resources.map((r) => r.type),
        [T.provider, "drs-secured-network:sourceVpc:SourceVpc"],
      );
    });

    it("exposes the given ids, keying each route table by its id", async () => {
      const { outputs } = await declare({ region: "eu-west-1", adopt });
      assert.deepEqual(outputs, {
        vpcId: "vpc-0123456789abcdef0",
        cidrBlock: "172.20.0.0/16",
        subnetIds: ["subnet-0123456789abcdef0"],
        routeTableKeys: ["rtb-0123456789abcdef0", "rtb-0fedcba9876543210"],
        routeTableIds: ["rtb-0123456789abcdef0", "rtb-0fedcba9876543210"],
        s3PrefixListId: undefined,
      });
    });
  });

  describe("package repository endpoint", () => {
    const buckets = ["amazonlinux-2-repos-eu-west-1", "al2023-repos-eu-west-1-de612dc2"];

    it("puts an S3 gateway endpoint on the created route table, reading only the repository buckets", async () => {
      const { resources, outputs } = await declare({ region: "eu-west-1", create: { cidrBlock: "10.1.0.0/16", subnets: SUBNETS, stagingCidrBlock: "10.0.0.0/16" }, s3GatewayBuckets: buckets });
      const endpoint = named(resources, "source-s3-gateway-endpoint");
      assert.equal(endpoint.region, "eu-west-1");
      assert.match(endpoint.urn, /::drs-secured-network:sourceVpc:SourceVpc\$aws:ec2\/vpcEndpoint:VpcEndpoint::/);
      assert.deepEqual(
        [endpoint.inputs.vpcId, endpoint.inputs.serviceName, endpoint.inputs.vpcEndpointType, endpoint.inputs.routeTableIds],
        [named(resources, "source-vpc").id, "com.amazonaws.eu-west-1.s3", "Gateway", [named(resources, "source-rt").id]],
      );
      assert.deepEqual(JSON.parse(String(endpoint.inputs.policy)).Statement[0], {
        Sid: "PackageRepositoriesReadOnly",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: ["arn:aws:s3:::al2023-repos-eu-west-1-de612dc2/*", "arn:aws:s3:::amazonlinux-2-repos-eu-west-1/*"],
      });
      assert.equal(outputs.s3PrefixListId, endpoint.state.prefixListId);
    });

    it("attaches it to the adopted route tables when asked", async () => {
      const { resources } = await declare({
        region: "eu-west-1",
        adopt: { vpcId: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-0123456789abcdef0"], subnetIds: [] },
        s3GatewayBuckets: buckets,
      });
      const endpoint = named(resources, "source-s3-gateway-endpoint");
      assert.deepEqual([endpoint.inputs.vpcId, endpoint.inputs.routeTableIds], ["vpc-0123456789abcdef0", ["rtb-0123456789abcdef0"]]);
      assert.deepEqual(ofType(resources, T.endpoint).length, 1);
    });
  });
});
