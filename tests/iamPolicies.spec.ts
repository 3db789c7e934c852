import * as assert from "node:assert/strict";
import { flowLogsKeyPolicy, flowLogsTrustPolicy, flowLogsWritePolicy } from "../lib/iamPolicies";

describe("lib/iamPolicies", () => {
  it("lets only the flow logs service of this account and region assume the delivery role", () => {
    assert.deepEqual(JSON.parse(flowLogsTrustPolicy("eu-west-2", "123456789012")), {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-west-2:123456789012:vpc-flow-log/*" },
          },
        },
      ],
    });
  });

  it("lets the role write only into its own log group", () => {
    const group = "arn:aws:logs:eu-west-2:123456789012:log-group:staging-flow-logs-1a2b3c4";
    assert.deepEqual(JSON.parse(flowLogsWritePolicy("eu-west-2", "123456789012", group)), {
      Version: "2012-10-17",
      Statement: [
        { Sid: "WriteFlowLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [group, `${group}:*`] },
        { Sid: "FindTheLogGroup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "arn:aws:logs:eu-west-2:123456789012:log-group:*" },
      ],
    });
    // An ARN given with the stream wildcard is the same group.
    assert.equal(flowLogsWritePolicy("eu-west-2", "123456789012", `${group}:*`), flowLogsWritePolicy("eu-west-2", "123456789012", group));
  });

  it("lets CloudWatch Logs use the flow-log key for the flow-log groups, and for the rollout's log groups only when asked", () => {
    const logsUse = (policy: string) =>
      (JSON.parse(policy) as { Statement: { Sid: string; Principal: unknown; Condition?: unknown }[] }).Statement.filter((st) => st.Sid !== "AccountAdministersTheKey").map((st) => [st.Sid, st.Principal, st.Condition]);
    const flowLogs = ["CloudWatchLogsEncryptsFlowLogs", { Service: "logs.eu-west-1.amazonaws.com" }, { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:123456789012:log-group:*-flow-logs-*" } }];
    assert.deepEqual(logsUse(flowLogsKeyPolicy("eu-west-1", "123456789012")), [flowLogs]);
    assert.deepEqual(logsUse(flowLogsKeyPolicy("eu-west-1", "123456789012", { rolloutLogGroupPrefix: "/drs-secured-network/agent-rollout/" })), [
      flowLogs,
      [
        "CloudWatchLogsEncryptsRolloutOutput",
        { Service: "logs.eu-west-1.amazonaws.com" },
        { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:123456789012:log-group:/drs-secured-network/agent-rollout/*" } },
      ],
    ]);
  });
});
