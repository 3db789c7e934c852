/**
 * The replication path's security groups (rules from lib/securityGroups.ts): the replication servers' in the staging
 * VPC (in: TCP 1500 from the source blocks; out: HTTPS to the endpoints' group and the S3 gateway's prefix list), and
 * per source the group its servers wear (out only: to the staging subnets, the package repositories, Systems Manager).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { inlineRule, noReferences, Peer, replicationGroupRules, sourceServerGroupRules } from "../../lib/securityGroups";
import type { ReplicationArgs } from "./index";

type Reference = Exclude<Peer, { cidrs: readonly string[] }>;

/** The replication servers' group; its id. */
export function createReplicationGroup(parent: pulumi.Resource, name: string, args: ReplicationArgs): pulumi.Output<string> {
  const rules = replicationGroupRules([...args.sources.map((source) => ({ key: source.key, cidrBlock: source.cidrBlock })), ...(args.externalBlocks ?? [])]);
  const stagingReferences = (peer: Reference) =>
    "group" in peer && peer.group === "endpoints"
      ? { securityGroups: [args.endpointSecurityGroupId] }
      : "prefixList" in peer && peer.prefixList === "staging-s3"
        ? { prefixListIds: [args.s3PrefixListId] }
        : noReferences(peer);
  return new aws.ec2.SecurityGroup(
    `${name}-replication-sg`,
    {
      vpcId: args.staging.vpcId,
      description: rules.description,
      ingress: rules.ingress.map((rule) => inlineRule(rule, noReferences)),
      egress: rules.egress.map((rule) => inlineRule(rule, stagingReferences)),
      tags: { Name: `${name}-replication-sg` },
    },
    { parent, provider: args.drProvider },
  ).id;
}

/** Each source's server group, in its VPC and account; the ids by source key. */
export function createSourceServerGroups(parent: pulumi.Resource, name: string, args: ReplicationArgs): Record<string, pulumi.Output<string>> {
  const ids: Record<string, pulumi.Output<string>> = {};
  for (const source of args.sources) {
    const groupName = source.key === "" ? `${name}-source-server-sg` : `${name}-${source.key}-source-server-sg`;
    const ssm = source.systemsManagerEgress;
    const rules = sourceServerGroupRules({
      stagingSubnetCidrs: args.staging.subnetCidrBlocks,
      packageRepositories: source.s3PrefixListId !== undefined,
      systemsManager: ssm === undefined ? undefined : "securityGroupId" in ssm ? "rollout-endpoints" : { cidrBlock: ssm.cidrBlock },
    });
    const sourceReferences = (peer: Reference) =>
      "prefixList" in peer && peer.prefixList === "source-s3" && source.s3PrefixListId !== undefined
        ? { prefixListIds: [source.s3PrefixListId] }
        : "group" in peer && peer.group === "rollout-endpoints" && ssm !== undefined && "securityGroupId" in ssm
          ? { securityGroups: [ssm.securityGroupId] }
          : noReferences(peer);
    const group = new aws.ec2.SecurityGroup(
      groupName,
      { vpcId: source.vpcId, description: rules.description, ingress: [], egress: rules.egress.map((rule) => inlineRule(rule, sourceReferences)), tags: { Name: groupName } },
      { parent, provider: source.provider },
    );
    ids[source.key] = group.id;
  }
  return ids;
}
