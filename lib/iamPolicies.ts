/**
 * IAM policy documents for the VPC flow log delivery role. Pure.
 *
 * Source: "IAM role for publishing flow logs to CloudWatch Logs",
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html: the trust policy names the service
 * principal vpc-flow-logs.amazonaws.com and, against the confused-deputy problem, the account and the flow-log ARN;
 * the permissions are logs:CreateLogStream, logs:PutLogEvents, logs:DescribeLogGroups and logs:DescribeLogStreams.
 * Here they are scoped to the one log group (DescribeLogGroups, a listing call, to the account's log groups), and
 * logs:CreateLogGroup is left out because the program creates the group.
 */

/** Who may assume the delivery role: the flow logs service, for flow logs of this account and region only. */
export function flowLogsTrustPolicy(region: string, accountId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": `arn:aws:ec2:${region}:${accountId}:vpc-flow-log/*` },
        },
      },
    ],
  });
}

/** What the delivery role may do: write streams and events into one log group, and nothing else. */
export function flowLogsWritePolicy(region: string, accountId: string, logGroupArn: string): string {
  const group = logGroupArn.replace(/:\*$/, "");
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "WriteFlowLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [group, `${group}:*`],
      },
      {
        Sid: "FindTheLogGroup",
        Effect: "Allow",
        Action: "logs:DescribeLogGroups",
        Resource: `arn:aws:logs:${region}:${accountId}:log-group:*`,
      },
    ],
  });
}
