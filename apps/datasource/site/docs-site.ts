import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A tiny documentation site on 127.0.0.1, started by the tests and the demo: HTML pages for the crawler and a
// JSON "docs API" (bearer token) for the online-document datasource. Nothing leaves the machine.

/** The token the docs API accepts. */
export const DOCS_API_TOKEN = "local-docs-token";

const PAGES: Record<string, { title: string; description: string; body: string; links: string[] }> = {
  "/": {
    title: "Acme Docs",
    description: "Everything about Acme",
    body: "<h1>Acme Docs</h1><p>Welcome to the Acme documentation.</p>",
    links: ["/guide/", "/api/", "https://example.com/elsewhere", "/missing"],
  },
  "/guide/": {
    title: "Guide",
    description: "How to use Acme",
    body: "<h1>Guide</h1><p>Install Acme, then configure it.</p>",
    links: ["/guide/install", "/"],
  },
  "/guide/install": {
    title: "Install",
    description: "Installing Acme",
    body: "<h1>Install</h1><p>Run <code>acme install</code>.</p>",
    links: ["/guide/"],
  },
  "/api/": {
    title: "API",
    description: "The Acme API",
    body: "<h1>API</h1><p>GET /things lists things.</p>",
    links: ["/"],
  },
};

/** The docs API's workspace and pages (one space, a parent and a child page). */
const SPACES = [
  {
    id: "eng",
    name: "Engineering",
    pages: [
      { id: "onboarding", title: "Onboarding", parent: null, updated: "2026-11-30T09:00:00Z" },
      { id: "oncall", title: "On-call", parent: "onboarding", updated: "2026-12-01T10:30:00Z" },
    ],
  },
];

const MARKDOWN: Record<string, string> = {
  onboarding: "# Onboarding\n\nWelcome! Read the on-call page next.",
  oncall: "# On-call\n\nPage the primary, then the secondary.",
};

/** A started docs site. */
export interface DocsSite {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request path the site served, in order. */
  readonly requests: string[];
  /** Stops the server. */
  close(): Promise<void>;
}

function html(page: (typeof PAGES)[string]): string {
  const links = page.links.map((href) => `<li><a href="${href}">${href}</a></li>`).join("");
  return `<!doctype html><html><head><title>${page.title}</title><meta name="description" content="${page.description}"></head><body>${page.body}<ul>${links}</ul></body></html>`;
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const json = (status: number, body: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
  if (url.pathname.startsWith("/api/v1/")) {
    const page = /^\/api\/v1\/pages\/([^/]+)$/.exec(url.pathname)?.[1];
    const markdown = page === undefined ? undefined : MARKDOWN[page];
    if (request.headers.authorization !== `Bearer ${DOCS_API_TOKEN}`) json(401, { error: "bad token" });
    else if (url.pathname === "/api/v1/spaces") json(200, SPACES);
    else if (markdown !== undefined) json(200, { id: page, markdown });
    else json(404, { error: "no such page" });
    return;
  }
  const page = PAGES[url.pathname];
  if (!page) {
    response.writeHead(404, { "content-type": "text/html" });
    response.end("<title>Not found</title>");
    return;
  }
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(html(page));
}

/** Starts the docs site on 127.0.0.1 (a free port). */
export async function startDocsSite(): Promise<DocsSite> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? "/");
    handle(request, response);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
