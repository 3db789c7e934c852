/**
 * Elastic Disaster Recovery is not in moto: a small restJson1 stand-in, reached through `AWS_ENDPOINT_URL_DRS`, that
 * answers the three operations the program and verify-live call, as the DRS API reference shapes them
 * (https://docs.aws.amazon.com/drs/latest/APIReference/): `POST /InitializeService` (204), `POST
 * /CreateReplicationConfigurationTemplate` (201, the template with its id and ARN) and `POST
 * /DescribeReplicationConfigurationTemplates` (200, `items` and `nextToken`), `POST /DescribeSourceServers` (200, no
 * servers). Errors carry their code in
 * `x-amzn-ErrorType`, as restJson1 services do. What it answers is the stand-in's, not DRS's: it proves the SDK's
 * wire format and the code's handling of the shapes, not DRS's own behaviour (its texts are marked as the stand-in's).
 */
import { randomBytes } from "node:crypto";
import { createServer, IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A running stand-in. */
export interface DrsStandIn {
  readonly endpoint: string;
  /** Templates by region (taken from each request's SigV4 credential scope). */
  readonly templates: Map<string, Record<string, unknown>[]>;
  stop(): Promise<void>;
}

function regionOf(request: IncomingMessage): string {
  return /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/drs\//.exec(String(request.headers.authorization))?.[1] ?? "unknown";
}

function send(response: ServerResponse, status: number, body?: unknown, errorType?: string): void {
  response.writeHead(status, { "content-type": "application/json", ...(errorType !== undefined ? { "x-amzn-ErrorType": errorType } : {}) });
  response.end(body === undefined ? "" : JSON.stringify(body));
}

/** Start the stand-in on 127.0.0.1 and a free port. */
export async function startDrsStandIn(account: string): Promise<DrsStandIn> {
  const templates = new Map<string, Record<string, unknown>[]>();
  const initialized = new Set<string>();
  const server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString()));
    request.on("end", () => {
      const region = regionOf(request);
      const body = (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>;
      if (request.url === "/InitializeService") {
        if (initialized.has(region)) return send(response, 400, { message: "(DRS stand-in) Account already initialized" }, "ValidationException");
        initialized.add(region);
        return send(response, 204);
      }
      if (!initialized.has(region)) return send(response, 400, { message: "(DRS stand-in) Account not initialized" }, "UninitializedAccountException");
      if (request.url === "/CreateReplicationConfigurationTemplate") {
        const id = `rct-${randomBytes(9).toString("hex").slice(0, 17)}`;
        const template = { ...body, replicationConfigurationTemplateID: id, arn: `arn:aws:drs:${region}:${account}:replication-configuration-template/${id}` };
        templates.set(region, [...(templates.get(region) ?? []), template]);
        return send(response, 201, template);
      }
      if (request.url === "/DescribeReplicationConfigurationTemplates") {
        const ids = body.replicationConfigurationTemplateIDs as string[] | undefined;
        const all = (templates.get(region) ?? []).filter((t) => ids === undefined || ids.length === 0 || ids.includes(String(t.replicationConfigurationTemplateID)));
        return send(response, 200, { items: all });
      }
      // No agent registers against moto: the region has no source servers.
      if (request.url === "/DescribeSourceServers") return send(response, 200, { items: [] });
      return send(response, 404, { message: `(DRS stand-in) no operation at ${request.url}` }, "ResourceNotFoundException");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, templates, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
