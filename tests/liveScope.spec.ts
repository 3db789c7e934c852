import * as assert from "node:assert/strict";
import { livePlan, OutputsError } from "../live/scope";
import { parseSettings } from "../settings";
import { deployedOnce } from "./support/liveFixture";

describe("live/scope (what verify-live reads, and as whom)", () => {
  it("estate: one read per region and side, the DR side's with the zone; the adopted VPC marked with its route table and the stack's group", async () => {
    const d = await deployedOnce("estate");
    const networks = d.outputs.sourceNetworks as Record<string, { vpcId: string; sourceServerSecurityGroupId: string }>;
    const dr = "arn:aws:iam::222222222222:role/drs-network-deployer";
    const workloads = "arn:aws:iam::111111111111:role/drs-network-deployer";
    assert.deepEqual(
      d.plan.reads.map((r) => ({ ...r })),
      [
        // With replication, readiness (on by default) reads the DR side's source servers.
        { region: "eu-west-2", auth: { assumeRoleArn: dr }, as: "the DR side", vpcIds: [d.outputs.stagingVpcId], drSide: true, zoneId: d.outputs.drsPrivateHostedZoneId, sourceServers: true },
        { region: "eu-west-1", auth: { assumeRoleArn: workloads }, as: "source app", vpcIds: [networks.app.vpcId], drSide: false },
        { region: "eu-central-1", auth: { assumeRoleArn: workloads }, as: "source db", vpcIds: [networks.db.vpcId], drSide: false },
        { region: "eu-west-1", auth: { assumeRoleArn: dr }, as: "source ops", vpcIds: ["vpc-0123456789abcdef0"], drSide: false },
      ],
    );
    const ops = d.plan.scope.sources.find((s) => s.vpcId === "vpc-0123456789abcdef0");
    assert.deepEqual(ops, { region: "eu-west-1", vpcId: "vpc-0123456789abcdef0", adopted: true, routeTableIds: ["rtb-0123456789abcdef0"], groupIds: [networks.ops.sourceServerSecurityGroupId] });
  });

  it("a single source with ambient credentials: the flat outputs, and a region read once when both sides share it and their credentials", () => {
    const settings = parseSettings({ sourceRegion: "eu-west-2", drRegion: "eu-west-2" });
    const plan = livePlan({ stagingVpcId: "vpc-0000000000000000a", sourceVpcId: "vpc-0000000000000000b", sourceRouteTableIds: ["rtb-0000000000000000c"] }, settings);
    assert.deepEqual(plan.reads, [{ region: "eu-west-2", auth: {}, as: "the DR side, the source side", vpcIds: ["vpc-0000000000000000a", "vpc-0000000000000000b"], drSide: true }]);
    assert.deepEqual(plan.scope.sources, [{ region: "eu-west-2", vpcId: "vpc-0000000000000000b", adopted: false, routeTableIds: ["rtb-0000000000000000c"], groupIds: [] }]);
  });

  it("names the output that is missing or malformed", () => {
    const settings = parseSettings({ sourceRegion: "eu-west-1", drRegion: "eu-west-2" });
    assert.throws(() => livePlan({ sourceVpcId: "vpc-0000000000000000b", sourceRouteTableIds: [] }, settings), new OutputsError("the stack output stagingVpcId is missing; is the stack deployed?"));
    assert.throws(
      () => livePlan({ stagingVpcId: "vpc-0000000000000000a", sourceVpcId: "vpc-0000000000000000b", sourceRouteTableIds: "rtb-1" }, settings),
      new OutputsError('the stack output sourceRouteTableIds is not a list of ids ("rtb-1")'),
    );
  });
});
