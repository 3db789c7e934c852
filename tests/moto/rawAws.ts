/**
 * The two moto services the lockfile has no SDK client for, called on the wire: IAM (AWS query protocol) and CloudWatch
 * Logs (JSON 1.1). moto routes a request by the service in its SigV4 credential scope and does not check the
 * signature, so the header names the service and region and nothing else.
 */

/** An error as the service returned it: its code as `name`. */
export class AwsWireError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

function authorization(service: string, region: string): string {
  return `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

/** An AWS query-protocol call (IAM): the XML answer, or an AwsWireError with the `<Code>` and `<Message>`. */
export async function awsQuery(endpoint: string, service: string, region: string, params: Readonly<Record<string, string>>): Promise<string> {
  const response = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: authorization(service, region) },
    body: new URLSearchParams(params).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new AwsWireError(/<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `HTTP${response.status}`, /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? text);
  return text;
}

/** An AWS JSON 1.1 call (CloudWatch Logs): the parsed answer, or an AwsWireError with its `__type`. */
export async function awsJson(endpoint: string, service: string, region: string, target: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target, authorization: authorization(service, region) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = (text === "" ? {} : JSON.parse(text)) as { __type?: string; message?: string };
  if (!response.ok) throw new AwsWireError(String(parsed.__type ?? `HTTP${response.status}`).split("#").pop() ?? "", parsed.message ?? text);
  return parsed;
}
