import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";

// A loopback OAuth 2 authorization server with one API route: /authorize redirects back with a code, /token
// exchanges codes and refresh tokens, /api/files needs a live access token.

/** The OAuth client the server knows. */
export const CLIENT = { client_id: "drive-client", client_secret: "drive-client-secret-7" };

/** What the server saw, for assertions. */
export interface TokenServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every token request's form, in order. */
  readonly grants: Array<Record<string, string>>;
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
export async function startTokenServer(): Promise<TokenServer> {
  const grants: Array<Record<string, string>> = [];
  const live = new Set<string>();
  const codes = new Map<string, string>();
  const refreshTokens = new Set<string>();
  let issued = 0;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/authorize") {
      const redirect = new URL(url.searchParams.get("redirect_uri") ?? "");
      const code = `code-${++issued}`;
      codes.set(code, redirect.href);
      redirect.searchParams.set("code", code);
      response.writeHead(302, { location: redirect.href });
      response.end();
      return;
    }
    if (url.pathname === "/token" && request.method === "POST") {
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
      } else if (!(grant.grant_type === "refresh_token" && refreshTokens.delete(grant.refresh_token ?? ""))) {
        json(response, 400, { error: "invalid_grant" });
        return;
      } else {
        live.clear();
      }
      const access = `access-${++issued}`;
      const refresh = `refresh-${issued}`;
      live.add(access);
      refreshTokens.add(refresh);
      json(response, 200, { access_token: access, refresh_token: refresh, expires_in: 3600 });
      return;
    }
    if (url.pathname === "/api/files") {
      const token = (request.headers.authorization ?? "").replace(/^Bearer /, "");
      if (!live.has(token)) json(response, 401, { error: "invalid_token" });
      else json(response, 200, [{ id: "f1", name: "report.pdf", size: 1024 }]);
      return;
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
  return { url: `http://127.0.0.1:${port}`, grants };
}
