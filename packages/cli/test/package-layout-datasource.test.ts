import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Plugin } from "@x/core";
import { defineDatasourceProvider, defineOnlineDocument, defineWebsiteCrawl } from "@x/datasource";
import { DatasourceDeclarationSchema, DatasourceProviderDeclarationSchema } from "@x/protocol";
import { defineTool, defineToolProvider } from "@x/tool";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkPlugin, packageLayout, readProject } from "../src/index.js";

const manifest = {
  version: "0.1.0",
  type: "plugin",
  author: "acme",
  name: "docs_source",
  label: { en_US: "Docs" },
  description: { en_US: "A datasource" },
  icon: "icon.svg",
  resource: { memory: 268435456, permission: {} },
  meta: {
    version: "0.0.1",
    arch: ["amd64"],
    runner: { language: "python", version: "3.12", entrypoint: "main" },
  },
  created_at: "2025-01-31T12:00:00Z",
};

const identity = {
  author: "acme",
  name: "docs_source",
  label: "Docs",
  description: "Docs",
  icon: "icon.svg",
};

const crawlProvider = defineDatasourceProvider({
  identity,
  credentials: { token: { type: "secret-input", required: true } },
  datasources: [
    defineWebsiteCrawl({
      identity: { name: "site" },
      description: "Crawls a site",
      parameters: { url: { type: "string", required: true }, limit: { type: "number", default: 3 } },
      outputSchema: { type: "object", properties: { pages: { type: "array" } } },
      crawl: () => ({ status: "completed" }),
    }),
    defineWebsiteCrawl({
      identity: { name: "single_page" },
      description: "One page",
      crawl: () => ({ status: "completed" }),
    }),
  ],
});

const work = mkdtempSync(join(tmpdir(), "x-plugin-datasource-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("packageLayout: datasource plugins", () => {
  it("writes manifest → provider/<name>.yaml → datasources/<name>.yaml, as the daemon's decoder reads them", () => {
    const layout = packageLayout({
      manifest,
      declarations: new Map([["datasource", [crawlProvider.declaration]]]),
    });
    const files = Object.fromEntries(layout.files.map((f) => [f.path, parse(f.text)]));
    expect(Object.keys(files)).toEqual([
      "manifest.yaml",
      "datasources/site.yaml",
      "datasources/single_page.yaml",
      "provider/docs_source.yaml",
    ]);
    expect(files["manifest.yaml"].plugins).toEqual({ datasources: ["provider/docs_source.yaml"] });
    const provider = files["provider/docs_source.yaml"];
    expect(provider.datasources).toEqual(["datasources/site.yaml", "datasources/single_page.yaml"]);
    expect(provider.provider_type).toBe("website_crawl");
    expect(provider.credentials_schema.map((field: { name: string }) => field.name)).toEqual(["token"]);
    expect(provider).not.toHaveProperty("oauth_schema");
    // Put back together the way helper.go does, the provider passes the daemon's rules.
    const assembled = {
      ...provider,
      datasources: provider.datasources.map((path: string) => files[path]),
    };
    expect(DatasourceProviderDeclarationSchema.safeParse(assembled).success).toBe(true);
    expect(assembled).toEqual(
      JSON.parse(JSON.stringify({ ...crawlProvider.declaration, oauth_schema: undefined })),
    );
    expect(files["datasources/single_page.yaml"].parameters).toEqual([]);
    expect(DatasourceDeclarationSchema.safeParse(files["datasources/site.yaml"]).success).toBe(true);
    expect(files["datasources/site.yaml"].output_schema).toEqual({
      type: "object",
      properties: { pages: { type: "array" } },
    });
  });

  it("writes an OAuth provider's oauth_schema into the provider YAML, client and credential fields as lists", () => {
    const oauthProvider = defineDatasourceProvider({
      identity,
      oauth: {
        clientSchema: {
          client_id: { type: "text-input", required: true },
          client_secret: { type: "secret-input", required: true },
        },
        credentialsSchema: { access_token: { type: "secret-input", required: true } },
        authorizationUrl: ({ redirectUri }) => `https://auth.example/?redirect_uri=${redirectUri}`,
        credentials: () => ({ credentials: { access_token: "t" } }),
        refresh: ({ credentials }) => ({ credentials }),
      },
      datasources: [
        defineWebsiteCrawl({
          identity: { name: "site" },
          description: "Crawls",
          crawl: () => ({ status: "completed" }),
        }),
      ],
    });
    const layout = packageLayout({
      manifest,
      declarations: new Map([["datasource", [oauthProvider.declaration]]]),
    });
    const files = Object.fromEntries(layout.files.map((f) => [f.path, parse(f.text)]));
    const provider = files["provider/docs_source.yaml"];
    expect(provider.oauth_schema).toEqual(JSON.parse(JSON.stringify(oauthProvider.declaration.oauth_schema)));
    expect(provider.oauth_schema.client_schema.map((field: { name: string }) => field.name)).toEqual([
      "client_id",
      "client_secret",
    ]);
    expect(provider.oauth_schema.credentials_schema[0]).toMatchObject({
      name: "access_token",
      type: "secret-input",
      required: true,
    });
    const assembled = { ...provider, datasources: provider.datasources.map((path: string) => files[path]) };
    expect(DatasourceProviderDeclarationSchema.safeParse(assembled).success).toBe(true);
  });

  it("writes a missing credentials_schema as [] (the YAML decoder needs a list)", () => {
    const { credentials_schema: _dropped, ...bare } = crawlProvider.declaration;
    const layout = packageLayout({ manifest, declarations: new Map([["datasource", [bare]]]) });
    const provider = layout.files.find((file) => file.path === "provider/docs_source.yaml");
    expect(parse(provider?.text ?? "").credentials_schema).toEqual([]);
  });
});

describe("x-plugin check: a datasource plugin is an exclusive kind", () => {
  it("refuses a datasource plugin that also declares tools, naming both kinds", async () => {
    mkdirSync(join(work, "src"), { recursive: true });
    mkdirSync(join(work, "_assets"), { recursive: true });
    writeFileSync(join(work, "_assets", "icon.svg"), "<svg/>");
    writeFileSync(join(work, "package.json"), JSON.stringify({ name: "docs-source", type: "module" }));
    writeFileSync(join(work, "src", "plugin.ts"), "export {};\n");
    const project = readProject(work);
    const only = new Plugin().register(
      defineDatasourceProvider({
        identity,
        datasources: [
          defineOnlineDocument({
            identity: { name: "docs" },
            description: "Docs",
            getPages: () => [],
            getContent: () => ({ content: "" }),
          }),
        ],
      }),
    );
    const loaded = { plugin: only, manifest, declarations: only.declarations(), toolSites: [] };
    const alone = await checkPlugin(project, { loaded });
    expect(alone.problems.filter((problem) => problem.severity === "error")).toEqual([]);

    const mixed = only.register(
      defineToolProvider({
        identity: { ...identity, name: "extra_tools" },
        tools: [defineTool({ identity: { name: "t" }, description: "t", invoke: () => {} })],
      }),
    );
    const report = await checkPlugin(project, {
      loaded: { ...loaded, plugin: mixed, declarations: mixed.declarations() },
    });
    expect(report.ok).toBe(false);
    expect(report.problems.map((problem) => problem.message).join("\n")).toMatch(
      /may combine only tool and endpoint declarations, found (datasource \+ tool|tool \+ datasource)/,
    );
  });
});
