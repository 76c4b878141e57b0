import { type InvocationStream, parseReply } from "@x/core";
import type { z } from "zod";
import {
  type LLMResult,
  type LLMResultChunk,
  LLMResultChunkSchema,
  LLMResultCollector,
} from "./llm-result.js";

/**
 * The streamed answer of an LLM call: iterate it for typed {@link LLMResultChunk}s, or call `result()` / `text()`
 * to collect it. There is one cursor: `result()` after a partial `for await` collects the rest (and includes
 * what was already read); breaking out of a `for await` cancels the call.
 */
export class LLMStream<C extends LLMResultChunk = LLMResultChunk> implements AsyncIterable<C> {
  private readonly source: InvocationStream<unknown>;
  private readonly schema: z.ZodType<C>;
  /** @internal Folds every chunk read so far. */
  protected readonly collector = new LLMResultCollector();
  private cursor: AsyncGenerator<C> | undefined;

  /** @internal */
  constructor(
    source: InvocationStream<unknown>,
    schema: z.ZodType<C> = LLMResultChunkSchema as z.ZodType<C>,
  ) {
    this.source = source;
    this.schema = schema;
  }

  /** The `backwards_request_id` of the call. */
  get id(): string {
    return this.source.id;
  }

  [Symbol.asyncIterator](): AsyncGenerator<C> {
    this.cursor ??= this.read();
    return this.cursor;
  }

  /** Reads the rest of the stream and returns the assembled answer (text, tool calls, usage). */
  async result(): Promise<LLMResult> {
    await this.drain();
    return this.collector.result();
  }

  /** Reads the rest of the stream and returns the answer's text. */
  async text(): Promise<string> {
    return (await this.result()).message.content;
  }

  /** @internal Reads every remaining chunk. */
  protected async drain(): Promise<void> {
    const cursor = this[Symbol.asyncIterator]();
    for (let step = await cursor.next(); !step.done; step = await cursor.next()) {
      // each chunk is folded by read()
    }
  }

  /** @internal Hook for subclasses: sees every parsed chunk. */
  protected onChunk(_chunk: C): void {}

  private async *read(): AsyncGenerator<C> {
    for await (const item of this.source) {
      const chunk = parseReply(this.schema, item, { what: this.source.type });
      this.collector.add(chunk);
      this.onChunk(chunk);
      yield chunk;
    }
  }
}
