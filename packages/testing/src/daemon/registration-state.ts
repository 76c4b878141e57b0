import { validateRegistration } from "@x/core";
import { iconReferences } from "@x/core/internal";
import {
  type DeclarationKind,
  EndpointDeclarationSchema,
  PluginManifestSchema,
  ToolProviderDeclarationSchema,
} from "@x/protocol";

/** What a plugin registered over remote debugging. */
export interface Registration {
  /** The `manifest_declaration` object. */
  readonly manifest: Record<string, unknown>;
  /** The first element of each `<kind>_declaration` array (the daemon keeps only that one). */
  readonly declarations: Partial<Record<DeclarationKind, Record<string, unknown>>>;
  /** Uploaded asset files by name. */
  readonly assets: ReadonlyMap<string, Uint8Array>;
}

/** What one registration line did: nothing yet, a rejection line (then the daemon closes), or done. */
export type RegistrationStep =
  | { readonly kind: "continue" }
  | { readonly kind: "reject"; readonly reply: string }
  | { readonly kind: "registered"; readonly registration: Registration };

const MAX_ASSETS = 50 * 1024 * 1024;

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** The part of a zod schema used here (keeps zod out of this package's dependencies). */
interface Schema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly Issue[] } };
}

// The daemon's wording per kind (§1.3.2, §9 item 6): "<plural> register failed, invalid <plural> declaration"
// and "<singular or plural> declaration already registered".
const KINDS: Record<string, { kind: DeclarationKind; plural: string; again: string; schema?: Schema }> = {
  tool_declaration: { kind: "tool", plural: "tools", again: "tools", schema: ToolProviderDeclarationSchema },
  model_declaration: { kind: "model", plural: "models", again: "models" },
  endpoint_declaration: {
    kind: "endpoint",
    plural: "endpoints",
    again: "endpoints",
    schema: EndpointDeclarationSchema,
  },
  agent_strategy_declaration: { kind: "agent_strategy", plural: "agent strategies", again: "agent strategy" },
  datasource_declaration: { kind: "datasource", plural: "datasources", again: "datasource" },
  trigger_declaration: { kind: "trigger", plural: "triggers", again: "triggers" },
};

/**
 * The daemon's remote-debugging registration state machine (§1.3.2): one instance per connection, fed every line
 * until `end` is accepted. Rejections carry the daemon's exact plain-text wording; the rules come from core's
 * manifest and declaration schemas and `validateRegistration`.
 */
export class RegistrationState {
  private readonly key: string;
  private handshake = false;
  private manifest: Record<string, unknown> | undefined;
  private readonly transferred = new Set<DeclarationKind>();
  private declarations: Partial<Record<DeclarationKind, Record<string, unknown>>> = {};
  private readonly assets = new Map<string, Buffer[]>();
  private assetBytes = 0;

  constructor(key: string) {
    this.key = key;
  }

  /** True once a valid handshake was received. */
  get handshakeDone(): boolean {
    return this.handshake;
  }

  /** Handles one decoded line (`undefined` for a line that was not JSON). */
  handle(frame: unknown): RegistrationStep {
    if (!isRecord(frame) || typeof frame.type !== "string" || frame.type === "" || frame.data === undefined) {
      return reject("handshake failed, invalid handshake message");
    }
    const { type, data } = frame;
    // Newer daemons refuse anything before the handshake (older ones only time the connection out after 10 s).
    if (!this.handshake && type !== "handshake")
      return reject("handshake failed, registration message before handshake");
    switch (type) {
      case "handshake":
        return this.onHandshake(data);
      case "manifest_declaration":
        return this.onManifest(data);
      case "asset_chunk":
        return this.onAsset(data);
      case "end":
        return this.onEnd();
    }
    const kind = KINDS[type];
    if (kind) return this.onDeclaration(kind, data);
    return CONTINUE; // the daemon ignores unknown registration types
  }

  private onHandshake(data: unknown): RegistrationStep {
    if (this.handshake) return reject("handshake already completed");
    if (!isRecord(data) || typeof data.key !== "string" || data.key === "") {
      return reject("handshake failed, invalid handshake message");
    }
    if (data.key !== this.key) return reject("handshake failed, invalid key");
    this.handshake = true;
    return CONTINUE;
  }

  private onManifest(data: unknown): RegistrationStep {
    if (this.manifest) return reject("declaration already registered");
    const parsed = (PluginManifestSchema as Schema).safeParse(data);
    if (!parsed.success)
      return reject(`handshake failed, invalid plugin declaration: ${issuesText(parsed.error.issues)}`);
    if (!isRecord(data)) return reject("handshake failed, invalid plugin declaration: not an object");
    this.manifest = data;
    // The manifest replaces the runtime's whole config: declarations sent before it are lost.
    this.declarations = {};
    return CONTINUE;
  }

  private onDeclaration(
    spec: { kind: DeclarationKind; plural: string; again: string; schema?: Schema },
    data: unknown,
  ): RegistrationStep {
    if (this.transferred.has(spec.kind)) return reject(`${spec.again} declaration already registered`);
    const failed = (why: string) =>
      reject(`${spec.plural} register failed, invalid ${spec.plural} declaration: ${why}`);
    if (!Array.isArray(data)) return failed("expected a JSON array");
    for (const [index, item] of data.entries()) {
      if (!isRecord(item)) return failed(`element ${index} is not an object`);
      const parsed = spec.schema?.safeParse(item);
      if (parsed && !parsed.success) return failed(issuesText(parsed.error.issues));
    }
    this.transferred.add(spec.kind);
    const first = data[0] as Record<string, unknown> | undefined;
    if (first) this.declarations[spec.kind] = first;
    return CONTINUE;
  }

  private onAsset(data: unknown): RegistrationStep {
    if (!isRecord(data) || typeof data.filename !== "string" || data.filename === "") {
      return reject("transfer assets failed, error: filename is required");
    }
    if (typeof data.data !== "string" || data.data === "") {
      return reject("transfer assets failed, error: data is required");
    }
    if (data.end !== undefined && typeof data.end !== "boolean") {
      return reject("transfer assets failed, error: end must be a boolean");
    }
    // Like the daemon, the check adds base64 characters to decoded bytes received so far.
    if (this.assetBytes + data.data.length > MAX_ASSETS) return reject("assets too large, at most 50MB");
    const bad = base64Error(data.data);
    if (bad !== undefined)
      return reject(`assets decode failed, error: illegal base64 data at input byte ${bad}`);
    const bytes = Buffer.from(data.data, "base64");
    const parts = this.assets.get(data.filename) ?? [];
    parts.push(bytes);
    this.assets.set(data.filename, parts);
    this.assetBytes += bytes.length;
    return CONTINUE;
  }

  private onEnd(): RegistrationStep {
    if (this.transferred.size === 0) return reject("no registration transferred, cannot initialize");
    const assets = new Map<string, Uint8Array>();
    for (const [name, parts] of this.assets) assets.set(name, new Uint8Array(Buffer.concat(parts)));
    const manifest = this.manifest ?? {};
    const entries = Object.entries(this.declarations).map(
      ([kind, declaration]) =>
        [kind as DeclarationKind, [declaration]] as [DeclarationKind, readonly unknown[]],
    );
    for (const { file } of iconReferences(manifest, entries)) {
      if (!assets.has(file))
        return reject(`assets remap failed, invalid assets data, cannot remap: file not found: ${file}`);
    }
    const issues = validateRegistration({
      manifest,
      declarations: Object.fromEntries(entries),
      assets,
    }).filter((issue) => !issue.path.startsWith("assets"));
    if (issues.length > 0) {
      return reject(
        `register failed, invalid manifest detected: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`,
      );
    }
    return { kind: "registered", registration: { manifest, declarations: this.declarations, assets } };
  }
}

const CONTINUE: RegistrationStep = { kind: "continue" };

function reject(reply: string): RegistrationStep {
  return { kind: "reject", reply };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function issuesText(issues: readonly Issue[]): string {
  if (issues.length === 0) return "not an object";
  return issues.map((issue) => `${issue.path.map(String).join(".") || "value"}: ${issue.message}`).join("; ");
}

/** Index of the first byte Go's strict `base64.StdEncoding` would refuse, or undefined when it decodes. */
function base64Error(text: string): number | undefined {
  const match = /[^A-Za-z0-9+/=]/.exec(text);
  if (match) return match.index;
  const pad = text.indexOf("=");
  if (pad !== -1 && (pad < text.length - 2 || /[^=]/.test(text.slice(pad)))) return pad;
  if (text.length % 4 !== 0) return text.length - (text.length % 4);
  return undefined;
}
