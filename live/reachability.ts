/**
 * `--reachability-analyzer`: AWS's own analyzer beside the verifier, on the legs it can analyze. Reachability
 * Analyzer needs source and destination in one region (its guide, "How Reachability Analyzer works",
 * https://docs.aws.amazon.com/vpc/latest/reachability/how-reachability-analyzer-works.html), and takes as a source an
 * instance, a network interface, a VPC endpoint, a peering connection and a few gateways, never a subnet; a path checks
 * one destination port. So, in the DR region: from each source's peering connection (with an address of that source's
 * block) to each interface endpoint of the staging VPC on TCP 443, and to each running replication server's network
 * interface on TCP 1500, the legs every source server's traffic takes once across the peering; and from each running
 * replication server's network interface to the DRS and EC2 endpoints on TCP 443.
 *
 * A resource of another account must be named by its ARN, and the two accounts must be in one AWS Organization with
 * Reachability Analyzer's trusted access, the analysis run from its management or a delegated administrator account
 * (https://docs.aws.amazon.com/vpc/latest/reachability/multi-account.html). A leg from another account's peering is
 * asked with the peering's ARN; where AWS refuses it, the leg is reported as one AWS cannot analyze, not as a failure.
 * So is a TCP 1500 leg while no replication server runs: there is no destination to name.
 *
 * It creates a Network Insights path per leg, starts an analysis, waits for it, and deletes both, whatever happens.
 * It writes, so it needs more than the read-only policy: see docs/verify-live.md.
 */
import {
  CreateNetworkInsightsPathCommand,
  DeleteNetworkInsightsAnalysisCommand,
  DeleteNetworkInsightsPathCommand,
  DescribeNetworkInsightsAnalysesCommand,
  EC2Client,
  Explanation,
  StartNetworkInsightsAnalysisCommand,
} from "@aws-sdk/client-ec2";
import { parseIpv4Block } from "../lib/cidr";
import type { Verdict } from "../lib/verifier";
import type { NetworkModel } from "../lib/verifier/model";
import type { LiveScope } from "../lib/verifier/aws";
import { forwardTemplates } from "../lib/verifier/failback/side";

/** The IAM actions this option adds (plus what the analyzer itself reads: AmazonVPCReachabilityAnalyzerFullAccessPolicy). */
export const REACHABILITY_PERMISSIONS = [
  "ec2:CreateNetworkInsightsPath",
  "ec2:StartNetworkInsightsAnalysis",
  "ec2:DescribeNetworkInsightsAnalyses",
  "ec2:DeleteNetworkInsightsAnalysis",
  "ec2:DeleteNetworkInsightsPath",
  "ec2:CreateTags",
] as const;

/** One leg to analyze. */
export interface Leg {
  /** What it is, for the report. */
  readonly label: string;
  /** The source's id, or its ARN when it belongs to another account. */
  readonly source: string;
  readonly sourceIp?: string;
  readonly destination: string;
  /** The TCP port the path checks. */
  readonly port: number;
  /** The verifier's verdicts on the same traffic. */
  readonly verdictIds: readonly string[];
  /** The account that owns the source, when it is not the DR side's: AWS may refuse to analyze the leg. */
  readonly otherAccount?: string;
  /** Why AWS cannot analyze the leg, when that is known before asking (no replication server runs). */
  readonly notAnalyzable?: string;
}

/** AWS's answer on a leg, beside the verifier's. */
export interface LegResult {
  readonly leg: Leg;
  /**
   * `reachable`, `not reachable`, `error` (AWS refused or the analysis failed), or `not analyzable` (a leg AWS's
   * analyzer cannot take: no destination yet, or another account's resource outside a shared organization).
   */
  readonly aws: "reachable" | "not reachable" | "error" | "not analyzable";
  /** The analyzer's explanations (codes and the components they name), or the error. */
  readonly detail: readonly string[];
  /** The verifier's view of the same traffic: passed when every verdict on it passed. */
  readonly verifierPassed: boolean;
  /** Whether the two disagree: one of them is wrong, and someone must look. */
  readonly disagrees: boolean;
}

/** An address inside a block, as a source server of it would have (the fifth: AWS reserves the first four). */
export function addressIn(cidr: string): string {
  const n = parseIpv4Block(cidr).first + 4n;
  return [24n, 16n, 8n, 0n].map((shift) => String((n >> shift) & 255n)).join(".");
}

/** The note on a leg AWS will not analyze across accounts. */
export const CROSS_ACCOUNT_NOTE =
  "Reachability Analyzer takes another account's resource only by its ARN, with both accounts in one AWS Organization with trusted access, " +
  "the analysis run from the management or a delegated administrator account (https://docs.aws.amazon.com/vpc/latest/reachability/multi-account.html)";

/** A running replication server's network interface, and the staging subnet it is in. */
export interface ReplicationServerEni {
  readonly id: string;
  readonly subnetName: string;
}

/**
 * The legs of a live model: each source's peering to each staging interface endpoint (TCP 443) and to each running
 * replication server (TCP 1500); each replication server to the DRS and EC2 endpoints (TCP 443).
 */
export function legsOf(model: NetworkModel, scope: LiveScope, verdicts: readonly Verdict[], replicationServerEnis: readonly ReplicationServerEni[] = []): Leg[] {
  const staging = model.vpcs.find((v) => v.id === scope.stagingVpcId);
  const endpoints = model.endpoints.filter((e) => e.vpc === staging && e.type === "Interface" && e.id !== undefined);
  const legs: Leg[] = [];
  // The forward replication's templates: a failback staging area (in a source region) is no leg of the DR region's.
  const templates = forwardTemplates(model);
  for (const peering of model.peerings.filter((p) => p.accepter === staging && p.id !== undefined)) {
    const source = peering.requester;
    if (source?.cidr === undefined) continue;
    const origins = model.subnets.filter((s) => s.vpc === source).map((s) => s.name);
    const originNames = origins.length > 0 ? origins : model.tables.filter((t) => t.vpc === source).map((t) => `${source.name} via ${t.name}`);
    const across = peeringSource(peering, scope.drRegion);
    const from = `${source.name} (${source.cidr}) across ${peering.name}`;
    for (const endpoint of endpoints) {
      legs.push({ label: `${from} to ${endpoint.name}, TCP 443`, ...across, sourceIp: addressIn(source.cidr), destination: endpoint.id as string, port: 443, verdictIds: originNames.map((o) => `flow:${o}->${endpoint.name}`) });
    }
    const replicationIds = (templates: readonly { name: string }[]) => templates.flatMap((t) => originNames.map((o) => `flow:${o}->${t.name}`));
    for (const eni of replicationServerEnis) {
      const own = templates.filter((t) => t.stagingSubnet?.name === eni.subnetName);
      legs.push({ label: `${from} to replication server ${eni.id}, TCP 1500`, ...across, sourceIp: addressIn(source.cidr), destination: eni.id, port: 1500, verdictIds: replicationIds(own.length > 0 ? own : templates) });
    }
    if (replicationServerEnis.length === 0 && templates.length > 0) {
      legs.push({
        label: `${from} to the replication servers, TCP 1500`,
        ...across,
        destination: "",
        port: 1500,
        verdictIds: replicationIds(templates),
        notAnalyzable: "no replication server is running (DRS launches them while source servers replicate), so the path has no destination to name",
      });
    }
  }
  for (const eni of replicationServerEnis) {
    for (const endpoint of endpoints.filter((e) => /\.(drs|ec2)$/.test(e.serviceName))) {
      legs.push({
        label: `replication server ${eni.id} to ${endpoint.name}, TCP 443`,
        source: eni.id,
        destination: endpoint.id as string,
        port: 443,
        verdictIds: [`flow:replication servers in ${eni.subnetName}->${endpoint.name}`],
      });
    }
  }
  return legs.filter((l) => l.verdictIds.some((id) => verdicts.some((v) => v.id === id)));
}

/**
 * A peering as a path's source: its id, or, when the requester's account is not the DR side's, its ARN (in the
 * requester's region and account, where the connection was requested; the Service Authorization Reference's format
 * `arn:aws:ec2:<region>:<account>:vpc-peering-connection/<id>`).
 */
function peeringSource(peering: NetworkModel["peerings"][number], drRegion: string): Pick<Leg, "source" | "otherAccount"> {
  const { requester, accepter } = peering.owners ?? {};
  if (requester === undefined || accepter === undefined || requester === accepter) return { source: peering.id as string };
  return { source: `arn:aws:ec2:${peering.region ?? drRegion}:${requester}:vpc-peering-connection/${peering.id}`, otherAccount: requester };
}

/** How the analyzer explains a blocked path: its codes, each with the component it names. */
export function explain(explanations: readonly Explanation[] | undefined): string[] {
  return (explanations ?? []).map((e) => {
    const component = e.Component ?? e.SecurityGroup ?? e.Acl ?? e.RouteTable ?? e.VpcPeeringConnection ?? e.VpcEndpoint ?? e.Subnet ?? e.NetworkInterface ?? e.Vpc;
    const named = component !== undefined ? ` (${component.Name ?? component.Id ?? component.Arn})` : "";
    return `${e.ExplanationCode ?? "UNKNOWN"}${named}`;
  });
}

/** How long to wait for an analysis, and how. */
export interface AnalyzeOptions {
  readonly sleep?: (ms: number) => Promise<void>;
  readonly pollMs?: number;
  readonly timeoutMs?: number;
  readonly token?: (leg: Leg, i: number) => string;
}

/** Run the analyzer on each leg, one after another; paths and analyses are always deleted. */
export async function analyze(ec2: Pick<EC2Client, "send">, legs: readonly Leg[], verdicts: readonly Verdict[], options: AnalyzeOptions = {}): Promise<LegResult[]> {
  const results: LegResult[] = [];
  for (const [i, leg] of legs.entries()) {
    const verifierPassed = leg.verdictIds.every((id) => verdicts.find((v) => v.id === id)?.passed !== false);
    let outcome: Pick<LegResult, "aws" | "detail">;
    if (leg.notAnalyzable !== undefined) outcome = { aws: "not analyzable", detail: [leg.notAnalyzable] };
    else {
      outcome = await analyzeLeg(ec2, leg, options.token?.(leg, i) ?? `drs-verify-live-${Date.now()}-${i}`, options);
      // Another account's resource: AWS's refusal says the leg is beyond the analyzer here, not that the path fails.
      if (outcome.aws === "error" && leg.otherAccount !== undefined) outcome = { aws: "not analyzable", detail: [...outcome.detail, `the source belongs to account ${leg.otherAccount}: ${CROSS_ACCOUNT_NOTE}`] };
    }
    const counted = outcome.aws === "reachable" || outcome.aws === "not reachable";
    results.push({ leg, ...outcome, verifierPassed, disagrees: counted && (outcome.aws === "reachable") !== verifierPassed });
  }
  return results;
}

/** One leg: create the path, start the analysis, wait for it; then delete both, reporting (never throwing) a failure. */
async function analyzeLeg(ec2: Pick<EC2Client, "send">, leg: Leg, token: string, options: AnalyzeOptions): Promise<Pick<LegResult, "aws" | "detail">> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = options.pollMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 300_000;
  let pathId: string | undefined;
  let analysisId: string | undefined;
  let outcome: Pick<LegResult, "aws" | "detail">;
  try {
    const path = await ec2.send(
      new CreateNetworkInsightsPathCommand({
        Source: leg.source,
        ...(leg.sourceIp !== undefined ? { SourceIp: leg.sourceIp } : {}),
        Destination: leg.destination,
        Protocol: "tcp",
        DestinationPort: leg.port,
        ClientToken: token,
        TagSpecifications: [{ ResourceType: "network-insights-path", Tags: [{ Key: "CreatedBy", Value: "drs-secured-network verify-live" }] }],
      }),
    );
    pathId = path.NetworkInsightsPath?.NetworkInsightsPathId;
    const started = await ec2.send(new StartNetworkInsightsAnalysisCommand({ NetworkInsightsPathId: pathId, ClientToken: `${token}-analysis` }));
    analysisId = started.NetworkInsightsAnalysis?.NetworkInsightsAnalysisId;
    let analysis = started.NetworkInsightsAnalysis;
    for (let waited = 0; analysis?.Status === "running"; waited += pollMs) {
      if (waited >= timeoutMs) throw new Error(`the analysis did not finish in ${Math.round(timeoutMs / 1000)} s`);
      await sleep(pollMs);
      analysis = (await ec2.send(new DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: analysisId !== undefined ? [analysisId] : [] }))).NetworkInsightsAnalyses?.[0];
    }
    if (analysis?.Status !== "succeeded") throw new Error(`the analysis ${analysis?.Status ?? "vanished"}: ${analysis?.StatusMessage ?? "no message"}`);
    outcome = analysis.NetworkPathFound === true ? { aws: "reachable", detail: [] } : { aws: "not reachable", detail: explain(analysis.Explanations) };
  } catch (err) {
    outcome = { aws: "error", detail: [`${(err as { name?: string }).name ?? "Error"}: ${(err as Error).message}`] };
  }
  const cleanup: string[] = [];
  const remove = async (id: string | undefined, send: (id: string) => Promise<unknown>) => {
    if (id === undefined) return;
    try {
      await send(id);
    } catch (e) {
      cleanup.push(`could not delete ${id}: ${(e as Error).message}`);
    }
  };
  await remove(analysisId, (id) => ec2.send(new DeleteNetworkInsightsAnalysisCommand({ NetworkInsightsAnalysisId: id })));
  await remove(pathId, (id) => ec2.send(new DeleteNetworkInsightsPathCommand({ NetworkInsightsPathId: id })));
  return { aws: outcome.aws, detail: [...outcome.detail, ...cleanup] };
}

/** The report's section on AWS's own results. */
export function reachabilityMarkdown(results: readonly LegResult[]): string[] {
  if (results.length === 0) return ["## AWS Reachability Analyzer (AWS's own results)", "", "No leg to analyze: no active peering into the staging VPC and no running replication server.", ""];
  return [
    "## AWS Reachability Analyzer (AWS's own results)",
    "",
    ...results.flatMap((r) => [
      `- ${r.aws.toUpperCase()} ${r.leg.label} (verifier: ${r.verifierPassed ? "PASS" : "FAIL"}${r.disagrees ? "; **the two disagree**" : ""})`,
      ...r.detail.map((d) => `  - ${d}`),
    ]),
    "",
  ];
}
