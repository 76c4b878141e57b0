import type { FrameDirection, ToolRunResult } from "@x/testing";

/** One reverse call as seen on the wire: the plugin's request and every answer event the daemon sent. */
interface ReverseCall {
  readonly type: string;
  readonly request: unknown;
  readonly answers: Array<{ event: string; data: unknown; message: unknown }>;
}

const WIDTH = 100;

/** JSON that stays on one line when it fits and breaks objects and arrays over lines when it does not. */
function json(value: unknown, indent = "      "): string {
  const flat = JSON.stringify(value);
  if (flat === undefined) return String(value);
  if (flat.length + indent.length <= WIDTH || typeof value !== "object" || value === null) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${inner}${json(item, inner)}`).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).map(
    ([key, item]) => `${inner}${JSON.stringify(key)}: ${json(item, inner)}`,
  );
  return `{\n${entries.join(",\n")}\n${indent}}`;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** Collects reverse calls from the harness's `observe` hook and prints them readably. */
export class Transcript {
  private readonly calls = new Map<string, ReverseCall>();

  /** The `observe` hook of the test harness. */
  readonly observe = (direction: FrameDirection, frame: unknown): void => {
    const f = record(frame);
    const data = record(f?.data);
    if (direction === "in" && f?.event === "session" && data?.type === "invoke") {
      const invoke = record(data.data);
      const id = String(invoke?.backwards_request_id);
      this.calls.set(id, { type: String(invoke?.type), request: invoke?.request, answers: [] });
    } else if (direction === "out" && f?.event === "backwards_response" && data) {
      const call = this.calls.get(String(data.backwards_request_id));
      if (call && data.event !== "end")
        call.answers.push({ event: String(data.event), data: data.data, message: data.message });
    }
  };

  /** Prints the reverse calls of one run, then what the tool emitted, and forgets the calls. */
  print(result: ToolRunResult, write: (line: string) => void): void {
    this.printCalls(write);
    write("  tool output:");
    if (result.error) {
      write(`    error   ${result.error.error_type}: ${result.error.message}`);
      return;
    }
    this.printMessages(result, write);
  }

  /** Prints the reverse calls of one endpoint call, then its HTTP answer (`body` as read), and forgets the calls. */
  printResponse(response: Response, body: string, write: (line: string) => void): void {
    this.printCalls(write);
    write(`  HTTP answer: ${response.status} ${response.headers.get("content-type") ?? ""}`);
    for (const line of body.split("\n").filter((text) => text !== "")) write(`    ${line}`);
  }

  private printCalls(write: (line: string) => void): void {
    let n = 0;
    for (const call of this.calls.values()) {
      n += 1;
      write(`  reverse call ${n}: ${call.type}`);
      write(`    request → ${json(call.request)}`);
      for (const answer of call.answers) {
        if (answer.event === "error") write(`    answer  ✗ error: ${String(answer.message)}`);
        else write(`    answer  ← ${json(answer.data)}`);
      }
    }
    this.calls.clear();
  }

  private printMessages(result: ToolRunResult, write: (line: string) => void): void {
    for (const message of result.messages) {
      const payload = record("message" in message ? message.message : message.raw) ?? {};
      switch (message.type) {
        case "variable":
          write(`    variable ${String(payload.variable_name)} = ${JSON.stringify(payload.variable_value)}`);
          break;
        case "json":
          write(`    json     ${json(payload.json_object)}`);
          break;
        case "text":
          write(`    text     ${String(payload.text)}`);
          break;
        default:
          write(`    ${message.type} ${JSON.stringify(payload)}`);
      }
    }
  }
}
