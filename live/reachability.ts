/**
 * `--reachability-analyzer`: AWS's own analyzer beside the verifier, on the legs it can analyze. Reachability
 * Analyzer needs source and destination in one region (its guide, "How Reachability Analyzer works"), and takes as a
 * source an instance, a network interface, a VPC endpoint, a peering connection and a few gateways, never a subnet.
 * So, in the DR region: from each source's peering connection (with an address of that source's block) to each
 * interface endpoint of the staging VPC on TCP 443, the legs every source server's traffic takes once across the
 * peering; and from each running replication server's network interface to the DRS and EC2 endpoints.
 *
 * It creates a Network Insights path per leg, starts an analysis, waits for it, and deletes both, whatever happens.
 * It writes, so it needs more than the read-only policy: see the README.
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
  readonly source: string;
  readonly sourceIp?: string;
  readonly destination: string;
  /** The verifier's verdicts on the same traffic. */
  readonly verdictIds: readonly string[];
}

/** AWS's answer on a leg, beside the verifier's. */
export interface LegResult {
  readonly leg: Leg;
  /** `reachable`, `not reachable`, or `error` (AWS refused or the analysis failed). */
  readonly aws: "reachable" | "not reachable" | "error";
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

/** The legs of a live model: each source's peering to each staging interface endpoint; replication servers to DRS and EC2. */
export function legsOf(model: NetworkModel, scope: LiveScope, verdicts: readonly Verdict[], replicationServerEnis: readonly { id: string; subnetName: string }[] = []): Leg[] {
  const staging = model.vpcs.find((v) => v.id === scope.stagingVpcId);
  const endpoints = model.endpoints.filter((e) => e.vpc === staging && e.type === "Interface" && e.id !== undefined);
  const legs: Leg[] = [];
  for (const peering of model.peerings.filter((p) => p.accepter === staging && p.id !== undefined)) {
    const source = peering.requester;
    if (source?.cidr === undefined) continue;
    const origins = model.subnets.filter((s) => s.vpc === source).map((s) => s.name);
    const originNames = origins.length > 0 ? origins : model.tables.filter((t) => t.vpc === source).map((t) => `${source.name} via ${t.name}`);
    for (const endpoint of endpoints) {
      legs.push({
        label: `${source.name} (${source.cidr}) across ${peering.name} to ${endpoint.name}, TCP 443`,
        source: peering.id as string,
        sourceIp: addressIn(source.cidr),
        destination: endpoint.id as string,
        verdictIds: originNames.map((o) => `flow:${o}->${endpoint.name}`),
      });
    }
  }
  for (const eni of replicationServerEnis) {
    for (const endpoint of endpoints.filter((e) => /\.(drs|ec2)$/.test(e.serviceName))) {
      legs.push({
        label: `replication server ${eni.id} to ${endpoint.name}, TCP 443`,
        source: eni.id,
        destination: endpoint.id as string,
        verdictIds: [`flow:replication servers in ${eni.subnetName}->${endpoint.name}`],
      });
    }
  }
  return legs.filter((l) => l.verdictIds.some((id) => verdicts.some((v) => v.id === id)));
}

/** How the analyzer explains a blocked path: its codes, each with the component it names. */
export function explain(explanations: readonly Explanation[] | undefined): string[] {
  return (explanations ?? []).map((e) => {
    const component = e.Component ?? e.SecurityGroup ?? e.Acl ?? e.RouteTable ?? e.VpcPeeringConnection ?? e.VpcEndpoint ?? e.Subnet ?? e.NetworkInterface ?? e.Vpc;
    const named = component !== undefined ? ` (${component.Name ?? component.Id ?? component.Arn})` : "";
    return `${e.ExplanationCode ?? "UNKNOWN"}${named}`;
  });
}

/** Run the analyzer on each leg, one after another; paths and analyses are always deleted. */
export async function analyze(
  ec2: Pick<EC2Client, "send">,
  legs: readonly Leg[],
  verdicts: readonly Verdict[],
  options: { readonly sleep?: (ms: number) => Promise<void>; readonly pollMs?: number; readonly timeoutMs?: number; readonly token?: (leg: Leg, i: number) => string } = {},
): Promise<LegResult[]> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = options.pollMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const results: LegResult[] = [];
  for (const [i, leg] of legs.entries()) {
    const verifierPassed = leg.verdictIds.every((id) => verdicts.find((v) => v.id === id)?.passed !== false);
    let pathId: string | undefined;
    let analysisId: string | undefined;
    let outcome: Pick<LegResult, "aws" | "detail">;
    const token = options.token?.(leg, i) ?? `drs-verify-live-${Date.now()}-${i}`;
    try {
      const path = await ec2.send(
        new CreateNetworkInsightsPathCommand({
          Source: leg.source,
          ...(leg.sourceIp !== undefined ? { SourceIp: leg.sourceIp } : {}),
          Destination: leg.destination,
          Protocol: "tcp",
          DestinationPort: 443,
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
    // Clean up whatever was made, even after a failure; a cleanup failure is reported, never thrown.
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
    outcome = { aws: outcome.aws, detail: [...outcome.detail, ...cleanup] };
    results.push({ leg, ...outcome, verifierPassed, disagrees: outcome.aws !== "error" && (outcome.aws === "reachable") !== verifierPassed });
  }
  return results;
}

/** The report's section on AWS's own results. */
export function reachabilityMarkdown(results: readonly LegResult[]): string[] {
  if (results.length === 0) return ["## AWS Reachability Analyzer (AWS's own results)", "", "No leg to analyze: no active peering into the staging VPC and no running replication server.", ""];
  return [
    "## AWS Reachability Analyzer (AWS's own results)",
    "",
    ...results.flatMap((r) => [
      `- ${r.aws === "reachable" ? "REACHABLE" : r.aws === "not reachable" ? "NOT REACHABLE" : "ERROR"} ${r.leg.label} (verifier: ${r.verifierPassed ? "PASS" : "FAIL"}${r.disagrees ? "; **the two disagree**" : ""})`,
      ...r.detail.map((d) => `  - ${d}`),
    ]),
    "",
  ];
}
