import * as assert from "node:assert/strict";
import type { StackValidationArgs } from "@pulumi/policy";
import { isolationPolicy, PolicyResourceLike, POLICIES, requiredFlowsPolicy, toDeclaredResources } from "../policy/policies";
import { verifyNetwork } from "../lib/verifier";
import { emptyAccount, FakeAccount } from "../synth/awsMocks";
import { declaredResources, synth } from "../synth/run";

/**
 * The dev stack as a policy pack sees it in a first preview: no ids yet, references known only as property
 * dependencies, the region on the provider.
 */
async function previewResources(config: Record<string, unknown> = { sourceRegion: "eu-west-1", drRegion: "eu-west-2" }, account?: FakeAccount): Promise<PolicyResourceLike[]> {
  const declared = declaredResources((await synth(config, account)).resources);
  // A property depends on the resource its value came from: the latest one declared before it with that id
  // (a route's peering id comes from the accepter, the accepter's from the peering).
  const sourceOf = (value: string, before: number) =>
    declared.slice(0, before).reverse().find((r) => r.props.id === value || r.props.prefixListId === value || r.props.zoneId === value);
  return declared.map((r, index) => {
    const props: Record<string, unknown> = {};
    const propertyDependencies: Record<string, { urn: string }[]> = {};
    for (const [key, value] of Object.entries(r.props)) {
      if (key === "id" || key === "arn") continue;
      const deps = new Set<string>();
      // In a preview, every value another resource will compute is unknown: the leaf holds no value.
      const unknowns = (v: unknown): unknown => {
        if (typeof v === "string") {
          const source = sourceOf(v, index);
          if (source !== undefined) {
            deps.add(source.urn);
            return undefined;
          }
          return v;
        }
        if (Array.isArray(v)) return v.map(unknowns);
        if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unknowns(x)]));
        return v;
      };
      props[key] = unknowns(value);
      if (deps.size > 0) propertyDependencies[key] = [...deps].map((urn) => ({ urn }));
    }
    return { type: r.type, name: r.name, urn: r.urn, props, provider: r.region ? { props: { region: r.region } } : undefined, propertyDependencies };
  });
}

function run(policy: typeof requiredFlowsPolicy, resources: PolicyResourceLike[], config: object = {}): { message: string; urn?: string }[] {
  const violations: { message: string; urn?: string }[] = [];
  const args = { resources, stackTags: new Map(), getConfig: () => config } as unknown as StackValidationArgs;
  void policy.validateStack(args, (message, urn) => violations.push({ message, urn }));
  return violations;
}

describe("policy/policies", () => {
  let preview: PolicyResourceLike[];
  before(async () => {
    preview = await previewResources();
  });

  it("follows references through property dependencies when ids are unknown", () => {
    const declared = toDeclaredResources(preview);
    const route = declared.find((r) => r.name === "link-source-rt-to-staging");
    assert.equal(route?.props.routeTableId, undefined);
    assert.deepEqual(route?.propertyDependencies?.routeTableId, [preview.find((r) => r.name === "source-rt")?.urn]);
    assert.equal(route?.region, "eu-west-1");
  });

  it("finds no violation in the dev stack", () => {
    assert.deepEqual(POLICIES.map((p) => p.name), ["drs-required-flows", "drs-network-isolation"]);
    for (const policy of POLICIES) {
      assert.equal(policy.enforcementLevel, "mandatory");
      assert.deepEqual(run(policy, preview), [], policy.name);
    }
  });

  it("reports an unaccepted peering against the peering's URN", () => {
    // As if the program lost its accepter and routed to peering.id instead.
    const peeringUrn = preview.find((r) => r.name === "link-peering")?.urn as string;
    const accepterUrn = preview.find((r) => r.name === "link-peering-accepter")?.urn;
    const unaccepted = preview
      .filter((r) => r.urn !== accepterUrn)
      .map((r) => ({
        ...r,
        propertyDependencies: Object.fromEntries(
          Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => (d.urn === accepterUrn ? { urn: peeringUrn } : d))]),
        ),
      }));
    const violations = run(requiredFlowsPolicy, unaccepted);
    assert.equal(violations.length, 6);
    for (const v of violations) {
      assert.match(v.message, /reaches the (DRS|S3|EC2) interface endpoint on TCP 443, and the replies come back: link-peering is requested but never accepted$/);
      assert.equal(v.urn, peeringUrn);
    }
  });

  it("finds no violation with replication and the private hosted zone, following rule references by dependency", async () => {
    const drs = await previewResources({ sourceRegion: "eu-west-1", drRegion: "eu-west-2", drsDnsMode: "private-hosted-zone", replication: { enabled: true } });
    const egress = drs.find((r) => r.name === "replication-replication-sg")?.props.egress as { securityGroups?: unknown[] }[];
    assert.deepEqual(egress[0].securityGroups, [undefined]);
    for (const policy of POLICIES) assert.deepEqual(run(policy, drs), [], policy.name);
  });

  it("requires flow logs unless its config says the stack turned them off", () => {
    const noFlowLogs = preview.filter((r) => !r.name.endsWith("-flow-log"));
    assert.deepEqual(run(isolationPolicy, noFlowLogs).map((v) => v.message), [
      "every VPC of the stack has flow logs of all traffic, delivered by a role that writes only to its log group: source-vpc has no flow log of all its traffic",
      "every VPC of the stack has flow logs of all traffic, delivered by a role that writes only to its log group: staging-vpc has no flow log of all its traffic",
    ]);
    assert.deepEqual(run(isolationPolicy, noFlowLogs, { requireFlowLogs: false }), []);
  });

  it("passes an adopted VPC that gets the rollout's Systems Manager endpoints in its own subnets", async () => {
    // Its subnets are not declared: AWS puts an endpoint only in subnets of the endpoint's own VPC.
    const account = emptyAccount();
    account.vpcs["vpc-0123456789abcdef0"] = { region: "eu-west-1", cidrBlocks: ["172.20.0.0/16"] };
    account.routeTables["rtb-0123456789abcdef0"] = { region: "eu-west-1", vpcId: "vpc-0123456789abcdef0" };
    for (const id of ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]) account.subnets[id] = { region: "eu-west-1", vpcId: "vpc-0123456789abcdef0" };
    const config = {
      sourceRegion: "eu-west-1",
      drRegion: "eu-west-2",
      sourceVpc: { vpcId: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16", routeTableIds: ["rtb-0123456789abcdef0"], subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] },
      replication: { enabled: true },
      agentRollout: { enabled: true, adoptedVpcEndpoints: true },
    };
    const declared = declaredResources((await synth(config, account)).resources);
    const ssm = verifyNetwork(declared, { externalVpcs: [{ id: "vpc-0123456789abcdef0", cidrBlock: "172.20.0.0/16" }], agentRollout: true }).filter((v) => /reaches the (SSM|SSM messages|EC2 messages|CloudWatch Logs) interface endpoint/.test(v.description));
    assert.equal(ssm.length, 4);
    assert.deepEqual(ssm.filter((v) => !v.passed), []);
    const adopted = await previewResources(config, account);
    for (const policy of POLICIES) assert.deepEqual(run(policy, adopted), [], policy.name);
  });

  it("reports an Internet Gateway against its URN", () => {
    const igw: PolicyResourceLike = { type: "aws:ec2/internetGateway:InternetGateway", name: "rogue-igw", urn: "urn:pulumi:test::p::aws:ec2/internetGateway:InternetGateway::rogue-igw", props: {}, provider: { props: { region: "eu-west-1" } } };
    assert.deepEqual(run(isolationPolicy, [...preview, igw]), [
      { message: "no Internet Gateway, egress-only gateway, NAT gateway or Elastic IP: rogue-igw is an Internet Gateway", urn: igw.urn },
    ]);
    assert.deepEqual(run(requiredFlowsPolicy, [...preview, igw]), []);
  });
});
