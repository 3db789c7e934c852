/** The command line of `npm run drill` (drill/cli.ts): its usage, its help and its parser. Pure. */
import type { Selection } from "./drill";

export const DRILL_USAGE =
  "usage: npm run drill -- --stack <name> | --config <file.yaml> [--servers s-...,s-... | --tag key=value] [--point-in-time latest|<ISO time>] [--keep] [--report out.md] [--json out.json] [--timeout-minutes N] [--help]";

/** `--help`: the usage, every flag and the exit statuses. */
export const DRILL_HELP = `${DRILL_USAGE}

Launches a DRS drill of the stack's source servers in its DR region, checks every recovered instance, terminates
what it launched, and prints the evidence: who ran it, when, the point in time, RPO and RTO per server, the checks
and the cleanup. The DR region and its credentials come from Pulumi.<stack>.yaml (drRegion, drProvider); no Pulumi
CLI is needed.

  --stack <name>           the stack whose config file gives the DR region and credentials
  --config <file.yaml>     a stack-file-shaped config instead of --stack (a plain copy of one with secure: values)
  --servers <ids>          only these source servers (comma-separated s-... ids); default: every source server
  --tag <key>=<value>      only the source servers with this tag
  --point-in-time <when>   latest (default: DRS takes an on-demand snapshot) or an ISO time: per server the newest
                           recovery snapshot taken at or before it
  --keep                   leave the recovery instances running (DRS never terminates drill instances itself)
  --report <file>          also write the report as Markdown to <file>
  --json <file>            also write the report as JSON to <file>
  --timeout-minutes <N>    the longest the launches and checks may take (default 60); cleanup has 30 more
  --help, -h               print this and exit

Ctrl-C terminates what the drill launched (unless --keep), waits for it, writes the report and exits.

Exit status:
  0  every server recovered and passed its checks and objectives, and cleanup was confirmed (or --keep)
  1  a server failed to launch or a check, the run timed out or was interrupted, or cleanup failed
  2  the drill could not run: bad arguments, stack or config, no matching source server, no usable credentials,
     or an AWS call refused (the message names the IAM action)
  3  the report could not be written, or an unexpected error
`;

/** The parsed command line. */
export interface DrillArgs {
  /** The stack whose `Pulumi.<stack>.yaml` to read, or a stack-file-shaped config file. */
  readonly source: { readonly stack: string } | { readonly configFile: string };
  readonly selection: Selection;
  /** `latest` or an ISO time, checked against the clock by `parsePointInTime`. */
  readonly pointInTime: string;
  readonly keep: boolean;
  readonly reportFile?: string;
  readonly jsonFile?: string;
  readonly timeoutMinutes: number;
}

/** Whether the command line asks for `--help`. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

const VALUED = ["--stack", "--config", "--servers", "--tag", "--point-in-time", "--report", "--json", "--timeout-minutes"];

function values(argv: readonly string[]): { values: Record<string, string>; keep: boolean } {
  const out: Record<string, string> = {};
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--keep") {
      keep = true;
      continue;
    }
    if (!VALUED.includes(flag)) throw new Error(`unknown argument ${flag}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
    if (out[flag] !== undefined) throw new Error(`${flag} is given twice`);
    out[flag] = value;
    i++;
  }
  return { values: out, keep };
}

function selectionOf(servers: string | undefined, tag: string | undefined): Selection {
  if (servers !== undefined && tag !== undefined) throw new Error("give --servers or --tag, not both");
  if (servers !== undefined) {
    const ids = [...new Set(servers.split(",").map((s) => s.trim()).filter((s) => s !== ""))];
    const bad = ids.filter((id) => !/^s-[0-9a-zA-Z]+$/.test(id));
    if (ids.length === 0 || bad.length > 0) throw new Error(`--servers takes source server ids (s-...), comma-separated${bad.length > 0 ? `; not ${bad.join(", ")}` : ""}`);
    return { kind: "ids", ids };
  }
  if (tag !== undefined) {
    const at = tag.indexOf("=");
    if (at <= 0) throw new Error(`--tag takes key=value, not ${JSON.stringify(tag)}`);
    return { kind: "tag", key: tag.slice(0, at), value: tag.slice(at + 1) };
  }
  return { kind: "all" };
}

/** Parse the command line, or throw an Error whose message is the usage problem. */
export function parseDrillArgs(argv: readonly string[]): DrillArgs {
  const { values: v, keep } = values(argv);
  const stack = v["--stack"];
  const configFile = v["--config"];
  if (stack === undefined && configFile === undefined) throw new Error("give --stack <name>: its Pulumi.<name>.yaml names the DR region and its credentials (or --config <file.yaml>)");
  if (stack !== undefined && configFile !== undefined) throw new Error("give --stack or --config, not both");
  if (stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(stack)) throw new Error(`not a stack name: ${stack}`);
  const timeoutText = v["--timeout-minutes"] ?? "60";
  const timeoutMinutes = /^\d+$/.test(timeoutText) ? Number(timeoutText) : Number.NaN;
  if (!(timeoutMinutes >= 1 && timeoutMinutes <= 1440)) throw new Error(`--timeout-minutes takes whole minutes from 1 to 1440, not ${timeoutText}`);
  return {
    source: configFile !== undefined ? { configFile } : { stack: stack as string },
    selection: selectionOf(v["--servers"], v["--tag"]),
    pointInTime: v["--point-in-time"] ?? "latest",
    keep,
    ...(v["--report"] !== undefined ? { reportFile: v["--report"] } : {}),
    ...(v["--json"] !== undefined ? { jsonFile: v["--json"] } : {}),
    timeoutMinutes,
  };
}
