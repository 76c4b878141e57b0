import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";

// A loopback OAuth 2 authorization server and API for the Acme Tasks example: /oauth/authorize redirects back
// with a code, /oauth/token exchanges codes and refresh tokens, /api/* needs a live access token.

/** The OAuth client the server knows. */
export const CLIENT = { client_id: "acme-client", client_secret: "acme-client-secret-42" };

/** What the server saw, for assertions. */
export interface AcmeServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every token request's form, in order. */
  readonly grants: Array<Record<string, string>>;
  /** Access tokens that currently work. */
  readonly live: Set<string>;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function form(request: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
}

/** Starts the server on 127.0.0.1 (an ephemeral port); it closes when the test finishes. */
export async function startAcmeServer(): Promise<AcmeServer> {
  const grants: Array<Record<string, string>> = [];
  const live = new Set<string>();
  const codes = new Map<string, string>(); // code → redirect_uri it was issued for
  const refreshTokens = new Set<string>();
  let issued = 0;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/oauth/authorize") {
      // The user consents at once: back to Dify's redirect_uri with a code and the state.
      const redirect = new URL(url.searchParams.get("redirect_uri") ?? "");
      const code = `code-${++issued}`;
      codes.set(code, redirect.href);
      redirect.searchParams.set("code", code);
      redirect.searchParams.set("state", url.searchParams.get("state") ?? "s");
      response.writeHead(302, { location: redirect.href });
      response.end();
      return;
    }
    if (url.pathname === "/oauth/token" && request.method === "POST") {
      const grant = await form(request);
      grants.push(grant);
      if (grant.client_id !== CLIENT.client_id || grant.client_secret !== CLIENT.client_secret) {
        json(response, 401, { error: "invalid_client" });
        return;
      }
      if (grant.grant_type === "authorization_code") {
        if (codes.get(grant.code ?? "") !== grant.redirect_uri) {
          json(response, 400, { error: "invalid_grant" });
          return;
        }
        codes.delete(grant.code ?? "");
      } else if (grant.grant_type === "refresh_token") {
        if (!refreshTokens.delete(grant.refresh_token ?? "")) {
          json(response, 400, { error: "invalid_grant" });
          return;
        }
        live.clear(); // the old access token stops working
      } else {
        json(response, 400, { error: "unsupported_grant_type" });
        return;
      }
      const access = `access-${++issued}-token`;
      const refresh = `refresh-${issued}-token`;
      live.add(access);
      refreshTokens.add(refresh);
      json(response, 200, {
        access_token: access,
        refresh_token: refresh,
        expires_in: 3600,
        token_type: "bearer",
      });
      return;
    }
    if (url.pathname.startsWith("/api/")) {
      const token = (request.headers.authorization ?? "").replace(/^Bearer /, "");
      if (!live.has(token)) {
        json(response, 401, { error: "invalid_token" });
        return;
      }
      if (url.pathname === "/api/projects") {
        json(response, 200, [
          { id: "p1", name: "Website" },
          { id: "p2", name: "Mobile app" },
        ]);
        return;
      }
      const tasks = /^\/api\/projects\/([^/]+)\/tasks$/.exec(url.pathname);
      if (tasks) {
        json(response, 200, [{ id: `${tasks[1]}-t1`, title: "Ship it" }]);
        return;
      }
    }
    json(response, 404, { error: "not_found" });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, grants, live };
}
