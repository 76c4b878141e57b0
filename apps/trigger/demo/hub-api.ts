import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { signWebhook } from "@x/trigger";

// A small GitHub-style API on 127.0.0.1 for the demo and the tests: `GET /user`, `POST` and `DELETE`
// `/repos/<owner>/<name>/hooks[/<id>]`, with a bearer token. It keeps the webhooks it created and can deliver an
// event to one the way the host would: a JSON POST to the hook's URL, signed with its secret in
// `X-Hub-Signature-256`.

/** A webhook the API created. */
export interface HookRecord {
  readonly id: number;
  readonly repository: string;
  readonly url: string;
  readonly secret: string;
  readonly events: readonly string[];
}

/** A running fake API. */
export interface HubApi {
  /** Its base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Webhooks by id. */
  readonly hooks: ReadonlyMap<number, HookRecord>;
  /** `METHOD /path status` of every call, in order. */
  readonly log: readonly string[];
  /** The delivery of `event` with `payload` to `hook`, as the host sends it (`tamper` changes the body after signing). */
  delivery(hook: HookRecord, event: string, payload: object, options?: { tamper?: boolean }): Request;
  /** Stops the server. */
  close(): Promise<void>;
}

function json(response: ServerResponse, status: number, body?: unknown): void {
  response.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
}

/** Starts the fake API on 127.0.0.1 (a free port); requests must carry `Bearer <token>`. */
export async function startHubApi(options: { token: string }): Promise<HubApi> {
  const hooks = new Map<number, HookRecord>();
  const log: string[] = [];
  let nextId = 1001;

  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const done = (status: number, body?: unknown) => {
      log.push(`${request.method} ${path} ${status}`);
      json(response, status, body);
    };
    if (request.headers.authorization !== `Bearer ${options.token}`)
      return done(401, { message: "Bad credentials" });
    if (request.method === "GET" && path === "/user") return done(200, { login: "octocat", id: 583231 });
    const hook = /^\/repos\/([^/]+\/[^/]+)\/hooks(?:\/(\d+))?$/.exec(path);
    if (!hook) return done(404, { message: "Not Found" });
    const repository = hook[1] as string;
    if (request.method === "POST" && hook[2] === undefined) {
      const body = await readJson(request);
      const config = body.config as { url?: string; secret?: string } | undefined;
      if (!config?.url) return done(422, { message: "config.url is required" });
      const record: HookRecord = {
        id: nextId++,
        repository,
        url: config.url,
        secret: config.secret ?? "",
        events: (body.events as string[] | undefined) ?? ["push"],
      };
      hooks.set(record.id, record);
      return done(201, { id: record.id, events: record.events, config: { url: record.url } });
    }
    if (request.method === "DELETE" && hook[2] !== undefined) {
      const id = Number(hook[2]);
      if (hooks.get(id)?.repository !== repository) return done(404, { message: "Not Found" });
      hooks.delete(id);
      return done(204);
    }
    return done(405, { message: "Method Not Allowed" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    hooks,
    log,
    delivery(hook, event, payload, deliveryOptions = {}) {
      const body = JSON.stringify(payload);
      const signature = signWebhook({ secret: hook.secret, body });
      return new Request(hook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/demo",
          "x-github-event": event,
          "x-github-delivery": `delivery-${hook.id}-${event}`,
          "x-hub-signature-256": signature,
        },
        body: deliveryOptions.tamper ? body.replace(/"title":"[^"]*"/, '"title":"Changed in transit"') : body,
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A `push` webhook body for `repository`. */
export function pushPayload(repository: string, branch: string, messages: readonly string[]) {
  return {
    ref: `refs/heads/${branch}`,
    compare: `https://hub.example/${repository}/compare/a1b2...c3d4`,
    repository: { full_name: repository },
    pusher: { name: "octocat" },
    sender: { id: 583231, login: "octocat" },
    commits: messages.map((message, i) => ({ id: `c${i}`, message })),
    head_commit: messages.length > 0 ? { message: messages.at(-1) } : null,
  };
}

/** An `issues` webhook body. */
export function issuePayload(
  repository: string,
  action: string,
  title: string,
  labels: readonly string[] = [],
) {
  return {
    action,
    repository: { full_name: repository },
    issue: {
      number: 42,
      title,
      body: "Steps to reproduce: open settings.",
      html_url: `https://hub.example/${repository}/issues/42`,
      user: { login: "mona" },
      labels: labels.map((name) => ({ name })),
    },
    sender: { id: 9919, login: "mona" },
  };
}
