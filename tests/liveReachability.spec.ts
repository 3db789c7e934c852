import * as assert from "node:assert/strict";
import {
  CreateNetworkInsightsPathCommand,
  DeleteNetworkInsightsAnalysisCommand,
  DeleteNetworkInsightsPathCommand,
  DescribeNetworkInsightsAnalysesCommand,
  EC2Client,
  StartNetworkInsightsAnalysisCommand,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { judge } from "../lib/verifier";
import { modelFromAws } from "../lib/verifier/aws";
import { addressIn, analyze, CROSS_ACCOUNT_NOTE, explain, Leg, legsOf, reachabilityMarkdown } from "../live/reachability";
import { replicationServers } from "../live/cli";
import { DeployedStack, deployedOnce, editedCapture } from "./support/liveFixture";

/** An EC2 client whose Reachability Analyzer calls are answered by `answers`, every call recorded. */
function analyzer(answers: { create?: () => unknown; statuses?: { Status: string; NetworkPathFound?: boolean; Explanations?: unknown[]; StatusMessage?: string }[] }) {
  const ec2 = new EC2Client({ region: "eu-west-2" });
  const mock = mockClient(ec2 as unknown as Parameters<typeof mockClient>[0]);
  const calls: { op: string; input: Record<string, unknown> }[] = [];
  const statuses = [...(answers.statuses ?? [{ Status: "succeeded", NetworkPathFound: true }])];
  let n = 0;
  mock.on(CreateNetworkInsightsPathCommand as never).callsFake((input: Record<string, unknown>) => {
    calls.push({ op: "CreateNetworkInsightsPath", input });
    if (answers.create !== undefined) return answers.create();
    return { NetworkInsightsPath: { NetworkInsightsPathId: `nip-${++n}` } };
  });
  mock.on(StartNetworkInsightsAnalysisCommand as never).callsFake((input: Record<string, unknown>) => {
    calls.push({ op: "StartNetworkInsightsAnalysis", input });
    return { NetworkInsightsAnalysis: { NetworkInsightsAnalysisId: `nia-${n}`, Status: "running" } };
  });
  mock.on(DescribeNetworkInsightsAnalysesCommand as never).callsFake((input: Record<string, unknown>) => {
    calls.push({ op: "DescribeNetworkInsightsAnalyses", input });
    const next = statuses.length > 1 ? statuses.shift() : statuses[0];
    return { NetworkInsightsAnalyses: [{ NetworkInsightsAnalysisId: `nia-${n}`, ...next }] };
  });
  for (const [command, op] of [[DeleteNetworkInsightsAnalysisCommand, "DeleteNetworkInsightsAnalysis"], [DeleteNetworkInsightsPathCommand, "DeleteNetworkInsightsPath"]] as const) {
    mock.on(command as never).callsFake((input: Record<string, unknown>) => {
      calls.push({ op, input });
      return {};
    });
  }
  return { ec2, calls };
}

const noSleep = async () => undefined;

describe("live/reachability (AWS Reachability Analyzer beside the verifier)", () => {
  let dev: DeployedStack;
  before(async () => (dev = await deployedOnce("dev")));
  const verdictsOf = (d: DeployedStack) => judge(modelFromAws(d.capture, d.plan.scope));

  it("analyzes each source's peering to each staging interface endpoint, from an address of the source block", () => {
    const legs = legsOf(modelFromAws(dev.capture, dev.plan.scope), dev.plan.scope, verdictsOf(dev));
    assert.deepEqual(
      legs.map((l) => [l.source, l.sourceIp, l.verdictIds]),
      ["drs", "ec2", "s3"].map((e) => [String(dev.outputs.peeringConnectionId), "10.1.0.4", [`flow:source-subnet-eu-west-1a->link-${e}-endpoint`, `flow:source-subnet-eu-west-1b->link-${e}-endpoint`]]),
    );
    assert.equal(addressIn("172.20.0.0/16"), "172.20.0.4");
  });

  it("adds each running replication server's interface to the DRS and EC2 endpoints", async () => {
    const drs = await deployedOnce("dev-drs");
    const legs = legsOf(modelFromAws(drs.capture, drs.plan.scope), drs.plan.scope, verdictsOf(drs), [{ id: "eni-0abc", subnetName: "staging-subnet-eu-west-2a" }]);
    assert.deepEqual(legs.filter((l) => l.source === "eni-0abc").map((l) => l.verdictIds[0]), ["flow:replication servers in staging-subnet-eu-west-2a->link-drs-endpoint", "flow:replication servers in staging-subnet-eu-west-2a->link-ec2-endpoint"]);
  });

  it("creates the path, waits for the analysis, reports AWS's answer beside the verifier's, and deletes both", async () => {
    const legs = legsOf(modelFromAws(dev.capture, dev.plan.scope), dev.plan.scope, verdictsOf(dev)).slice(0, 1);
    const { ec2, calls } = analyzer({ statuses: [{ Status: "running" }, { Status: "succeeded", NetworkPathFound: true }] });
    const results = await analyze(ec2, legs, verdictsOf(dev), { sleep: noSleep, token: () => "t1" });
    assert.deepEqual(calls.map((c) => c.op), ["CreateNetworkInsightsPath", "StartNetworkInsightsAnalysis", "DescribeNetworkInsightsAnalyses", "DescribeNetworkInsightsAnalyses", "DeleteNetworkInsightsAnalysis", "DeleteNetworkInsightsPath"]);
    assert.deepEqual(calls[0].input, {
      Source: String(dev.outputs.peeringConnectionId),
      SourceIp: "10.1.0.4",
      Destination: legs[0].destination,
      Protocol: "tcp",
      DestinationPort: 443,
      ClientToken: "t1",
      TagSpecifications: [{ ResourceType: "network-insights-path", Tags: [{ Key: "CreatedBy", Value: "drs-secured-network verify-live" }] }],
    });
    assert.deepEqual([calls[4].input, calls[5].input], [{ NetworkInsightsAnalysisId: "nia-1" }, { NetworkInsightsPathId: "nip-1" }]);
    assert.deepEqual(results.map((r) => [r.aws, r.verifierPassed, r.disagrees]), [["reachable", true, false]]);
  });

  it("flags a disagreement: AWS finds no path where the verifier passes, with AWS's explanation", async () => {
    const legs = legsOf(modelFromAws(dev.capture, dev.plan.scope), dev.plan.scope, verdictsOf(dev)).slice(0, 1);
    const explanations = [{ ExplanationCode: "ENI_SG_RULES_MISMATCH", SecurityGroup: { Id: "sg-0abc", Name: "link-endpoints-sg" } }];
    const { ec2 } = analyzer({ statuses: [{ Status: "succeeded", NetworkPathFound: false, Explanations: explanations }] });
    const [result] = await analyze(ec2, legs, verdictsOf(dev), { sleep: noSleep });
    assert.deepEqual([result.aws, result.detail, result.disagrees], ["not reachable", ["ENI_SG_RULES_MISMATCH (link-endpoints-sg)"], true]);
    assert.match(reachabilityMarkdown([result]).join("\n"), /- NOT REACHABLE .* \(verifier: PASS; \*\*the two disagree\*\*\)\n {2}- ENI_SG_RULES_MISMATCH \(link-endpoints-sg\)/);
  });

  it("reports a refused or failed analysis as an error, and still deletes what it made", async () => {
    const leg: Leg = { label: "x", source: "pcx-1", destination: "vpce-1", port: 443, verdictIds: [] };
    const refused = analyzer({ create: () => Promise.reject(Object.assign(new Error("You are not authorized"), { name: "UnauthorizedOperation" })) });
    const [denied] = await analyze(refused.ec2, [leg], [], { sleep: noSleep });
    assert.deepEqual([denied.aws, denied.detail, denied.disagrees], ["error", ["UnauthorizedOperation: You are not authorized"], false]);
    assert.deepEqual(refused.calls.map((c) => c.op), ["CreateNetworkInsightsPath"]);
    const failed = analyzer({ statuses: [{ Status: "failed", StatusMessage: "source not supported" }] });
    const [result] = await analyze(failed.ec2, [leg], [], { sleep: noSleep });
    assert.deepEqual(result.detail, ["Error: the analysis failed: source not supported"]);
    assert.deepEqual(failed.calls.slice(-2).map((c) => c.op), ["DeleteNetworkInsightsAnalysis", "DeleteNetworkInsightsPath"]);
    const slow = analyzer({ statuses: [{ Status: "running" }] });
    const [timedOut] = await analyze(slow.ec2, [leg], [], { sleep: noSleep, pollMs: 1000, timeoutMs: 3000 });
    assert.deepEqual(timedOut.detail, ["Error: the analysis did not finish in 3 s"]);
  });

  it("analyzes TCP 1500 too: each source's peering to each running replication server, on its own path", async () => {
    const drs = await deployedOnce("dev-drs");
    const verdicts = verdictsOf(drs);
    const legs = legsOf(modelFromAws(drs.capture, drs.plan.scope), drs.plan.scope, verdicts, [{ id: "eni-0abc", subnetName: "staging-subnet-eu-west-2a" }]);
    const replication = legs.filter((l) => l.port === 1500);
    assert.deepEqual(
      replication.map((l) => [l.label, l.source, l.sourceIp, l.destination, l.verdictIds]),
      [
        [
          "source-vpc (10.1.0.0/16) across link-peering to replication server eni-0abc, TCP 1500",
          String(drs.outputs.peeringConnectionId),
          "10.1.0.4",
          "eni-0abc",
          ["flow:source-subnet-eu-west-1a->replication-template", "flow:source-subnet-eu-west-1b->replication-template"],
        ],
      ],
    );
    assert.ok(replication[0].verdictIds.every((id) => verdicts.some((v) => v.id === id)), "the verdicts it stands beside exist");
    const { ec2, calls } = analyzer({});
    const [result] = await analyze(ec2, replication, verdicts, { sleep: noSleep });
    assert.equal(calls[0].input.DestinationPort, 1500);
    assert.deepEqual([result.aws, result.verifierPassed, result.disagrees], ["reachable", true, false]);
  });

  it("finds the running replication servers by the live template's group: interfaces in the staging VPC that wear it", async () => {
    const drs = await deployedOnce("dev-drs");
    const groupId = String(drs.outputs.replicationSecurityGroupId);
    const stagingVpcId = String(drs.outputs.stagingVpcId);
    const subnetId = (drs.outputs.stagingSubnetIds as string[])[0];
    const capture = editedCapture(drs.capture, (regions) => {
      regions["eu-west-2"].DescribeNetworkInterfaces = {
        NetworkInterfaces: [
          { NetworkInterfaceId: "eni-0server", VpcId: stagingVpcId, SubnetId: subnetId, Groups: [{ GroupId: groupId }] },
          { NetworkInterfaceId: "eni-0endpoint", VpcId: stagingVpcId, SubnetId: subnetId, Groups: [{ GroupId: String(drs.outputs.endpointSecurityGroupId) }] },
        ],
      };
    });
    assert.deepEqual(replicationServers(capture, modelFromAws(capture, drs.plan.scope), drs.plan.scope), [{ id: "eni-0server", subnetName: "staging-subnet-eu-west-2a" }]);
  });

  it("with no replication server running, the TCP 1500 leg is reported as one AWS cannot analyze, without a call, and fails nothing", async () => {
    const drs = await deployedOnce("dev-drs");
    const verdicts = verdictsOf(drs);
    const legs = legsOf(modelFromAws(drs.capture, drs.plan.scope), drs.plan.scope, verdicts).filter((l) => l.port === 1500);
    assert.equal(legs.length, 1);
    const { ec2, calls } = analyzer({});
    const [result] = await analyze(ec2, legs, verdicts, { sleep: noSleep });
    assert.deepEqual(calls, []);
    assert.deepEqual([result.aws, result.disagrees], ["not analyzable", false]);
    assert.match(reachabilityMarkdown([result]).join("\n"), /^- NOT ANALYZABLE source-vpc \(10\.1\.0\.0\/16\) across link-peering to the replication servers, TCP 1500 \(verifier: PASS\)\n {2}- no replication server is running/m);
  });

  it("another account's peering is named by its ARN; where AWS refuses it, the leg is one AWS cannot analyze, not an error", async () => {
    const estate = await deployedOnce("estate");
    const verdicts = verdictsOf(estate);
    const model = modelFromAws(estate.capture, estate.plan.scope);
    const legs = legsOf(model, estate.plan.scope, verdicts).filter((l) => l.port === 443);
    const networks = estate.outputs.sourceNetworks as Record<string, { peeringConnectionId: string }>;
    const sources = [...new Set(legs.map((l) => l.source))].sort();
    // app and db request from their own account; ops is adopted in the DR account, whose peering is its own.
    assert.deepEqual(sources, [
      `arn:aws:ec2:eu-central-1:123456789012:vpc-peering-connection/${networks.db.peeringConnectionId}`,
      `arn:aws:ec2:eu-west-1:123456789012:vpc-peering-connection/${networks.app.peeringConnectionId}`,
      networks.ops.peeringConnectionId,
    ].sort());
    // What AWS answers a cross-account path outside a shared organization is not documented: the fake's refusal stands for it.
    const { ec2, calls } = analyzer({});
    const refusing = {
      send: (command: { input: { Source?: string } }) =>
        command instanceof CreateNetworkInsightsPathCommand && String(command.input.Source).startsWith("arn:")
          ? Promise.reject(Object.assign(new Error("the source is in another account"), { name: "InvalidParameterValue" }))
          : ec2.send(command as never),
    } as unknown as EC2Client;
    const results = await analyze(refusing, legs, verdicts, { sleep: noSleep });
    assert.deepEqual([...new Set(results.map((r) => `${r.leg.source.startsWith("arn:") ? "other account" : "own"} ${r.aws}`))].sort(), ["other account not analyzable", "own reachable"]);
    const refused = results.find((r) => r.aws === "not analyzable");
    assert.deepEqual(refused?.detail, ["InvalidParameterValue: the source is in another account", `the source belongs to account 123456789012: ${CROSS_ACCOUNT_NOTE}`]);
    assert.ok(results.every((r) => !r.disagrees));
    assert.equal(calls.filter((c) => c.op === "CreateNetworkInsightsPath").length, results.filter((r) => r.aws === "reachable").length);
  });

  it("explains with the component each code names", () => {
    assert.deepEqual(explain([{ ExplanationCode: "NO_ROUTE_TO_DESTINATION", RouteTable: { Id: "rtb-1" } }, { ExplanationCode: "X" }]), ["NO_ROUTE_TO_DESTINATION (rtb-1)", "X"]);
  });
});
