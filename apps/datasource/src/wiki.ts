import {
  DatasourceCredentialsError,
  defineDatasourceProvider,
  defineOnlineDocument,
  type OnlineDocumentInfoInput,
} from "@x/datasource";
import { ICON_FILE } from "./manifest.js";

/** The docs API's credentials: where it is and the bearer token. */
interface WikiCredentials {
  api_base_url?: unknown;
  api_token?: unknown;
}

/** One space as the docs API lists it. */
interface Space {
  id: string;
  name: string;
  pages: Array<{ id: string; title: string; parent: string | null; updated: string }>;
}

/** Calls the docs API (`GET <api_base_url>/api/v1/<path>` with the bearer token) and reads its JSON. */
export async function callDocsApi(
  credentials: Readonly<WikiCredentials>,
  path: string,
  signal: AbortSignal,
): Promise<unknown> {
  if (typeof credentials.api_base_url !== "string" || typeof credentials.api_token !== "string") {
    throw new DatasourceCredentialsError("set the docs API URL and token");
  }
  const response = await fetch(new URL(`/api/v1/${path}`, credentials.api_base_url), {
    headers: { authorization: `Bearer ${credentials.api_token}`, accept: "application/json" },
    signal,
  });
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new DatasourceCredentialsError(`the docs API refused the token (HTTP ${response.status})`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`docs API ${path}: HTTP ${response.status}`);
  }
  return response.json();
}

/** `pages`: every page of every space of the docs API, with its parent, and a page's Markdown on demand. */
export const wikiPages = defineOnlineDocument({
  identity: { name: "pages", label: "Docs pages" },
  description: "Pages of the docs API, read as Markdown.",
  async getPages(_parameters, { credentials, signal }) {
    const spaces = (await callDocsApi(credentials, "spaces", signal)) as Space[];
    return spaces.map(
      (space): OnlineDocumentInfoInput => ({
        workspace_id: space.id,
        workspace_name: space.name,
        workspace_icon: "",
        total: space.pages.length,
        pages: space.pages.map((page) => ({
          page_id: page.id,
          page_name: page.title,
          type: "page",
          last_edited_time: page.updated,
          parent_id: page.parent,
        })),
      }),
    );
  },
  async getContent(page, { credentials, signal }) {
    const body = (await callDocsApi(credentials, `pages/${encodeURIComponent(page.page_id)}`, signal)) as {
      markdown: string;
    };
    return { content: body.markdown };
  },
});

/** The `local_docs_wiki` provider: the docs API's URL and token, checked when a user saves them. */
export const wikiProvider = defineDatasourceProvider({
  identity: {
    author: "xsdk",
    name: "local_docs_wiki",
    label: "Local docs wiki",
    description: "Reads the pages of a docs API.",
    icon: ICON_FILE,
    tags: ["rag"],
  },
  credentials: {
    api_base_url: { type: "text-input", required: true, label: "Docs API URL" },
    api_token: { type: "secret-input", required: true, label: "API token" },
  },
  datasources: [wikiPages],
  async validateCredentials(credentials, { signal }) {
    await callDocsApi(credentials, "spaces", signal);
  },
});
