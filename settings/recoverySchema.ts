/**
 * `recovery`: the isolated recovery network in the DR region and DRS's launch settings (lib/recovery.ts). Each
 * refinement message completes the sentence "<key>: <value> ...". Enum values: DRS's API model
 * (LaunchDisposition, TargetInstanceTypeRightSizingMethod; botocore `drs/2020-02-26/service-2.json`).
 */
import { z } from "zod";
import { ipv4BlockProblem } from "../lib/cidr";
import { MAX_RECOVERY_INGRESS_RULES, portsProblem } from "../lib/recovery";
import { awsId, check, distinct, flag, vpcCidr, zoneCount } from "./fields";

/** A security group rule's description: AWS takes 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$* (EC2 IpRange Description). */
const GROUP_RULE_DESCRIPTION = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/;

/** One rule the recovered applications admit from beyond their own VPC. */
const ingressRule = z.strictObject(
  {
    protocol: z.enum(["tcp", "udp"], { error: 'must be "tcp" or "udp"' }),
    ports: z.string({ error: 'must be a string, e.g. "443" or "8000-8100"' }).superRefine(check(portsProblem)),
    from: z
      .string({ error: "must be a string" })
      .superRefine(check(ipv4BlockProblem))
      .refine((b) => !b.endsWith("/0"), { error: "admits the whole internet: name the blocks that must reach the recovered applications (the recovery VPC has no internet path either way)" }),
    description: z.string({ error: "must be a string" }).regex(GROUP_RULE_DESCRIPTION, { error: "is not a rule description AWS takes (up to 255 of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*)" }).default(""),
  },
  { error: "must be an object: { protocol, ports, from, description? }" },
);

/** An existing VPC to recover into: its subnets are where recovered instances land. */
const adoptedRecoveryVpc = z.strictObject(
  {
    vpcId: awsId("vpc"),
    cidrBlock: vpcCidr,
    subnetIds: distinct(awsId("subnet"), "subnet ids").min(1, { error: "must list at least one subnet: recovered instances launch into them" }),
    routeTableIds: distinct(awsId("rtb"), "route table ids").min(1, { error: "must list the subnets' route tables: the S3 gateway endpoint goes on them" }),
  },
  { error: "must be an object: { vpcId, cidrBlock, subnetIds, routeTableIds }" },
);

/** `recovery.launch`: DRS's launch settings for the region, and what the account's default launch template says. */
const launch = z
  .strictObject(
    {
      launchDisposition: z.enum(["STARTED", "STOPPED"], { error: 'must be "STARTED" or "STOPPED"' }).default("STARTED"),
      copyPrivateIp: flag.default(false),
      copyTags: flag.default(true),
      rightSizing: z.enum(["NONE", "BASIC", "IN_AWS"], { error: 'must be "NONE", "BASIC" or "IN_AWS"' }).default("BASIC"),
      osByol: flag.default(false),
      postLaunchActions: flag.default(true),
      templateArn: z
        .string({ error: "must be a string" })
        .regex(/^arn:aws[a-z-]*:drs:[a-z0-9-]+:\d{12}:launch-configuration-template\/lct-[0-9a-zA-Z]{17}$/, {
          error: "is not a launch configuration template ARN (arn:aws:drs:<region>:<account>:launch-configuration-template/lct-...)",
        })
        .optional(),
      defaultLaunchTemplateId: awsId("lt").optional(),
    },
    { error: "must be an object: { launchDisposition?, copyPrivateIp?, copyTags?, rightSizing?, osByol?, postLaunchActions?, templateArn?, defaultLaunchTemplateId? }" },
  )
  .prefault({});

/** `recovery`: the recovery network and the launch settings, off unless `enabled`. */
export const recovery = z
  .strictObject(
    {
      enabled: flag.default(false),
      vpcCidr: vpcCidr.optional(),
      vpc: adoptedRecoveryVpc.optional(),
      availabilityZoneCount: zoneCount.optional(),
      ingress: z
        .array(ingressRule, { error: "must be a list of rules: { protocol, ports, from, description? }" })
        .max(MAX_RECOVERY_INGRESS_RULES, { error: `lists more than ${MAX_RECOVERY_INGRESS_RULES} rules: the recovery subnets' network ACL has room for ${MAX_RECOVERY_INGRESS_RULES} (AWS's 20 a direction, less its own); give wider blocks` })
        .default([]),
      launch,
    },
    { error: "must be an object: { enabled, vpcCidr? | vpc?, availabilityZoneCount?, ingress?, launch? }" },
  )
  .prefault({});
