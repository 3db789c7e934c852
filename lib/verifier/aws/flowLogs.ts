/**
 * The flow logs of the VPCs the model has, from DescribeFlowLogs. `FlowLogStatus` is only ever `ACTIVE`; a failing
 * delivery shows in `DeliverLogsStatus` (EC2 API `FlowLog`). The delivery role's policy is not read live.
 */
import type { FlowLogNode } from "../model";
import { CaptureItems, nameOf } from "./capture";
import type { LiveVpcs } from "./vpcs";

/** The note every live model carries about the flow-log role, whose policy IAM would have to be read for. */
export const FLOW_LOG_ROLE_NOTE = "the flow-log delivery role's policy is not read live (it would need IAM reads); the synth and the policy pack check it";

/** Each flow log on a VPC the model has, with AWS's reason where it delivers nothing. */
export function liveFlowLogs(items: CaptureItems, vpcs: LiveVpcs): FlowLogNode[] {
  return items("DescribeFlowLogs", (o) => o.FlowLogs).flatMap(({ item: f }) => {
    const vpc = vpcs.get(f.ResourceId);
    if (vpc === undefined) return [];
    return [
      {
        id: f.FlowLogId,
        name: nameOf(f.Tags, f.FlowLogId ?? "flow log"),
        vpc,
        trafficType: f.TrafficType,
        // `FlowLogStatus` is only ever `ACTIVE`; a failing delivery shows in `DeliverLogsStatus` (EC2 API `FlowLog`,
        // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_FlowLog.html).
        ...(f.DeliverLogsStatus === "FAILED" ? { deliveryError: f.DeliverLogsErrorMessage ?? "no error message" } : {}),
        rolePolicies: [],
      },
    ];
  });
}
