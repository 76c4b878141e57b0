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

/** A line for a frame the daemon sent after registration, or undefined to stay quiet. */
export function describeDaemonFrame(frame: Json): string | undefined {
  const session = clip(frame.session_id, 12);
  if (frame.event === "request") {
    const data = record(frame.data) ?? {};
    const what = `${String(data.type)}/${String(data.action)}`;
    const detail =
      data.action === "invoke_tool"
        ? ` ${String(data.provider)}/${String(data.tool)} ${clip(data.tool_parameters)}`
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
