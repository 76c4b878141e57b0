import { ValidationError } from "@x/core";
import type { LLMUsage, LogMetadata } from "@x/protocol";
import { type LogEntry, type MessageMeta, messages } from "@x/tool";

// The log tree Dify's Agent node draws (§6): every `log` message has an `id`, a `parent_id` (null at the top), a
// `status` (`start`, then `success` or `error` re-sent under the same id) and `metadata` (the Python SDK's
// `LogMetadata` keys, `entities/provider_config.py`). `AgentLog` keeps the pairing and the timing straight.

/** A `log` message as a strategy yields it. */
export type AgentLogMessage = { type: "log"; message: LogEntry; meta: MessageMeta };

/** Options of {@link openLog} and {@link AgentLog.child}. */
export interface OpenLogOptions {
  /** What the step is, shown in the tree (`ROUND 1`, `gpt-4o Thought`, `CALL weather`). */
  label: string;
  /** Details shown with the step (default `{}`). */
  data?: Record<string, unknown>;
  /** Extra metadata, e.g. `{ provider }`; `started_at` is filled in. */
  metadata?: LogMetadata;
  /** The enclosing step (an open log or its id); {@link AgentLog.child} sets it. */
  parent?: AgentLog | string;
  /** Default: a fresh uuid4. */
  id?: string;
  /** `meta` of the start message (default null). */
  meta?: MessageMeta;
}

/** Options of {@link AgentLog.finish} and {@link AgentLog.fail}. */
export interface FinishLogOptions {
  /** Replaces the step's data (default: the data it was opened with). */
  data?: Record<string, unknown>;
  /** Merged over the opening metadata and the timing. */
  metadata?: LogMetadata;
  /** Token counts and price of the step: sets `total_tokens`, `total_price` and `currency`. */
  usage?: Pick<LLMUsage, "total_tokens" | "total_price" | "currency"> | null;
  /** `meta` of the finish message (default null). */
  meta?: MessageMeta;
}

/** The wall clock in seconds (what `started_at` / `finished_at` carry). */
function nowSeconds(): number {
  return Date.now() / 1000;
}

/**
 * One open step of the log tree. `started` is the `start` message to yield now; `finish()` / `fail()` return the
 * closing message (same id, label and parent, metadata with `started_at`, `finished_at`, `elapsed_time` in
 * seconds); `child()` opens a nested step. A step closes once: closing it again throws `ValidationError`.
 */
export class AgentLog {
  /** The step's id (the `parent_id` of its children). */
  readonly id: string;
  /** The step's label. */
  readonly label: string;
  /** The enclosing step's id, or null at the top. */
  readonly parentId: string | null;
  /** The `start` message: yield it when the step begins. */
  readonly started: AgentLogMessage;
  /** When the step opened, in seconds since the epoch. */
  readonly startedAt: number;
  private readonly openedAt = performance.now();
  private closed: AgentLogMessage | undefined;

  /** @internal Use {@link openLog} or {@link AgentLog.child}. */
  constructor(options: OpenLogOptions) {
    if (typeof options?.label !== "string" || options.label.length === 0) {
      throw new ValidationError("a log needs a non-empty label", { field: "label" });
    }
    this.startedAt = nowSeconds();
    const parent = typeof options.parent === "string" ? options.parent : options.parent?.id;
    this.started = messages.log(
      {
        label: options.label,
        data: options.data ?? {},
        metadata: { ...options.metadata, started_at: this.startedAt },
        status: "start",
        ...(parent === undefined ? {} : { parent }),
        ...(options.id === undefined ? {} : { id: options.id }),
      },
      options.meta ?? null,
    );
    this.id = this.started.message.id;
    this.label = options.label;
    this.parentId = this.started.message.parent_id;
  }

  /** Whether `finish()` or `fail()` was called. */
  get isClosed(): boolean {
    return this.closed !== undefined;
  }

  /** The closing message, once the step is closed. */
  get closing(): AgentLogMessage | undefined {
    return this.closed;
  }

  /** Opens a step nested under this one. */
  child(options: Omit<OpenLogOptions, "parent">): AgentLog {
    return new AgentLog({ ...options, parent: this.id });
  }

  /** Closes the step as `success`. */
  finish(options: FinishLogOptions = {}): AgentLogMessage {
    return this.close("success", undefined, options);
  }

  /** Closes the step as `error`; `error` becomes the entry's `error` text (an Error's message). */
  fail(error: unknown, options: FinishLogOptions = {}): AgentLogMessage {
    const text = error instanceof Error ? error.message : String(error);
    return this.close("error", text, options);
  }

  private close(status: "success" | "error", error: string | undefined, options: FinishLogOptions) {
    if (this.closed) {
      throw new ValidationError(`log "${this.label}" (${this.id}) is already closed`, { field: "status" });
    }
    const finishedAt = nowSeconds();
    const metadata: Record<string, unknown> = {
      ...this.started.message.metadata,
      finished_at: finishedAt,
      elapsed_time: (performance.now() - this.openedAt) / 1000,
      ...(options.usage ? usageMetadata(options.usage) : {}),
      ...options.metadata,
    };
    const finishOptions = {
      status,
      metadata,
      ...(options.data === undefined ? {} : { data: options.data }),
      ...(error === undefined ? {} : { error }),
    };
    this.closed = messages.finishLog(this.started, finishOptions, options.meta ?? null);
    return this.closed;
  }
}

/** Opens a top-level step of the log tree (or a nested one, with `parent`). */
export function openLog(options: OpenLogOptions): AgentLog {
  return new AgentLog(options);
}

/** The log metadata of a usage: `total_tokens`, `total_price` (a number) and `currency`. */
export function usageMetadata(
  usage: Pick<LLMUsage, "total_tokens" | "total_price" | "currency">,
): Pick<LogMetadata, "total_tokens" | "total_price" | "currency"> {
  return {
    total_tokens: usage.total_tokens,
    total_price: Number(usage.total_price),
    currency: usage.currency,
  };
}
