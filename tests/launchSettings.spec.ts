import * as assert from "node:assert/strict";
import type { LaunchConfiguration, SourceServer } from "@aws-sdk/client-drs";
import type { LaunchTemplateInstanceNetworkInterfaceSpecification, LaunchTemplateVersion, ResponseLaunchTemplateData } from "@aws-sdk/client-ec2";
import * as fc from "fast-check";
import { LaunchReview, LaunchTarget, modifyDefaultVersion, placementText, reviewLaunch, serverLabel, ServerState, VERSION_DESCRIPTION } from "../lib/launchSettings";

const TARGET: LaunchTarget = {
  subnets: [
    { id: "subnet-0aaaaaaaaaaaaaaa1", cidrBlock: "10.2.0.0/24" },
    { id: "subnet-0aaaaaaaaaaaaaaa2", cidrBlock: "10.2.1.0/24" },
  ],
  groupId: "sg-0rrrrrrrrrrrrrrr1",
  launch: { launchDisposition: "STARTED", copyPrivateIp: false, copyTags: true, rightSizing: "BASIC", osByol: false, postLaunchActions: true },
};
const [A, B] = TARGET.subnets.map((s) => s.id);
const SG = TARGET.groupId;
const STAGING = "subnet-0sssssssssssssss1";
const OTHER_SG = "sg-0ooooooooooooooo1";
const LT = "lt-0a1b2c3d4e5f60002";

const RIGHT_CONFIG: LaunchConfiguration = {
  sourceServerID: "s-0a1b2c3d4e5f60002",
  ec2LaunchTemplateID: LT,
  launchDisposition: "STARTED",
  targetInstanceTypeRightSizingMethod: "BASIC",
  copyPrivateIp: false,
  copyTags: true,
  licensing: { osByol: false },
  postLaunchEnabled: true,
};

/** A source server as DescribeSourceServers lists it; `null`: DRS knows no hostname. */
function server(ip = "10.1.0.20", hostname: string | null = "db-01"): SourceServer {
  return { sourceServerID: "s-0a1b2c3d4e5f60002", sourceProperties: { identificationHints: hostname !== null ? { hostname } : {}, networkInterfaces: [{ ips: [ip], isPrimary: true }] } };
}

function template(eth0: LaunchTemplateInstanceNetworkInterfaceSpecification | undefined, data: ResponseLaunchTemplateData = {}, version = 4): LaunchTemplateVersion {
  return {
    LaunchTemplateId: LT,
    VersionNumber: version,
    DefaultVersion: true,
    LaunchTemplateData: { InstanceType: "t3.medium", ...(eth0 !== undefined ? { NetworkInterfaces: [eth0] } : {}), MetadataOptions: { State: "applied", HttpTokens: "required", HttpPutResponseHopLimit: 1 }, ...data },
  };
}

const RIGHT_ETH0 = { DeviceIndex: 0, SubnetId: B, Groups: [SG], AssociatePublicIpAddress: false, DeleteOnTermination: true };

/** The state once the review's calls are made, as DRS and EC2 make them (a new version inherits what it does not name). */
function applied(state: ServerState, review: LaunchReview): ServerState {
  const { updateLaunchConfiguration, createLaunchTemplateVersion } = review.calls;
  const { sourceServerID: _id, ...changes } = updateLaunchConfiguration ?? {};
  const configuration = updateLaunchConfiguration !== undefined ? { ...state.configuration, ...changes } : state.configuration;
  const template =
    createLaunchTemplateVersion !== undefined && state.template !== undefined
      ? {
          ...state.template,
          VersionNumber: (state.template.VersionNumber ?? 0) + 1,
          LaunchTemplateData: { ...state.template.LaunchTemplateData, ...(structuredClone(createLaunchTemplateVersion.LaunchTemplateData) as ResponseLaunchTemplateData) },
        }
      : state.template;
  return { server: state.server, ...(configuration !== undefined ? { configuration } : {}), ...(template !== undefined ? { template } : {}) };
}

describe("lib/launchSettings (where a source server launches, against the stack's recovery side)", () => {
  it("a server already right: where it launches, no difference, no call", () => {
    const review = reviewLaunch(TARGET, { server: server(), configuration: RIGHT_CONFIG, template: template(RIGHT_ETH0) });
    assert.deepEqual(review.differences, []);
    assert.deepEqual(review.calls, {});
    assert.equal(review.right, true);
    assert.equal(review.networkRight, true);
    assert.deepEqual(review.launchesInto, { subnetId: B, groupIds: [SG], publicIp: "no", httpTokens: "required" });
    assert.equal(placementText(review.launchesInto!), `${B} with ${SG}, no public IP, IMDSv2 required`);
    assert.equal(serverLabel(review), "db-01 (s-0a1b2c3d4e5f60002)");
    assert.equal(review.defaultVersion, 4);
  });

  it("a drifted server (a staging subnet, another group, IMDSv1, launched stopped): every difference and the exact calls", () => {
    const state: ServerState = {
      server: server(),
      configuration: { ...RIGHT_CONFIG, launchDisposition: "STOPPED" },
      template: template({ DeviceIndex: 0, SubnetId: STAGING, Groups: [OTHER_SG], AssociatePublicIpAddress: false, DeleteOnTermination: true }, { MetadataOptions: { State: "applied", HttpTokens: "optional", HttpPutResponseHopLimit: 2, HttpEndpoint: "enabled" } }, 1),
    };
    const review = reviewLaunch(TARGET, state);
    assert.deepEqual(
      review.differences.map(({ field, current, wanted, network }) => ({ field, current, wanted, network })),
      [
        { field: "launchDisposition", current: "STOPPED", wanted: "STARTED", network: false },
        { field: "NetworkInterfaces[0].SubnetId", current: STAGING, wanted: A, network: true },
        { field: "NetworkInterfaces[0].Groups", current: OTHER_SG, wanted: SG, network: true },
        { field: "MetadataOptions.HttpTokens", current: "optional", wanted: "required", network: true },
      ],
    );
    assert.deepEqual(
      review.differences.map((d) => d.text),
      [
        "launchDisposition is STOPPED, the stack's is STARTED",
        `launches into ${STAGING}, not a recovery subnet (${A}, ${B})`,
        `has the security groups ${OTHER_SG}, not the recovery group ${SG} alone`,
        "does not require IMDSv2 (HttpTokens optional)",
      ],
    );
    assert.deepEqual(review.calls.updateLaunchConfiguration, { sourceServerID: "s-0a1b2c3d4e5f60002", launchDisposition: "STARTED" });
    const { ClientToken, ...create } = review.calls.createLaunchTemplateVersion ?? {};
    assert.deepEqual(create, {
      LaunchTemplateId: LT,
      SourceVersion: "1",
      VersionDescription: VERSION_DESCRIPTION,
      LaunchTemplateData: {
        NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: A, Groups: [SG], AssociatePublicIpAddress: false, DeleteOnTermination: true }],
        MetadataOptions: { HttpTokens: "required", HttpPutResponseHopLimit: 2, HttpEndpoint: "enabled" },
      },
    });
    assert.match(String(ClientToken), /^drs-launch-settings-[0-9a-f]{40}$/);
    assert.ok(String(ClientToken).length <= 128, "EC2 takes client tokens of up to 128 ASCII characters");
    assert.deepEqual(review.calls.makeDefault, { LaunchTemplateId: LT });
    assert.deepEqual(modifyDefaultVersion(LT, 2), { LaunchTemplateId: LT, DefaultVersion: "2" });
    assert.equal(review.networkRight, false);
    // The same state gives the same token: a retried run gets back the version already made.
    assert.equal(reviewLaunch(TARGET, structuredClone(state)).calls.createLaunchTemplateVersion?.ClientToken, ClientToken);
  });

  it("a public IP: only that differs, the server keeps its recovery subnet, and no launch-configuration call", () => {
    const review = reviewLaunch(TARGET, { server: server(undefined, null), configuration: RIGHT_CONFIG, template: template({ ...RIGHT_ETH0, SubnetId: A, AssociatePublicIpAddress: true }) });
    assert.deepEqual(review.differences.map((d) => [d.field, d.current, d.wanted, d.text]), [["NetworkInterfaces[0].AssociatePublicIpAddress", "true", "false", "gets a public IP (AssociatePublicIpAddress true)"]]);
    assert.equal(review.calls.updateLaunchConfiguration, undefined);
    assert.deepEqual(review.calls.createLaunchTemplateVersion?.LaunchTemplateData.NetworkInterfaces, [{ ...RIGHT_ETH0, SubnetId: A }]);
    assert.equal(review.launchesInto?.publicIp, "yes");
    assert.equal(serverLabel(review), "s-0a1b2c3d4e5f60002");
    // Not set at all: the subnet's default would decide, so it is set.
    const unset = reviewLaunch(TARGET, { server: server(), configuration: RIGHT_CONFIG, template: template({ DeviceIndex: 0, SubnetId: A, Groups: [SG] }) });
    assert.deepEqual(unset.differences.map((d) => [d.field, d.current]), [["NetworkInterfaces[0].AssociatePublicIpAddress", "not set"]]);
    assert.equal(unset.launchesInto?.publicIp, "subnet default");
  });

  it("never moves a server between recovery subnets (zones); one outside them goes to the first", () => {
    const inB = reviewLaunch(TARGET, { server: server(), configuration: RIGHT_CONFIG, template: template({ ...RIGHT_ETH0, Groups: [OTHER_SG] }) });
    assert.equal(inB.calls.createLaunchTemplateVersion?.LaunchTemplateData.NetworkInterfaces?.[0].SubnetId, B);
    assert.ok(!inB.differences.some((d) => d.field === "NetworkInterfaces[0].SubnetId"));
    const none = reviewLaunch(TARGET, { server: server(), configuration: RIGHT_CONFIG, template: template(undefined) });
    assert.deepEqual(none.calls.createLaunchTemplateVersion?.LaunchTemplateData.NetworkInterfaces, [{ DeviceIndex: 0, SubnetId: A, Groups: [SG], AssociatePublicIpAddress: false }]);
    assert.equal(none.differences[0].text, `launches into no subnet the template names, not a recovery subnet (${A}, ${B})`);
  });

  it("every launch setting that differs goes into one UpdateLaunchConfiguration, with DRS's field names", () => {
    const configuration: LaunchConfiguration = { ...RIGHT_CONFIG, targetInstanceTypeRightSizingMethod: "NONE", copyPrivateIp: true, copyTags: false, licensing: { osByol: true }, postLaunchEnabled: false };
    const review = reviewLaunch(TARGET, { server: server(), configuration, template: template(RIGHT_ETH0) });
    assert.deepEqual(review.calls, {
      updateLaunchConfiguration: { sourceServerID: "s-0a1b2c3d4e5f60002", targetInstanceTypeRightSizingMethod: "BASIC", copyPrivateIp: false, copyTags: true, licensing: { osByol: false }, postLaunchEnabled: true },
    });
    assert.equal(review.networkRight, true);
    assert.equal(review.right, false);
  });

  it("copyPrivateIp: the recovery subnet holding the server's private IP, with the IP kept; none holding it is a problem; blocks unknown, a note", () => {
    const target: LaunchTarget = { ...TARGET, launch: { ...TARGET.launch, copyPrivateIp: true } };
    const config = { ...RIGHT_CONFIG, copyPrivateIp: true };
    const moved = reviewLaunch(target, { server: server("10.2.1.7"), configuration: config, template: template({ ...RIGHT_ETH0, SubnetId: A, PrivateIpAddress: "10.2.1.7" }) });
    assert.deepEqual(moved.differences.map((d) => d.text), [`launches into ${A}, not ${B}, the recovery subnet holding its private IP 10.2.1.7`]);
    assert.deepEqual(moved.calls.createLaunchTemplateVersion?.LaunchTemplateData.NetworkInterfaces, [{ ...RIGHT_ETH0, PrivateIpAddress: "10.2.1.7" }]);
    const outside = reviewLaunch(target, { server: server("10.9.0.5"), configuration: config, template: template(RIGHT_ETH0) });
    assert.deepEqual(outside.problems, [`copyPrivateIp is on, but no recovery subnet holds its private IP 10.9.0.5 (${A} 10.2.0.0/24, ${B} 10.2.1.0/24): turn copyPrivateIp off or give the recovery VPC a subnet that holds it`]);
    assert.equal(outside.networkRight, false);
    assert.deepEqual(outside.calls, {});
    const unknown = reviewLaunch({ ...target, subnets: [{ id: A }, { id: B }] }, { server: server("10.2.1.7"), configuration: config, template: template(RIGHT_ETH0) });
    assert.equal(unknown.right, true);
    assert.deepEqual(unknown.notes, [`copyPrivateIp is on, but the recovery subnets' blocks are not known: whether ${B} holds 10.2.1.7 is not checked`]);
  });

  it("moving the primary interface drops what named the old subnet (its interface, addresses, prefixes) and carries the other interfaces", () => {
    const eth1 = { DeviceIndex: 1, SubnetId: B, Groups: [SG], DeleteOnTermination: true };
    const review = reviewLaunch(TARGET, {
      server: server(),
      configuration: RIGHT_CONFIG,
      template: template(undefined, {
        NetworkInterfaces: [{ DeviceIndex: 0, NetworkInterfaceId: "eni-0123456789abcdef0", PrivateIpAddress: "10.0.0.9", Ipv6Addresses: [{ Ipv6Address: "2001:db8::1", IsPrimaryIpv6: true }], SecondaryPrivateIpAddressCount: 1, Description: "eth0" }, eth1],
      }),
    });
    assert.deepEqual(review.calls.createLaunchTemplateVersion?.LaunchTemplateData.NetworkInterfaces, [
      { DeviceIndex: 0, SecondaryPrivateIpAddressCount: 1, Description: "eth0", SubnetId: A, Groups: [SG], AssociatePublicIpAddress: false },
      eth1,
    ]);
    assert.equal(review.differences[0].current, "the interface eni-0123456789abcdef0");
    assert.deepEqual(review.problems, []);
  });

  it("what the calls cannot make right is a problem: no launch configuration, no template, a template gone, instance-level groups, an interface outside", () => {
    const noConfig = reviewLaunch(TARGET, { server: server() });
    assert.deepEqual(noConfig.problems, ["DRS gives no launch configuration for it (GetLaunchConfiguration found none)"]);
    assert.equal(noConfig.networkRight, false);
    assert.deepEqual(reviewLaunch(TARGET, { server: server(), configuration: { ...RIGHT_CONFIG, ec2LaunchTemplateID: undefined } }).problems, ["has no EC2 launch template yet (its launch configuration names none)"]);
    const gone = reviewLaunch(TARGET, { server: server(), configuration: { ...RIGHT_CONFIG, launchDisposition: "STOPPED" } });
    assert.match(gone.problems[0], new RegExp(`^its EC2 launch template ${LT} has no default version in the account`));
    assert.deepEqual(gone.calls, { updateLaunchConfiguration: { sourceServerID: "s-0a1b2c3d4e5f60002", launchDisposition: "STARTED" } }, "the launch settings are still made right");
    const instance = reviewLaunch(TARGET, { server: server(), configuration: RIGHT_CONFIG, template: template(RIGHT_ETH0, { SecurityGroupIds: [OTHER_SG] }) });
    assert.deepEqual(instance.problems, [`its launch template sets instance-level security groups (${OTHER_SG}) beside the interfaces': remove them from the template by hand`]);
    assert.equal(instance.networkRight, false);
    const eth1 = reviewLaunch(TARGET, { server: server(), configuration: RIGHT_CONFIG, template: template(undefined, { NetworkInterfaces: [RIGHT_ETH0, { DeviceIndex: 1, SubnetId: STAGING }] }) });
    assert.deepEqual(eth1.problems, [`its launch template's interface at device index 1 is in ${STAGING}, which DRS passes through: remove it or move it into a recovery subnet by hand`]);
  });

  it("idempotent: making the calls and reviewing again gives no call, for any starting state (property)", () => {
    const subnet = fc.constantFrom<string | undefined>(A, B, STAGING, undefined);
    const eth0 = fc.record(
      { DeviceIndex: fc.constant(0), SubnetId: subnet, Groups: fc.subarray([SG, OTHER_SG]), AssociatePublicIpAddress: fc.constantFrom<boolean | undefined>(true, false, undefined), DeleteOnTermination: fc.boolean() },
      { requiredKeys: ["DeviceIndex"] },
    );
    const config = fc.record({
      launchDisposition: fc.constantFrom<"STARTED" | "STOPPED" | undefined>("STARTED", "STOPPED", undefined),
      targetInstanceTypeRightSizingMethod: fc.constantFrom<"NONE" | "BASIC" | "IN_AWS">("NONE", "BASIC", "IN_AWS"),
      copyPrivateIp: fc.boolean(),
      copyTags: fc.boolean(),
      postLaunchEnabled: fc.boolean(),
      osByol: fc.boolean(),
    });
    const tokens = fc.constantFrom<"required" | "optional" | undefined>("required", "optional", undefined);
    const copyPrivateIp = fc.boolean();
    const ip = fc.constantFrom("10.2.0.5", "10.2.1.5", "10.1.0.5");
    fc.assert(
      fc.property(fc.option(eth0, { nil: undefined }), config, tokens, copyPrivateIp, ip, (nic, c, httpTokens, copy, address) => {
        const target: LaunchTarget = { ...TARGET, launch: { ...TARGET.launch, copyPrivateIp: copy } };
        const { osByol, ...rest } = c;
        const state: ServerState = {
          server: server(address),
          configuration: { ...RIGHT_CONFIG, ...rest, licensing: { osByol } },
          template: template(nic, { MetadataOptions: httpTokens !== undefined ? { HttpTokens: httpTokens } : {} }),
        };
        const first = reviewLaunch(target, state);
        const second = reviewLaunch(target, applied(state, first));
        assert.deepEqual(second.calls, {});
        assert.deepEqual(second.differences, []);
        assert.equal(second.right, second.problems.length === 0);
        if (second.problems.length === 0) assert.equal(second.launchesInto?.groupIds.join(), SG);
      }),
      { numRuns: 300 },
    );
  });
});
