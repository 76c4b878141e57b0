import { fileURLToPath } from "node:url";
import { createStdioTransport, Plugin, PluginRuntime } from "@x/core";
import { defineTool, defineToolProvider, messages, OAuthError } from "@x/tool";

// A self-hosted task server ("Acme Tasks") that users connect with OAuth 2. Its admin enters the server URL and
// the OAuth client once; each user then clicks "Authorize" in Dify.

type Client = { server_url: string; client_id: string; client_secret: string };
type Tokens = { access_token: string; server_url: string };

async function api(credentials: Tokens, path: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(new URL(path, credentials.server_url), {
    headers: { authorization: `Bearer ${credentials.access_token}` },
    signal,
  });
  if (!response.ok) throw new Error(`Acme answered ${response.status} for ${path}`);
  return response.json();
}

/** The token endpoint: an authorization code or a refresh token in, credentials and their expiry out. */
async function tokens(client: Client, grant: Record<string, string>, signal: AbortSignal) {
  const response = await fetch(new URL("/oauth/token", client.server_url), {
    method: "POST",
    headers: { accept: "application/json" },
    body: new URLSearchParams({ ...grant, client_id: client.client_id, client_secret: client.client_secret }),
    signal,
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== "string") {
    // Never quote the body: it may hold a token. The error code is enough.
    throw new OAuthError(
      `the token endpoint refused the grant (${response.status} ${String(body.error ?? "")})`,
    );
  }
  return {
    credentials: {
      access_token: body.access_token,
      refresh_token: typeof body.refresh_token === "string" ? body.refresh_token : grant.refresh_token,
      server_url: client.server_url,
    },
    // Unix seconds (a Date works too); without expires_in the token never expires.
    expiresAt:
      typeof body.expires_in === "number" ? Math.floor(Date.now() / 1000) + body.expires_in : undefined,
  };
}

const listTasks = defineTool({
  identity: { name: "list_tasks", label: "List tasks" },
  description: { human: "Lists the tasks of a project", llm: "Lists the open tasks of one Acme project" },
  parameters: {
    project: {
      type: "dynamic-select",
      required: true,
      form: "form",
      label: "Project",
      // Dify calls this (fetch_parameter_options) when the user opens the list.
      async options({ credentials, signal }) {
        const projects = (await api(credentials as Tokens, "/api/projects", signal)) as Array<{
          id: string;
          name: string;
        }>;
        return projects.map((project) => ({ value: project.id, label: { en_US: project.name } }));
      },
    },
  },
  async invoke({ project }, { credentials, credentialType, signal }) {
    const tasks = await api(
      credentials as Tokens,
      `/api/projects/${encodeURIComponent(project)}/tasks`,
      signal,
    );
    return messages.json({ project, credentialType, tasks });
  },
});

export const acmeTasks = defineToolProvider({
  identity: {
    author: "acme",
    name: "acme_tasks",
    label: "Acme Tasks",
    description: "Tasks on your Acme server",
    icon: "icon.svg",
    tags: ["productivity"],
  },
  oauth: {
    clientSchema: {
      server_url: { type: "text-input", required: true, label: "Server URL" },
      client_id: { type: "text-input", required: true, label: "Client ID" },
      client_secret: { type: "secret-input", required: true, label: "Client secret" },
    },
    credentialsSchema: {
      access_token: { type: "secret-input", required: true, label: "Access token" },
      refresh_token: { type: "secret-input", label: "Refresh token" },
      server_url: { type: "text-input", required: true, label: "Server URL" },
    },
    // get_authorization_url: where Dify sends the user. systemCredentials is typed by clientSchema.
    authorizationUrl({ redirectUri, systemCredentials }) {
      const url = new URL("/oauth/authorize", systemCredentials.server_url);
      url.search = new URLSearchParams({
        response_type: "code",
        client_id: systemCredentials.client_id,
        redirect_uri: redirectUri,
        scope: "tasks:read",
      }).toString();
      return url;
    },
    // get_credentials: the server redirected the user back to Dify with ?code=...
    async credentials({ redirectUri, systemCredentials, request, signal }) {
      const code = new URL(request.url).searchParams.get("code");
      if (!code) throw new OAuthError("the callback has no code: the user may have denied access");
      return tokens(
        systemCredentials,
        { grant_type: "authorization_code", code, redirect_uri: redirectUri },
        signal,
      );
    },
    // refresh_credentials: Dify calls it before expiresAt.
    async refresh({ systemCredentials, credentials, signal }) {
      if (!credentials.refresh_token) return { credentials };
      return tokens(
        systemCredentials,
        { grant_type: "refresh_token", refresh_token: credentials.refresh_token },
        signal,
      );
    },
  },
  tools: [listTasks],
});

export const plugin = new Plugin().register(acmeTasks); // routes tool, oauth and dynamic_parameter actions

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await new PluginRuntime({ plugin, transport: createStdioTransport() }).start();
}
