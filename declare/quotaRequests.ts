/**
 * `quotaIncreases: request`: one increase request per quota too low (aws.servicequotas.ServiceQuota, which asks AWS
 * and returns; AWS decides, often within minutes, sometimes after a support case), and nothing else. Once granted,
 * the next `pulumi up` finds the quotas enough, declares the network and drops the requests: deleting a request
 * lowers no quota (the provider's delete does nothing).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PendingQuotaOutputs, QuotaIncreaseRequest } from "../lib/outputNames";
import type { QuotaRequestPlan } from "../lib/plan";
import { QUOTAS } from "../lib/quotas";
import type { Settings } from "../settings";
import type { Providers } from "./providers";

/** Declare the increase requests, each through its side's provider, and return the pending outputs. */
export function requestQuotaIncreases(settings: Settings, requests: readonly QuotaRequestPlan[], providers: Providers): PendingQuotaOutputs {
  const made = requests.map(({ name, shortfall, sourceIndex }) => {
    const spec = QUOTAS[shortfall.quota];
    const request = new aws.servicequotas.ServiceQuota(
      name,
      { serviceCode: spec.serviceCode, quotaCode: spec.code, value: shortfall.desiredValue, ...("global" in spec ? { region: shortfall.side.region } : {}) },
      { provider: sourceIndex === undefined ? providers.dr : providers.sources[sourceIndex] },
    );
    return pulumi.all([request.requestId, request.requestStatus]).apply(
      ([requestId, requestStatus]): QuotaIncreaseRequest => ({
        serviceCode: spec.serviceCode,
        quotaCode: spec.code,
        quotaName: spec.name,
        region: shortfall.side.region,
        desiredValue: shortfall.desiredValue,
        requestId: requestId ?? "",
        requestStatus: requestStatus ?? "",
      }),
    );
  });
  const asked = requests.map(({ shortfall: s }) => `${QUOTAS[s.quota].name} (${QUOTAS[s.quota].code}) to ${s.desiredValue} in ${s.side.region}`);
  void pulumi.log.warn(
    `quotaIncreases: requested ${asked.join(", ")}. ` +
      "The network is not declared until AWS grants them: follow them with `aws service-quotas list-requested-service-quota-change-history --region <region>`, " +
      "then run `pulumi up` again. Removing the requests, or this stack, lowers no quota.",
  );
  return { sourceRegion: settings.sources[0]?.region ?? "", drRegion: settings.drRegion, quotaIncreaseRequests: pulumi.all(made) };
}
