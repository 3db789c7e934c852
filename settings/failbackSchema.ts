/**
 * `failback`: the reverse path from the recovery VPC back to each source region, built before it is needed
 * (lib/failback.ts). Each refinement message completes the sentence "<key>: <value> ...".
 */
import { z } from "zod";
import { flag, vpcCidr } from "./fields";

/** The failback modes: everything built (`standby`), or only what costs nothing until `active`. */
export const FAILBACK_MODES = ["standby", "on-demand"] as const;

/** `failback`: off unless `enabled`. */
export const failback = z
  .strictObject(
    {
      enabled: flag.default(false),
      mode: z.enum(FAILBACK_MODES, { error: 'must be "standby" (everything built and paid for) or "on-demand" (only what costs nothing, until failback.active)' }).default("standby"),
      active: flag.default(false),
      stagingVpcCidrs: z
        // A region that is no source's is the cross-field rules' (rules/failback.ts): it names the source regions.
        .record(z.string(), vpcCidr, { error: "must map each source region to the failback staging VPC's block, e.g. { eu-west-1: 10.3.0.0/16 }" })
        .default({}),
      templateIds: z
        .record(
          z.string(),
          z.string({ error: "must be a string" }).regex(/^rct-[0-9a-f]{17}$/, { error: "is not a replication configuration template id (rct- and 17 hex digits)" }),
          { error: "must map a source region to its existing replication configuration template id, to import" },
        )
        .default({}),
    },
    { error: "must be an object: { enabled, mode?, active?, stagingVpcCidrs, templateIds? }" },
  )
  .prefault({});
