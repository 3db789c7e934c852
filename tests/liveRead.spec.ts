import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LiveCapture, RegionCapture } from "../lib/verifier/aws";
import { isAccessError, isNetworkError, LIVE_PERMISSIONS, LiveAccessError, readLive } from "../live/read";
import { livePlan } from "../live/scope";
import { fakeAws } from "./support/fakeAws";
import { DeployedStack, deployedOnce, editedCapture, launchServers, withLaunch } from "./support/liveFixture";

/** Each operation's items in a region, as sorted JSON, for comparing captures whatever the page or read order. */
function items(capture: LiveCapture, region: string): Record<string, string[]> {
  const ops = capture.regions[region] ?? {};
  const out: Record<string, string[]> = {};
  for (const [op, output] of Object.entries(ops) as [keyof RegionCapture, Record<string, unknown>][]) {
    const list = Object.values(output).find(Array.isArray) as unknown[] | undefined;
    const listed = (list ?? []).map((i) => JSON.stringify(i)).sort();
    if (listed.length > 0) out[op] = listed;
    if (op === "GetHostedZone") out[op] = [JSON.stringify(output)];
  }
  return out;
}

describe("live/read (the AWS SDK reads)", () => {
  let dev: DeployedStack;
  let estate: DeployedStack;
  let failback: DeployedStack;
  before(async () => {
    dev = await deployedOnce("dev");
    estate = await deployedOnce("estate");
    failback = await deployedOnce("failback");
  });

  // failback: the source region's read holds its failback staging VPC, zone, DRS templates and default launch template too.
  for (const stack of ["dev", "estate", "failback"] as const) {
    it(`${stack}: reads every item AWS holds of the stack's VPCs, following every page (one item a page)`, async () => {
      const d = { dev, estate, failback }[stack];
      const aws = fakeAws(d.capture, 1);
      const read = await readLive(d.plan, (region, auth) => aws.clientsFor(region, auth), () => new Date("2026-11-26T12:00:00Z"));
      assert.equal(read.capturedAt, "2026-11-26T12:00:00.000Z");
      assert.deepEqual(Object.keys(read.regions).sort(), Object.keys(d.capture.regions).sort());
      for (const region of Object.keys(d.capture.regions)) assert.deepEqual(items(read, region), items(d.capture, region), region);
      // Paged: a list longer than a page was asked for again with the token.
      assert.ok(aws.calls.some((c) => c.operation === "DescribeSubnets" && c.input.NextToken === "1"));
      assert.ok(aws.calls.some((c) => c.operation === "ListResourceRecordSets" && c.input.StartRecordName !== undefined));
      if (stack === "failback") assert.deepEqual(read.regions["eu-west-1"].DescribeLaunchTemplateVersions, d.capture.regions["eu-west-1"].DescribeLaunchTemplateVersions);
    });
  }

  it("reads the region's egress-only gateways (every page) and Elastic IPs (one call: DescribeAddresses has no pages), which no VPC filter narrows", async () => {
    const capture = editedCapture(dev.capture, (regions) => {
      regions["eu-west-1"].DescribeEgressOnlyInternetGateways = {
        EgressOnlyInternetGateways: ["eigw-0a", "eigw-0b", "eigw-0c"].map((id) => ({ EgressOnlyInternetGatewayId: id, Attachments: [{ VpcId: "vpc-0ffffffffffffffff", State: "attached" }] })),
      };
      regions["eu-west-1"].DescribeAddresses = { Addresses: ["a", "b", "c"].map((n, i) => ({ AllocationId: `eipalloc-0${n}`, PublicIp: `203.0.113.${i}` })) };
    });
    const aws = fakeAws(capture, 1);
    const read = await readLive(dev.plan, (region, auth) => aws.clientsFor(region, auth));
    assert.deepEqual(read.regions["eu-west-1"].DescribeEgressOnlyInternetGateways?.EgressOnlyInternetGateways?.map((g) => g.EgressOnlyInternetGatewayId), ["eigw-0a", "eigw-0b", "eigw-0c"]);
    assert.deepEqual(read.regions["eu-west-1"].DescribeAddresses?.Addresses?.map((a) => a.AllocationId), ["eipalloc-0a", "eipalloc-0b", "eipalloc-0c"]);
    const calls = (op: string) => aws.calls.filter((c) => c.region === "eu-west-1" && c.operation === op);
    assert.deepEqual(calls("DescribeAddresses").map((c) => c.input), [{}]);
    assert.equal(calls("DescribeEgressOnlyInternetGateways").length, 3);
  });

  it("reads each region as the side whose VPCs are there, with the stack's roles", async () => {
    const aws = fakeAws(estate.capture);
    await readLive(estate.plan, (region, auth) => aws.clientsFor(region, auth));
    const sides = [...new Set(aws.calls.map((c) => `${c.region} ${c.auth.assumeRoleArn ?? "ambient"}`))].sort();
    assert.deepEqual(sides, [
      "eu-central-1 arn:aws:iam::111111111111:role/drs-network-deployer",
      "eu-west-1 arn:aws:iam::111111111111:role/drs-network-deployer",
      "eu-west-1 arn:aws:iam::222222222222:role/drs-network-deployer",
      "eu-west-2 arn:aws:iam::222222222222:role/drs-network-deployer",
    ]);
    // Only the DR side reads the zone and DRS; every EC2 call names the read's VPCs.
    assert.deepEqual([...new Set(aws.calls.filter((c) => /Hosted|Record|Replication/.test(c.operation)).map((c) => c.region))], ["eu-west-2"]);
    const vpcCall = aws.calls.find((c) => c.operation === "DescribeVpcs" && c.region === "eu-west-1" && c.auth.assumeRoleArn?.includes("222222222222"));
    assert.deepEqual(vpcCall?.input.Filters, [{ Name: "vpc-id", Values: ["vpc-0123456789abcdef0"] }]);
  });

  it("calls only the operations docs/verify-live.md's IAM policy allows, all of them read-only", async () => {
    // The estate's calls, those a stack with sources outside AWS adds (its connections and the resolver), and those a
    // recovery side adds (the source servers, their launch configurations and templates), and those readiness adds with
    // the agent rollout (the instances it targets).
    const called = new Set<string>();
    const devDrs = await deployedOnce("dev-drs");
    const rollout = await deployedOnce("rollout");
    for (const d of [
      estate,
      await deployedOnce("onprem"),
      { ...devDrs, capture: withLaunch(devDrs.capture, "eu-west-2", launchServers(devDrs)) },
      { ...rollout, plan: livePlan(rollout.outputs, rollout.settings, { readiness: true }) },
    ]) {
      const aws = fakeAws(d.capture);
      await readLive(d.plan, (region, auth) => aws.clientsFor(region, auth));
      for (const c of aws.calls) called.add(c.operation);
    }
    for (const op of called) assert.ok(LIVE_PERMISSIONS.some((p) => p.endsWith(`:${op}`)), `${op} is not in LIVE_PERMISSIONS`);
    for (const p of LIVE_PERMISSIONS) assert.match(p, /^(ec2|route53|route53resolver|drs):(Describe|List|Get)/);
    assert.equal(called.size, LIVE_PERMISSIONS.length, "every listed permission is used");
  });

  it("docs/verify-live.md's least-privilege policy lists exactly LIVE_PERMISSIONS", () => {
    const readme = readFileSync(join(__dirname, "..", "docs", "verify-live.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Least-privilege IAM policy"));
    const policy = JSON.parse(section.slice(section.indexOf("```json\n") + 8, section.indexOf("\n```", section.indexOf("```json\n")))) as { Statement: { Action: string[] }[] };
    assert.deepEqual(policy.Statement.flatMap((s) => s.Action), [...LIVE_PERMISSIONS]);
  });

  it("stops at a refused call, naming the IAM action, the region and the side", async () => {
    const aws = fakeAws(dev.capture);
    aws.refuse("DescribeSecurityGroupRules", Object.assign(new Error("You are not authorized to perform this operation."), { name: "UnauthorizedOperation" }));
    await assert.rejects(readLive(dev.plan, (region, auth) => aws.clientsFor(region, auth)), (e: unknown) => {
      assert.ok(e instanceof LiveAccessError);
      assert.equal(e.permission, "ec2:DescribeSecurityGroupRules");
      assert.match(e.message, /^ec2:DescribeSecurityGroupRules in eu-west-[12] as the (DR|source) side was refused: UnauthorizedOperation: You are not authorized/);
      return true;
    });
  });

  it("takes an account where DRS is not initialized as one with no templates", async () => {
    const aws = fakeAws(dev.capture);
    aws.refuse("DescribeReplicationConfigurationTemplates", Object.assign(new Error("Account not initialized"), { name: "UninitializedAccountException" }));
    const read = await readLive(dev.plan, (region, auth) => aws.clientsFor(region, auth));
    assert.deepEqual(read.regions["eu-west-2"].DescribeReplicationConfigurationTemplates, { items: [] });
  });

  it("tells an endpoint that does not answer from a refusal and a fault", () => {
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT"]) assert.equal(new LiveAccessError("ec2:DescribeVpcs", "eu-west-2", "the DR side", Object.assign(new Error("x"), { code })).kind, "unreachable", code);
    assert.equal(new LiveAccessError("ec2:DescribeVpcs", "eu-west-2", "the DR side", { name: "UnauthorizedOperation", message: "no" }).kind, "refused");
    assert.equal(new LiveAccessError("ec2:DescribeVpcs", "eu-west-2", "the DR side", { name: "AccessDenied", message: "User x is not authorized to perform: sts:AssumeRole on resource: y" }).kind, "credentials");
    assert.equal(isNetworkError({ name: "ThrottlingException" }), false);
  });

  it("tells refusals and missing credentials from faults", () => {
    for (const name of ["UnauthorizedOperation", "AccessDenied", "AccessDeniedException", "CredentialsProviderError", "ExpiredToken"]) assert.equal(isAccessError({ name }), true, name);
    for (const name of ["ThrottlingException", "InternalError", "TypeError"]) assert.equal(isAccessError({ name }), false, name);
  });
});
