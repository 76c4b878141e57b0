import type { FrameDirection } from "@x/testing";

// Prints an agent strategy run as it happens, from the frames the fake daemon sees: each reverse call (LLM rounds
// and tool calls) with a summary of its answer, and each message the strategy streams, the log tree indented.

type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function quote(text: string, max = 90): string {
  const flat = JSON.stringify(text);
  return flat.length > max ? `${flat.slice(0, max - 1)}…"` : flat;
}

/** What an LLM answer streamed so far. */
interface LlmAnswer {
  chunks: number;
  text: string;
  calls: Array<{ id: string; name: string; args: string }>;
  tokens: number;
}

/** Collects frames from the harness's `observe` hook and prints them as readable lines. */
export class AgentTranscript {
  private readonly pending = new Map<string, { type: string; llm: LlmAnswer; tool: string[] }>();
  private readonly depth = new Map<string, number>();
  private readonly write: (line: string) => void;
  private text: string[] = [];

  constructor(write: (line: string) => void) {
    this.write = write;
  }

  /** The `observe` hook of the test harness (or of `launchStdioPlugin`). */
  readonly observe = (direction: FrameDirection, frame: unknown): void => {
    const f = record(frame);
    const data = record(f?.data);
    if (direction === "in" && f?.event === "session" && data?.type === "invoke")
      this.invoke(record(data.data));
    else if (direction === "in" && f?.event === "session" && data?.type === "stream")
      this.message(record(data.data));
    else if (direction === "out" && f?.event === "backwards_response" && data) this.reply(data);
  };

  private invoke(call: Json | undefined): void {
    const id = String(call?.backwards_request_id);
    const type = String(call?.type);
    const request = record(call?.request) ?? {};
    this.pending.set(id, { type, llm: { chunks: 0, text: "", calls: [], tokens: 0 }, tool: [] });
    if (type === "llm") {
      const prompt = Array.isArray(request.prompt_messages) ? request.prompt_messages : [];
      const roles = prompt.map((m) => String(record(m)?.role)).join(", ");
      const tools = Array.isArray(request.tools) ? request.tools.map((t) => String(record(t)?.name)) : [];
      this.write(
        `      ⇢ llm ${String(request.model)}: ${prompt.length} messages (${roles}); tools [${tools.join(", ")}]`,
      );
    } else if (type === "tool") {
      this.write(
        `      ⇢ tool ${String(request.tool_type)} ${String(request.provider)} ${String(request.tool)} ${JSON.stringify(request.tool_parameters)}`,
      );
    } else this.write(`      ⇢ ${type} ${JSON.stringify(request)}`);
  }

  private reply(data: Json): void {
    const id = String(data.backwards_request_id);
    const call = this.pending.get(id);
    if (!call) return;
    if (data.event === "error") {
      this.write(`      ⇠ ${call.type} failed: ${String(data.message)}`);
      return;
    }
    if (data.event === "end") {
      this.pending.delete(id);
      if (call.type === "llm") {
        const { chunks, text, calls, tokens } = call.llm;
        const asked = calls.map((c) => `${c.name}(${c.args})`).join(", ");
        this.write(
          `      ⇠ llm ${chunks} chunks: ${text ? quote(text) : "no text"}${asked ? ` + calls ${asked}` : ""}; ${tokens} tokens`,
        );
      } else if (call.type === "tool") this.write(`      ⇠ tool ${call.tool.join(" + ") || "nothing"}`);
      return;
    }
    const item = record(data.data);
    if (call.type === "llm") {
      const delta = record(item?.delta);
      const message = record(delta?.message);
      call.llm.chunks += 1;
      if (typeof message?.content === "string") call.llm.text += message.content;
      for (const raw of Array.isArray(message?.tool_calls) ? message.tool_calls : []) {
        const piece = record(raw);
        const fn = record(piece?.function);
        const last = call.llm.calls.at(-1);
        if (piece?.id || !last)
          call.llm.calls.push({
            id: String(piece?.id),
            name: String(fn?.name),
            args: String(fn?.arguments ?? ""),
          });
        else last.args += String(fn?.arguments ?? "");
      }
      const usage = record(delta?.usage);
      if (typeof usage?.total_tokens === "number") call.llm.tokens += usage.total_tokens;
    } else if (call.type === "tool") {
      const message = record(item?.message);
      call.tool.push(
        item?.type === "text"
          ? `text ${quote(String(message?.text))}`
          : `${String(item?.type)} ${JSON.stringify(message)}`,
      );
    }
  }

  /** Prints the text pieces streamed since the last other message as one line. */
  flush(): void {
    if (this.text.length === 0) return;
    const pieces = this.text.length > 1 ? ` (${this.text.length} pieces)` : "";
    this.write(`    text ${quote(this.text.join(""))}${pieces}`);
    this.text = [];
  }

  private message(item: Json | undefined): void {
    const message = record(item?.message) ?? {};
    if (item?.type === "text") {
      this.text.push(String(message.text));
      return;
    }
    this.flush();
    switch (item?.type) {
      case "log": {
        const id = String(message.id);
        const parent = typeof message.parent_id === "string" ? message.parent_id : undefined;
        const depth = this.depth.get(id) ?? (parent ? (this.depth.get(parent) ?? 0) + 1 : 0);
        this.depth.set(id, depth);
        const pad = "  ".repeat(depth + 1);
        const meta = record(message.metadata) ?? {};
        if (message.status === "start") {
          this.write(`${pad}▶ ${String(message.label)}`);
          return;
        }
        const facts = [
          typeof meta.elapsed_time === "number" ? `${meta.elapsed_time.toFixed(3)} s` : undefined,
          typeof meta.total_tokens === "number" ? `${meta.total_tokens} tokens` : undefined,
          meta.total_price !== undefined
            ? `${String(meta.total_price)} ${String(meta.currency ?? "")}`.trim()
            : undefined,
        ].filter((fact) => fact !== undefined);
        const mark = message.status === "success" ? "✓" : "✗";
        const error = message.status === "error" ? ` — ${String(message.error)}` : "";
        this.write(
          `${pad}${mark} ${String(message.label)}${facts.length ? ` (${facts.join(", ")})` : ""}${error}`,
        );
        return;
      }
      case "json":
        this.write(`    json ${JSON.stringify(message.json_object)}`);
        return;
      default:
        this.write(`    ${String(item?.type)} ${JSON.stringify(message)}`);
    }
  }
}
