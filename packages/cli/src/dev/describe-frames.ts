/** One-line descriptions of the frames `x-plugin dev` shows. Never includes the debugging key. */

type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function i18n(value: unknown): string {
  const text = record(value)?.en_US;
  return typeof text === "string" ? text : "";
}

function clip(value: unknown, max = 120): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (text === undefined) return "";
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Parameter names whose values the console masks, keyed by `provider/tool`. */
export type SecretParameters = Map<string, ReadonlySet<string>>;

// Names that look like secrets are masked even when a tool did not declare them `secret-input`: the console is
// for reading the flow, not values, and a log line cannot be taken back.
const SECRET_NAME = /secret|password|passwd|token|api[-_]?key|credential|private[-_]?key/i;

/** Adds the `secret-input` parameters a `tool_declaration` registration frame declares to `into`. */
export function collectSecretParameters(frame: Json, into: SecretParameters): void {
  if (frame.type !== "tool_declaration" || !Array.isArray(frame.data)) return;
  for (const provider of frame.data) {
    const p = record(provider) ?? {};
    const providerName = String(record(p.identity)?.name);
    for (const tool of Array.isArray(p.tools) ? p.tools : []) {
      const t = record(tool) ?? {};
      const secret = (Array.isArray(t.parameters) ? t.parameters : [])
        .map((param) => record(param) ?? {})
        .filter((param) => param.type === "secret-input")
        .map((param) => String(param.name));
      if (secret.length > 0) into.set(`${providerName}/${String(record(t.identity)?.name)}`, new Set(secret));
    }
  }
}

/** `parameters` with the value of every secret parameter replaced by `"***"`. */
function masked(parameters: unknown, secret: ReadonlySet<string> | undefined): unknown {
  const values = record(parameters);
  if (!values) return parameters;
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      secret?.has(name) || SECRET_NAME.test(name) ? "***" : value,
    ]),
  );
}

/** Lines describing a registration frame (`{type, data}`) the plugin sent. Asset chunks are summed elsewhere. */
export function describeRegistration(frame: Json): string[] {
  const data = frame.data;
  switch (frame.type) {
    case "handshake":
      return ["handshake (debugging key sent, not shown)"];
    case "manifest_declaration": {
      const m = record(data) ?? {};
      const permission = record(record(m.resource)?.permission);
      const granted = permission
        ? Object.entries(permission)
            .filter(([, v]) => record(v)?.enabled === true)
            .map(([k, v]) => {
              const flags = Object.entries(record(v) ?? {})
                .filter(([flag, on]) => flag !== "enabled" && on === true)
                .map(([flag]) => flag);
              return flags.length ? `${k}(${flags.join(",")})` : k;
            })
        : [];
      return [
        `manifest ${String(m.author)}/${String(m.name)} ${String(m.version)} "${i18n(m.label)}", icon ${String(m.icon)}, permissions: ${granted.length ? granted.join(" ") : "none"}`,
      ];
    }
    case "tool_declaration": {
      const lines: string[] = [];
      for (const provider of Array.isArray(data) ? data : []) {
        const p = record(provider) ?? {};
        const identity = record(p.identity) ?? {};
        const tools = Array.isArray(p.tools) ? p.tools : [];
        const credentials = Array.isArray(p.credentials_schema) ? p.credentials_schema.length : 0;
        lines.push(
          `tool provider "${String(identity.name)}" (${tools.length} tool${tools.length === 1 ? "" : "s"}, ${credentials} credential field${credentials === 1 ? "" : "s"})`,
        );
        for (const tool of tools) {
          const t = record(tool) ?? {};
          const params = (Array.isArray(t.parameters) ? t.parameters : [])
            .map((param) => {
              const q = record(param) ?? {};
              return `${String(q.name)}: ${String(q.type)}${q.required === true ? "" : "?"}`;
            })
            .join(", ");
          lines.push(`  tool "${String(record(t.identity)?.name)}"(${params})`);
        }
      }
      return lines;
    }
    case "endpoint_declaration": {
      const lines: string[] = [];
      for (const group of Array.isArray(data) ? data : []) {
        const endpoints = record(group)?.endpoints;
        for (const endpoint of Array.isArray(endpoints) ? endpoints : []) {
          const e = record(endpoint) ?? {};
          lines.push(`endpoint ${String(e.method)} ${String(e.path)}`);
        }
      }
      return lines.length ? lines : ["endpoint declaration (no endpoints)"];
    }
    case "end":
      return ["end of registration"];
    default:
      return [`${String(frame.type)}${Array.isArray(data) ? ` (${data.length})` : ""}`];
  }
}

/**
 * A line for a frame the daemon sent after registration, or undefined to stay quiet. Tool parameters declared
 * `secret-input` (from {@link collectSecretParameters}), or named like a secret, are shown as `***`.
 */
export function describeDaemonFrame(frame: Json, secrets: SecretParameters = new Map()): string | undefined {
  const session = clip(frame.session_id, 12);
  if (frame.event === "request") {
    const data = record(frame.data) ?? {};
    const what = `${String(data.type)}/${String(data.action)}`;
    const detail =
      data.action === "invoke_tool"
        ? ` ${String(data.provider)}/${String(data.tool)} ${clip(masked(data.tool_parameters, secrets.get(`${String(data.provider)}/${String(data.tool)}`)))}`
        : "";
    return `→ request ${what}${detail} [session ${session}]`;
  }
  if (frame.event === "backwards_response") {
    const data = record(frame.data) ?? {};
    const id = clip(data.backwards_request_id, 8);
    if (data.event === "error") return `  ← reverse call ${id} failed: ${clip(data.message, 300)}`;
    if (data.event === "end") return `  ← reverse call ${id} done`;
    return `  ← reverse call ${id} answer ${clip(data.data)}`;
  }
  return `→ ${clip(frame.event)} ${clip(frame.data)}`;
}

/** A line for a frame the plugin sent after registration, or undefined to stay quiet (heartbeats). */
export function describePluginFrame(frame: Json): string | undefined {
  if (frame.event === "heartbeat") return undefined;
  const session = clip(frame.session_id, 12);
  if (frame.event === "log") {
    const data = record(frame.data) ?? {};
    return `  log ${String(data.level ?? "")} ${clip(data.message, 300)}`;
  }
  if (frame.event === "error") return `  plugin error ${clip(frame.data, 300)}`;
  if (frame.event !== "session") return `  ${clip(frame.event)} ${clip(frame.data)}`;
  const message = record(frame.data) ?? {};
  const payload = record(message.data) ?? {};
  switch (message.type) {
    case "invoke":
      return `  → reverse call ${String(payload.type)} ${clip(payload.backwards_request_id, 8)} ${clip(payload.request)}`;
    case "stream":
      return `  ← ${clip(message.data)}`;
    case "error":
      return `  ✗ ${String(payload.error_type)}: ${clip(payload.message, 300)} [session ${session}]`;
    case "end":
      return `  ✓ end [session ${session}]`;
    default:
      return `  ${String(message.type)} ${clip(message.data)}`;
  }
}
