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
  return logGroupWritePolicy(region, accountId, logGroupArn, "WriteFlowLogs");
}

/**
 * What a writer of CloudWatch Logs needs for one log group (the flow-log role, the agent rollout's servers): create
 * streams in it and write to them, and find it; nothing else. `sid` names the write statement.
 */
export function logGroupWritePolicy(region: string, accountId: string, logGroupArn: string, sid: string): string {
  const group = logGroupArn.replace(/:\*$/, "");
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: sid,
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

/**
 * The key policy of a flow-log encryption key: the account administers it through IAM, and CloudWatch Logs of this
 * region may use it for this account's flow-log groups only ("Encrypt log data in CloudWatch Logs using AWS Key
 * Management Service", https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html: the
 * service principal logs.<region>.amazonaws.com and the kms:EncryptionContext:aws:logs:arn condition). With
 * `rolloutLogGroupPrefix`, the agent rollout's log groups of the same region and account too, in their own statement.
 */
export function flowLogsKeyPolicy(region: string, accountId: string, options: { readonly rolloutLogGroupPrefix?: string } = {}): string {
  const logsMayUse = (sid: string, logGroups: string) => ({
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:log-group:${logGroups}` } },
  });
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "AccountAdministersTheKey", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" },
      logsMayUse("CloudWatchLogsEncryptsFlowLogs", "*-flow-logs-*"),
      ...(options.rolloutLogGroupPrefix !== undefined ? [logsMayUse("CloudWatchLogsEncryptsRolloutOutput", `${options.rolloutLogGroupPrefix}*`)] : []),
    ],
  });
}
