/**
 * The network verifier: verdicts in the manner of AWS Reachability Analyzer on a neutral network model. Each
 * required flow is reachable, with its path, or not, with the component that blocks it; each forbidden thing is
 * absent, or listed with its offenders.
 *
 * ```
 * declared resources (synth, policy pack) --> declared/ --\
 *                                                          >--> model.ts --> flows/, dns.ts, forbidden.ts
 * AWS describe outputs (verify-live)      --> aws/ ------/
 * ```
 * Pure: no Pulumi and no AWS SDK calls; the judgments read only the model. The networks outside AWS (a data centre's
 * blocks, its transit gateway or virtual private gateway) are in it too: externalNetworks.ts, flows/external.ts; and
 * the recovery side (the isolated VPC recovered instances land in, their launch templates): recovery/, flows/recovery.ts;
 * and failback's (each source region's failback staging VPC, the reverse flows from the recovery VPC, the failback
 * regions' launch templates): failback/, flows/failback.ts.
 */
import { dnsChecks } from "./dns";
import { DeclaredResource, modelFromDeclared, VerifierContext } from "./declared";
import { requiredFlows } from "./flows";
import { forbiddenChecks } from "./forbidden";
import type { NetworkModel } from "./model";
import { isRecovery } from "./recovery/side";
import type { Verdict } from "./verdict";

export { naclDecisions } from "./acl";
export { INTERNET_FACING_TYPES, modelFromDeclared } from "./declared";
export type { DeclaredResource, ExternalSourceFacts, FailbackContext, RecoveryFacts, VerifierContext } from "./declared";
export type { Finding, NetworkModel } from "./model";
export { allPassed, findingText, verdictMarkdown } from "./verdict";
export type { Verdict } from "./verdict";

/** Every verdict on a model, whichever builder made it. */
export function judge(model: NetworkModel, options: { readonly requireFlowLogs?: boolean; readonly agentRollout?: boolean } = {}): Verdict[] {
  return [...requiredFlows(model, { agentRollout: options.agentRollout }), ...dnsChecks(model), ...forbiddenChecks(model, options.requireFlowLogs !== false), ...warnings(model)];
}

/** Run every check on a declared network. */
export function verifyNetwork(resources: readonly DeclaredResource[], context: VerifierContext = {}): Verdict[] {
  return judge(modelFromDeclared(resources, context), { requireFlowLogs: context.requireFlowLogs, agentRollout: context.agentRollout });
}

/**
 * Warnings: a peering within one region means the DR copy shares the servers' region. DRS works that way (AZ-level
 * recovery), so it is not refused, but a regional outage would take both. (A recovery VPC's peering is no DR copy's:
 * recovery-isolated judges it.)
 */
function warnings(model: NetworkModel): Verdict[] {
  return model.peerings
    .filter((p) => p.region !== undefined && p.peerRegion === p.region && !isRecovery(p.requester) && !isRecovery(p.accepter))
    .map((p) => ({
      id: `warning:same-region:${p.name}`,
      kind: "warning" as const,
      description: `the DR copy is in the same region as the servers it protects (${p.name})`,
      passed: true,
      notes: [`${p.name} joins two VPCs of ${p.region}: the DR copy is not regionally isolated, and an outage of ${p.region} would take the servers and their DRS copy alike`],
    }));
}
