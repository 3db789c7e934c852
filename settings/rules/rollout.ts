/**
 * The cross-field rule of the agent rollout: interface endpoints need subnets, so an adopted VPC that is to get the
 * Systems Manager endpoints (`agentRollout.adoptedVpcEndpoints`) must list its subnets. Pure.
 */
import type { RawConfig } from "../codec";
import type { ConfigProblem } from "../problems";
import type { Fields } from "../schema";

/** Each adopted VPC without subnets, where the rollout is to put its Systems Manager endpoints in them. */
export function adoptedVpcEndpointsHaveSubnets(f: Partial<Fields>, raw: RawConfig): ConfigProblem[] {
  if (!(f.agentRollout?.enabled === true && f.agentRollout.adoptedVpcEndpoints)) return [];
  const listed = raw.sources !== undefined;
  const adopted = listed
    ? (f.sources ?? []).flatMap((s, i) => (s.vpc !== undefined ? [{ key: `sources[${i}].vpc.subnetIds`, subnets: s.vpc.subnetIds }] : []))
    : f.sourceVpc !== undefined
      ? [{ key: "sourceVpc.subnetIds", subnets: f.sourceVpc.subnetIds }]
      : [];
  return adopted
    .filter((x) => x.subnets.length === 0)
    .map((a) => ({ key: a.key, message: "is empty, but agentRollout.adoptedVpcEndpoints puts the Systems Manager endpoints in the adopted VPC's subnets: list them" }));
}

/**
 * The rollout runs in the source VPCs (Systems Manager through their endpoints); servers outside AWS are not
 * Systems Manager's here. A `sources` list with no VPC leaves it nothing to roll out to.
 */
export function rolloutHasSourceVpcs(f: Partial<Fields>): ConfigProblem[] {
  const sources = f.sources ?? [];
  if (f.agentRollout?.enabled !== true || sources.length === 0 || sources.some((s) => s.external === undefined)) return [];
  return [
    {
      key: "agentRollout.enabled",
      message:
        "is true, but every source is outside AWS and the rollout installs through Systems Manager in source VPCs only: " +
        "set it to false and run each source's sourceNetworks.<name>.linuxInstallCommand or windowsInstallCommand on its servers",
    },
  ];
}
