import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { definePluginManifest } from "@x/core";
import { TriggerProviderDeclarationSchema } from "@x/protocol";
import { defineTriggerEvent, defineTriggerProvider } from "@x/trigger";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkPlugin } from "../src/check/check-plugin.js";
import { packageLayout } from "../src/index.js";
import type { LoadedPlugin } from "../src/project/load-plugin.js";
import type { PluginProject } from "../src/project/project.js";

const manifest = definePluginManifest({
  version: "0.1.0",
  author: "acme",
  name: "hub_hooks",
  label: "Hub hooks",
  description: "Hub webhooks",
  icon: "icon.svg",
  created_at: "2026-01-01T00:00:00Z",
  tags: ["trigger"],
});

// A trigger provider declaration as @x/trigger builds it (events inline, constructor present).
const trigger = {
  identity: {
    author: "acme",
    name: "hub",
    label: { en_US: "Hub" },
    description: { en_US: "Hub webhooks" },
    icon: "icon.svg",
    tags: [],
  },
  subscription_schema: [
    { name: "webhook_secret", type: "secret-input", required: true, label: { en_US: "Webhook secret" } },
  ],
  subscription_constructor: {
    parameters: [{ name: "repository", label: { en_US: "Repository" }, type: "string", required: true }],
    credentials_schema: [{ name: "token", type: "secret-input", required: true, label: { en_US: "Token" } }],
  },
  events: [
    {
      identity: { author: "acme", name: "push", label: { en_US: "Push" } },
      parameters: [],
      description: { en_US: "Commits were pushed" },
      output_schema: { type: "object", properties: { ref: { type: "string" } } },
    },
    {
      identity: { author: "acme", name: "issues", label: { en_US: "Issues" } },
      parameters: [{ name: "label", label: { en_US: "Label" }, type: "string", required: false }],
      description: { en_US: "Issue activity" },
    },
  ],
};

const tool = {
  identity: {
    author: "acme",
    name: "hub",
    label: { en_US: "Hub" },
    description: { en_US: "Hub" },
    icon: "icon.svg",
    tags: [],
  },
  credentials_schema: [],
  tools: [],
};

const root = mkdtempSync(join(tmpdir(), "x-plugin-trigger-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(): PluginProject {
  mkdirSync(join(root, "src"), { recursive: true });
  mkdirSync(join(root, "_assets"), { recursive: true });
  writeFileSync(join(root, "_assets", "icon.svg"), "<svg/>");
  writeFileSync(join(root, "src", "plugin.ts"), "export {};\n");
  return {
    dir: root,
    entry: join(root, "src", "plugin.ts"),
    assetsDir: join(root, "_assets"),
    manifestFile: join(root, "src", "plugin.ts"),
    sourceDir: join(root, "src"),
    packageName: "hub-hooks",
    usesPermissions: [],
  };
}

describe("trigger plugins in x-plugin", () => {
  it("package writes manifest.yaml → provider YAML → one YAML per event, as the daemon's decoder reads them", () => {
    const layout = packageLayout({ manifest, declarations: new Map([["trigger", [trigger]]]) });
    const files = Object.fromEntries(layout.files.map((file) => [file.path, parse(file.text)]));
    expect(Object.keys(files)).toEqual([
      "manifest.yaml",
      "events/push.yaml",
      "events/issues.yaml",
      "provider/hub.yaml",
    ]);
    expect(files["manifest.yaml"].plugins).toEqual({ triggers: ["provider/hub.yaml"] });
    const provider = files["provider/hub.yaml"];
    expect(provider.events).toEqual(["events/push.yaml", "events/issues.yaml"]);
    expect(files["events/push.yaml"]).toEqual(trigger.events[0]);
    // Reassembled the way the decoder does it (events files appended), the declaration is the one registered.
    const reassembled = { ...provider, events: provider.events.map((path: string) => files[path]) };
    expect(reassembled).toEqual(trigger);
    expect(TriggerProviderDeclarationSchema.safeParse(reassembled).success).toBe(true);
  });

  it("package writes subscription_constructor.oauth_schema and dynamic-select parameters as @x/trigger declares them", () => {
    const provider = defineTriggerProvider({
      identity: { author: "acme", name: "hub", label: "Hub", description: "Hub webhooks", icon: "icon.svg" },
      subscribeParameters: {
        repository: {
          type: "dynamic-select",
          required: true,
          options: () => [{ value: "acme/app", label: "acme/app" }],
        },
      },
      oauth: {
        clientSchema: {
          client_id: { type: "text-input", required: true },
          client_secret: { type: "secret-input", required: true },
        },
        credentialsSchema: { access_token: { type: "secret-input", required: true } },
        authorizationUrl: ({ redirectUri }) => `https://hub.example/authorize?redirect_uri=${redirectUri}`,
        credentials: () => ({ credentials: { access_token: "t" } }),
        refresh: ({ credentials }) => ({ credentials }),
      },
      events: [
        defineTriggerEvent({
          identity: { name: "issues" },
          description: "Issue activity",
          parameters: { label: { type: "dynamic-select", options: () => [{ value: "bug", label: "Bug" }] } },
          invoke: () => ({}),
        }),
      ],
      dispatch: () => ({ events: ["issues"] }),
      subscribe: () => ({ properties: {} }),
      unsubscribe: () => undefined,
    });
    const layout = packageLayout({ manifest, declarations: new Map([["trigger", [provider.declaration]]]) });
    const files = Object.fromEntries(layout.files.map((file) => [file.path, parse(file.text)]));
    const written = files["provider/hub.yaml"];
    expect(written.subscription_constructor.oauth_schema).toEqual({
      client_schema: [
        expect.objectContaining({ name: "client_id", type: "text-input", required: true }),
        expect.objectContaining({ name: "client_secret", type: "secret-input", required: true }),
      ],
      credentials_schema: [
        expect.objectContaining({ name: "access_token", type: "secret-input", required: true }),
      ],
    });
    expect(written.subscription_constructor.parameters).toEqual([
      { name: "repository", label: { en_US: "repository" }, type: "dynamic-select", required: true },
    ]);
    expect(files["events/issues.yaml"].parameters).toEqual([
      { name: "label", label: { en_US: "label" }, type: "dynamic-select", required: false },
    ]);
    const reassembled = { ...written, events: written.events.map((path: string) => files[path]) };
    expect(reassembled).toEqual(JSON.parse(JSON.stringify(provider.declaration)));
    expect(TriggerProviderDeclarationSchema.safeParse(reassembled).success).toBe(true);
  });

  it("package drops a null subscription constructor and writes an empty subscription_schema as []", () => {
    const { subscription_constructor: _, subscription_schema: __, ...rest } = trigger;
    const manual = { ...rest, subscription_constructor: null };
    const layout = packageLayout({ manifest, declarations: new Map([["trigger", [manual]]]) });
    const provider = parse(layout.files.find((file) => file.path === "provider/hub.yaml")?.text ?? "");
    expect(provider.subscription_schema).toEqual([]);
    expect("subscription_constructor" in provider).toBe(false);
  });

  it("check passes a trigger plugin and refuses one that also declares a tool", async () => {
    const loaded = (declarations: Map<string, object[]>): LoadedPlugin => ({
      plugin: { declarations: () => declarations },
      manifest,
      declarations,
      toolSites: [],
    });
    const alone = await checkPlugin(project(), { loaded: loaded(new Map([["trigger", [trigger]]])) });
    expect(alone.problems).toEqual([]);
    const mixed = await checkPlugin(project(), {
      loaded: loaded(
        new Map<string, object[]>([
          ["tool", [tool]],
          ["trigger", [trigger]],
        ]),
      ),
    });
    expect(mixed.ok).toBe(false);
    expect(mixed.problems.map((problem) => problem.message)).toContainEqual(
      expect.stringMatching(/only tool and endpoint.*tool \+ trigger/),
    );
  });
});
