import { redact } from "@x/core/internal";
import type { FrameDirection } from "../daemon/daemon-peer.js";

const MAX_PAYLOAD = 400;

/**
 * One readable line per frame for the `x-fake-daemon` console: direction arrow, event, session, the essentials,
 * and the payload as compact JSON (cut at 400 characters). Credentials, keys and tokens are masked.
 */
export function formatFrame(
  direction: FrameDirection,
  frame: unknown,
  secrets: readonly string[] = [],
): string {
  return describe(direction, redact(frame, secrets));
}

function describe(direction: FrameDirection, frame: unknown): string {
  const arrow = direction === "in" ? "plugin → daemon" : "daemon → plugin";
  if (typeof frame !== "object" || frame === null) return `${arrow}  ${short(frame)}`;
  const f = frame as Record<string, unknown>;
  const session = typeof f.session_id === "string" ? ` [${f.session_id.slice(0, 8)}]` : "";
  const data = f.data as Record<string, unknown> | undefined;
  switch (f.event) {
    case "heartbeat":
      return `${arrow}  heartbeat`;
    case "request":
      return `${arrow}  request${session} ${String(data?.type)}/${String(data?.action)} ${short(data)}`;
    case "session": {
      const inner = data?.data as Record<string, unknown> | undefined;
      if (data?.type === "invoke") {
        return `${arrow}  invoke${session} ${String(inner?.type)} #${String(inner?.backwards_request_id).slice(0, 8)} ${short(inner?.request)}`;
      }
      return `${arrow}  ${String(data?.type)}${session} ${data?.type === "end" ? "" : short(inner)}`.trimEnd();
    }
    case "backwards_response":
      return `${arrow}  reply${session} #${String(data?.backwards_request_id).slice(0, 8)} ${String(data?.event)}${
        data?.event === "response"
          ? ` ${short(data?.data)}`
          : data?.event === "error"
            ? ` ${String(data?.message)}`
            : ""
      }`;
    case "log": {
      return `${arrow}  log ${String(data?.level)}: ${String(data?.message)}`;
    }
    case "error":
      return `${arrow}  error ${short(data)}`;
  }
  if (typeof f.type === "string")
    return `${arrow}  register ${f.type} ${f.type === "handshake" ? "(key hidden)" : short(f.data)}`;
  return `${arrow}  ${short(frame)}`;
}

function short(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_PAYLOAD ? `${text.slice(0, MAX_PAYLOAD)}… (${text.length} chars)` : text;
}
