import { TriggerCredentialsError, TriggerSubscriptionError } from "@x/trigger";

// The few calls of a GitHub-style REST API the provider makes: who am I (credential check), create and delete a
// repository webhook. `apiBase` is a credential (GitHub Enterprise has its own), which also lets the tests and the
// demo point it at a local server.

/** Credentials the client needs. */
export interface HubCredentials {
  /** API root, e.g. `https://api.github.com`. */
  apiBase: string;
  /** A personal access token. Never logged. */
  token: string;
}

/** A webhook as the API returns it. */
export interface HubHook {
  id: number;
  events: string[];
}

/** Reads `{ api_base, token }` from the credentials Dify sends. */
export function hubCredentials(credentials: Readonly<Record<string, unknown>>): HubCredentials {
  const token = credentials.token;
  if (typeof token !== "string" || token === "") {
    throw new TriggerCredentialsError(
      "an API token is required: create one under Settings → Developer settings",
    );
  }
  const base =
    typeof credentials.api_base === "string" && credentials.api_base !== ""
      ? credentials.api_base
      : undefined;
  return { apiBase: (base ?? "https://api.github.com").replace(/\/+$/, ""), token };
}

async function call(
  hub: HubCredentials,
  method: string,
  path: string,
  options: { body?: unknown; signal?: AbortSignal } = {},
): Promise<Response> {
  return fetch(`${hub.apiBase}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${hub.token}`,
      accept: "application/vnd.github+json",
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

async function reason(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { message?: unknown };
  return typeof body.message === "string" ? body.message : `HTTP ${response.status}`;
}

/** Checks the token: `GET /user` must answer 200. */
export async function checkToken(hub: HubCredentials, signal?: AbortSignal): Promise<string> {
  const response = await call(hub, "GET", "/user", signal ? { signal } : {});
  if (response.status !== 200) {
    throw new TriggerCredentialsError(
      `the API refused the token (${await reason(response)}); check it and its scopes`,
    );
  }
  const user = (await response.json()) as { login?: unknown };
  return String(user.login ?? "");
}

/** Creates a JSON webhook on `repository` that posts `events` to `url`, signed with `secret`. */
export async function createHook(
  hub: HubCredentials,
  options: {
    repository: string;
    url: string;
    secret: string;
    events: readonly string[];
    signal?: AbortSignal;
  },
): Promise<HubHook> {
  const response = await call(hub, "POST", `/repos/${options.repository}/hooks`, {
    body: {
      name: "web",
      active: true,
      events: options.events,
      config: { url: options.url, content_type: "json", secret: options.secret, insecure_ssl: "0" },
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (response.status !== 201) {
    throw new TriggerSubscriptionError(
      `could not create the webhook on ${options.repository}: ${await reason(response)}`,
    );
  }
  return (await response.json()) as HubHook;
}

/** Deletes webhook `id` of `repository`; false when the API says it does not exist. */
export async function deleteHook(
  hub: HubCredentials,
  options: { repository: string; id: number; signal?: AbortSignal },
): Promise<{ deleted: boolean; message: string }> {
  const response = await call(
    hub,
    "DELETE",
    `/repos/${options.repository}/hooks/${options.id}`,
    options.signal ? { signal: options.signal } : {},
  );
  if (response.status === 204) return { deleted: true, message: `webhook ${options.id} deleted` };
  if (response.status === 404) return { deleted: true, message: `webhook ${options.id} was already gone` };
  return { deleted: false, message: `could not delete webhook ${options.id}: ${await reason(response)}` };
}
