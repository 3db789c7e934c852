/**
 * `npm run launch-settings -- --stack <name> [--apply] [--outputs <file.json>] [--json <file>]`
 *
 * Where each DRS source server already registered in the DR region would launch today, against the stack's recovery
 * side: DRS gives a new source server the region's launch settings (the stack's launch configuration template and
 * default EC2 launch template), but a server registered before keeps its own launch configuration and its own EC2
 * launch template. This reads every server (all pages), prints one line per server (where it launches, what differs)
 * and, with `--apply`, makes each right: `UpdateLaunchConfiguration`, a new version of its launch template
 * (`CreateLaunchTemplateVersion` from the default) made the default (`ModifyLaunchTemplate`), then reads it again to
 * check. The stack's settings come from `Pulumi.<stack>.yaml`, its outputs from the Automation API or `--outputs`, the
 * DR side's credentials from its config (profile, role), all as verify-live gets them. Exit status (`--help`): 0 every
 * server right or made right, 1 a server differs (without `--apply`), cannot be made right by these calls, or an
 * apply failed, 2 bad arguments, stack, config or outputs, or recovery not enabled, 3 AWS could not be read (or the
 * `--json` file written).
 */
import { CreateLaunchTemplateVersionCommand, ModifyLaunchTemplateCommand } from "@aws-sdk/client-ec2";
import { UpdateLaunchConfigurationCommand } from "@aws-sdk/client-drs";
import { LaunchReview, LaunchTarget, modifyDefaultVersion, placementText, reviewLaunch, serverLabel, ServerState } from "../lib/launchSettings";
import { writeFiles } from "../lib/writeFiles";
import type { Settings } from "../settings";
import { DEFAULT_ENVIRONMENT, loadLiveStack, VerifyLiveEnvironment } from "../live/cli";
import { launchTarget, serverStates } from "../live/launch";
import { Guard, guardFor, LiveAccessError, LiveClients, readLaunch, readServerState } from "../live/read";
import { OutputsError, RecoveryLaunchScope, recoveryLaunchScope } from "../live/scope";

export const USAGE = "usage: npm run launch-settings -- --stack <name> [--apply] [--outputs <file.json>] [--json <file>] [--help]";

/** `--help`: the usage, every flag, and the exit statuses. */
export const HELP = `${USAGE}

Reads every DRS source server in the stack's DR region and says, one line per server, where it would launch today
(its EC2 launch template's subnet, security groups, public IP and IMDS setting) and what differs from the stack's
recovery side (recovery.launch in the stack file, and the recovery subnets and group from its outputs). New source
servers get the stack's launch settings by themselves; servers registered before keep their own.

  --stack <name>      the stack: its config from Pulumi.<name>.yaml, its outputs from the Pulumi CLI (Automation API)
                      unless --outputs is given
  --apply             make each server that differs right: UpdateLaunchConfiguration, and a new default version of
                      its EC2 launch template (CreateLaunchTemplateVersion, ModifyLaunchTemplate); then read it again
  --outputs <file>    the stack's outputs as \`pulumi stack output --json > <file>\` writes them
  --json <file>       also write every server's review (and what --apply did) as JSON to <file>
  --help, -h          print this and exit

Exit status:
  0  every server launches as the stack says (or was made to, with --apply)
  1  a server differs (without --apply), cannot be made right by these calls, or a change failed
  2  bad arguments, stack, config or outputs, or the stack does not enable recovery
  3  AWS could not be read (refused, no credentials, unreachable, an error), or the --json file cannot be written
`;

/** The IAM actions launch-settings calls: docs/launch-settings.md's policy lists exactly these. */
export const LAUNCH_PERMISSIONS = {
  /** Every run. */
  read: ["drs:DescribeSourceServers", "drs:GetLaunchConfiguration", "ec2:DescribeLaunchTemplateVersions"],
  /** With `recovery.launch.copyPrivateIp`: the recovery subnets' blocks. */
  copyPrivateIp: ["ec2:DescribeSubnets"],
  /** With `--apply`. */
  apply: ["drs:UpdateLaunchConfiguration", "ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"],
} as const;

/** The parsed command line. */
export interface LaunchSettingsArgs {
  readonly stack: string;
  readonly apply: boolean;
  readonly outputsFile?: string;
  readonly jsonFile?: string;
}

/** Parse the command line, or throw an Error whose message is the usage problem. */
export function parseArgs(argv: readonly string[]): LaunchSettingsArgs {
  const values: Record<string, string> = {};
  let apply = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--apply") {
      if (apply) throw new Error("--apply is given twice");
      apply = true;
      continue;
    }
    if (!["--stack", "--outputs", "--json"].includes(flag)) throw new Error(`unknown argument ${flag}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
    if (values[flag] !== undefined) throw new Error(`${flag} is given twice`);
    values[flag] = value;
    i++;
  }
  const stack = values["--stack"];
  if (stack === undefined) throw new Error("give --stack <name>");
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new Error(`not a stack name: ${stack}`);
  return { stack, apply, ...(values["--outputs"] !== undefined ? { outputsFile: values["--outputs"] } : {}), ...(values["--json"] !== undefined ? { jsonFile: values["--json"] } : {}) };
}

/** What the command needs from outside: verify-live's, so tests stand in for Pulumi and AWS the same way. */
export type LaunchSettingsEnvironment = Pick<VerifyLiveEnvironment, "stackOutputs" | "clients">;

/** What happened to one server. */
export type ServerStatus = "right" | "differs" | "made-right" | "blocked" | "failed";

/** One server in the report: its review, and with `--apply` what was done and its review after. */
export interface ServerResult {
  readonly status: ServerStatus;
  readonly review: LaunchReview;
  /** The calls made, as `UpdateLaunchConfiguration`, `CreateLaunchTemplateVersion lt-... version 3 from 2`, ... */
  readonly made?: readonly string[];
  /** The review after the calls (read again). */
  readonly after?: LaunchReview;
  /** Why a change failed. */
  readonly error?: string;
}

/** The report: `JSON.stringify` of this is the `--json` file. */
export interface LaunchSettingsReport {
  readonly stack: string;
  readonly region: string;
  readonly recoverySubnetIds: readonly string[];
  readonly recoverySecurityGroupId: string;
  readonly applied: boolean;
  readonly servers: readonly ServerResult[];
  /** Every server right, or made right. */
  readonly passed: boolean;
}

const STATUS_WORDS: Readonly<Record<ServerStatus, string>> = { right: "OK", differs: "DIFFERS", "made-right": "FIXED", blocked: "BLOCKED", failed: "FAILED" };

/** A server's one line. */
export function serverLine(result: ServerResult): string {
  const review = result.after ?? result.review;
  const where = review.launchesInto !== undefined ? `launches into ${placementText(review.launchesInto)}` : "launch placement unknown";
  const differs = result.review.differences.map((d) => `${d.field} ${d.current} -> ${d.wanted}`);
  const parts = [
    `${STATUS_WORDS[result.status]} ${serverLabel(result.review)}: ${where}`,
    ...(result.after === undefined && differs.length > 0 && result.status !== "failed" ? [`differs: ${differs.join(", ")}`] : []),
    ...(result.made !== undefined && result.made.length > 0 ? [`made: ${result.made.join(", ")}`] : []),
    ...(result.status === "blocked" || result.status === "failed" ? review.problems : []),
    ...(result.error !== undefined ? [result.error] : []),
    ...(result.status === "failed" && result.after !== undefined && result.error === undefined ? [`still differs: ${result.after.differences.map((d) => `${d.field} ${d.current} -> ${d.wanted}`).join(", ")}`] : []),
  ];
  return parts.join("; ");
}

/** Make one server right: the calls in order, then its state read again. */
async function applyServer(clients: Pick<LiveClients, "drs" | "ec2">, guard: Guard, target: LaunchTarget, state: ServerState, review: LaunchReview): Promise<ServerResult> {
  const made: string[] = [];
  const { updateLaunchConfiguration, createLaunchTemplateVersion, makeDefault } = review.calls;
  try {
    if (updateLaunchConfiguration !== undefined) {
      await guard("drs:UpdateLaunchConfiguration", () => clients.drs.send(new UpdateLaunchConfigurationCommand(updateLaunchConfiguration)));
      made.push(`UpdateLaunchConfiguration (${Object.keys(updateLaunchConfiguration).filter((k) => k !== "sourceServerID").join(", ")})`);
    }
    if (createLaunchTemplateVersion !== undefined && makeDefault !== undefined) {
      const created = await guard("ec2:CreateLaunchTemplateVersion", () => clients.ec2.send(new CreateLaunchTemplateVersionCommand(createLaunchTemplateVersion)));
      const version = created.LaunchTemplateVersion?.VersionNumber;
      if (version === undefined) throw new Error(`CreateLaunchTemplateVersion on ${makeDefault.LaunchTemplateId} returned no version number`);
      made.push(`CreateLaunchTemplateVersion ${makeDefault.LaunchTemplateId} version ${version} from ${createLaunchTemplateVersion.SourceVersion}`);
      const warnings = (created.Warning?.Errors ?? []).map((e) => `${e.Code}: ${e.Message}`);
      if (warnings.length > 0) {
        return { status: "failed", review, made, error: `EC2 says version ${version} of ${makeDefault.LaunchTemplateId} is not valid (${warnings.join("; ")}): it is not made the default` };
      }
      await guard("ec2:ModifyLaunchTemplate", () => clients.ec2.send(new ModifyLaunchTemplateCommand(modifyDefaultVersion(makeDefault.LaunchTemplateId, version))));
      made.push(`ModifyLaunchTemplate default ${version}`);
    }
  } catch (err) {
    return { status: "failed", review, made, error: failure(err) };
  }
  let after: LaunchReview;
  try {
    after = reviewLaunch(target, await readServerState(clients, guard, state.server));
  } catch (err) {
    return { status: "failed", review, made, error: `read again after the changes: ${failure(err)}` };
  }
  return { status: after.right ? "made-right" : after.problems.length > 0 ? "blocked" : "failed", review, made, after };
}

/** A failed call in one line: the IAM action and AWS's error name and message. */
function failure(err: unknown): string {
  if (err instanceof LiveAccessError) return err.message;
  return `${(err as { name?: string }).name ?? "Error"}: ${(err as { message?: string }).message ?? String(err)}`;
}

/** What to do after AWS could not be read. */
const READ_HINTS: Readonly<Record<LiveAccessError["kind"], string>> = {
  refused: "launch-settings needs the read actions of docs/launch-settings.md's IAM policy (and its write actions for --apply).",
  credentials: "Give the DR side credentials: drProvider's profile or role to assume in the stack's config, or ambient ones (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or aws sso login).",
  unreachable: "Run launch-settings where the DRS and EC2 endpoints of the DR region answer (AWS_ENDPOINT_URL, when set, overrides them).",
};

/** The whole command: returns the exit status. */
export async function main(
  argv: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
  root = process.cwd(),
  env: LaunchSettingsEnvironment = DEFAULT_ENVIRONMENT,
): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    out(HELP);
    return 0;
  }
  let args: LaunchSettingsArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }

  const noRecovery = (s: Settings) =>
    s.recovery === undefined ? `the stack ${args.stack} does not enable recovery (recovery.enabled in Pulumi.${args.stack}.yaml): there is no recovery network for source servers to launch into` : undefined;
  const loaded = await loadLiveStack(root, { stack: args.stack }, args.outputsFile, env, noRecovery);
  if ("problem" in loaded) {
    err(`${loaded.problem}\n`);
    return 2;
  }
  const { settings } = loaded;
  let scope: RecoveryLaunchScope | undefined;
  try {
    scope = recoveryLaunchScope(loaded.outputs, settings);
  } catch (e) {
    err(e instanceof OutputsError ? `${e.message}\n` : `could not get the stack's config or outputs: ${(e as Error).message}\n`);
    return 2;
  }
  if (scope === undefined) return 2;

  const clients = env.clients(scope.region, scope.auth);
  const guard = guardFor(scope.region, scope.as);
  let target: LaunchTarget;
  let states: ServerState[];
  try {
    const capture = await readLaunch(clients, guard, scope.launch.copyPrivateIp ? scope.subnetIds : undefined);
    target = launchTarget(scope, capture);
    states = serverStates(capture);
  } catch (e) {
    if (e instanceof LiveAccessError) err(`${e.message}\n${READ_HINTS[e.kind]}\n`);
    else err(`could not read the source servers in ${scope.region} as ${scope.as}: ${failure(e)}\n`);
    return 3;
  }

  const results: ServerResult[] = [];
  for (const state of states) {
    const review = reviewLaunch(target, state);
    if (review.right) results.push({ status: "right", review });
    else if (!args.apply) results.push({ status: review.problems.length > 0 ? "blocked" : "differs", review });
    else if (review.calls.createLaunchTemplateVersion === undefined && review.calls.updateLaunchConfiguration === undefined) results.push({ status: "blocked", review });
    else results.push(await applyServer(clients, guard, target, state, review));
    out(`${serverLine(results[results.length - 1])}\n`);
  }

  const passed = results.every((r) => r.status === "right" || r.status === "made-right");
  const count = (status: ServerStatus) => results.filter((r) => r.status === status).length;
  const where = `in ${scope.region} (recovery subnets ${scope.subnetIds.join(", ")}, group ${scope.groupId})`;
  if (results.length === 0) out(`no source server is registered ${where}: new ones get the stack's launch settings, nothing to do\n`);
  else {
    const summary = [
      `${count("right")} right`,
      ...(args.apply ? [`${count("made-right")} made right`] : [`${count("differs")} differ${count("differs") > 0 ? " (--apply makes them right)" : ""}`]),
      ...(count("blocked") > 0 ? [`${count("blocked")} need someone to act`] : []),
      ...(count("failed") > 0 ? [`${count("failed")} failed`] : []),
    ];
    out(`${results.length} source server${results.length === 1 ? "" : "s"} ${where}: ${summary.join(", ")}\n`);
  }

  if (args.jsonFile !== undefined) {
    const report: LaunchSettingsReport = { stack: args.stack, region: scope.region, recoverySubnetIds: scope.subnetIds, recoverySecurityGroupId: scope.groupId, applied: args.apply, servers: results, passed };
    if (!writeFiles([[args.jsonFile, `${JSON.stringify(report, null, 2)}\n`]], err)) return 3;
  }
  return passed ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`launch-settings failed: ${String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
