/**
 * `estimate`: what the DR cost model (lib/costModel.ts) needs beyond the stack itself, the servers and their data.
 * Optional: without it the synth prices the network only and says what an estimate would add. Each message completes
 * the sentence "<key>: <value> ...". Limits, each from AWS:
 *
 * - servers 0 to 300: DRS replicates at most 300 source servers at once per account and Region ("A single AWS account
 *   supports up to 300 concurrently replicating source servers", DRS guide, Disaster recovery at scale,
 *   https://docs.aws.amazon.com/drs/latest/userguide/drs-at-scale.html); more need more staging accounts.
 * - 1 to 60 disks a server: "AWS Elastic Disaster Recovery supports replicating Source Servers with up to 60 volumes"
 *   (DRS guide, replication server instance type, individual-replication-settings.html; the API's replicatedDisks has
 *   at most 60 items).
 * - 1 to 65,536 GB a disk: no EBS volume is larger than 64 TiB (the largest type's limit; smaller types stop sooner,
 *   https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html), and DRS stages each disk on one volume.
 * - drills 0 to 365 a year, 0 to 8,760 hours each (a year's hours), and no more drill hours than a year has.
 */
import { z } from "zod";
import { numberField } from "./fields";

/** AWS's limits the schema checks, exported for the docs and tests. */
export const ESTIMATE_LIMITS = {
  /** Concurrently replicating source servers per account and Region (DRS at scale). */
  maxServers: 300,
  /** Volumes DRS replicates from one source server. */
  maxDisksPerServer: 60,
  /** Largest EBS volume, in GB (64 TiB). */
  maxDiskGb: 65_536,
  maxDrillsPerYear: 365,
  hoursPerYear: 8_760,
} as const;

/** The drill instance type assumed when `drillInstanceType` is not given: 2 vCPUs and 8 GiB, flagged in the report. */
export const DEFAULT_DRILL_INSTANCE_TYPE = "m5.large";

const whole = (min: number, max: number, why: string) =>
  numberField()
    .int({ error: `must be a whole number from ${min} to ${max}${why}` })
    .min(min, { error: `must be from ${min} to ${max}${why}` })
    .max(max, { error: `must be from ${min} to ${max}${why}` });

const disk = z.strictObject(
  {
    gb: whole(1, ESTIMATE_LIMITS.maxDiskGb, " GB: an EBS volume is at most 64 TiB"),
  },
  { error: "must be an object: { gb }, the disk's size in GB" },
);

/** `estimate`: the servers DRS will protect, their disks and writes, and the drills. */
export const estimateSchema = z
  .strictObject(
    {
      servers: whole(0, ESTIMATE_LIMITS.maxServers, ": DRS replicates at most 300 source servers per account and Region"),
      disks: z
        .array(disk, { error: "must be a list of each server's disks: [{ gb: 100 }, { gb: 500 }]" })
        .min(1, { error: "must list at least one disk: each server has a boot disk" })
        .max(ESTIMATE_LIMITS.maxDisksPerServer, { error: "lists more than 60 disks: DRS replicates at most 60 volumes of a source server" }),
      dailyChangeGb: numberField()
        .refine((n) => Number.isFinite(n) && n >= 0, { error: "must be a number of GB from 0 up: what each server writes in a day" }),
      drillsPerYear: whole(0, ESTIMATE_LIMITS.maxDrillsPerYear, " drills a year").default(0),
      drillHours: numberField()
        .refine((n) => Number.isFinite(n) && n >= 0 && n <= ESTIMATE_LIMITS.hoursPerYear, { error: "must be from 0 to 8760 hours (a year's) a drill" })
        .default(0),
      drillInstanceType: z
        .string({ error: "must be a string" })
        .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: "is not an EC2 instance type such as m5.large" })
        .default(DEFAULT_DRILL_INSTANCE_TYPE),
    },
    { error: "must be an object: { servers, disks, dailyChangeGb, drillsPerYear?, drillHours?, drillInstanceType? }" },
  )
  // Only when each figure is in range on its own: one out of range is reported by its own field, once.
  .refine((e) => e.drillsPerYear > ESTIMATE_LIMITS.maxDrillsPerYear || e.drillHours > ESTIMATE_LIMITS.hoursPerYear || e.drillsPerYear * e.drillHours <= ESTIMATE_LIMITS.hoursPerYear, {
    error: "has more drill hours (drillsPerYear x drillHours) than the 8760 hours of a year",
  });

/** The parsed `estimate`: per server, every server alike. */
export type EstimateSettings = z.output<typeof estimateSchema>;
