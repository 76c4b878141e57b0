import type { InvocationStream } from "@x/core";
import { DecodedStream, parseReply } from "@x/core/internal";
import { type LLMResultChunk, LLMResultChunkSchema } from "@x/protocol";
import type { z } from "zod";
import { type LLMResult, LLMResultCollector } from "./llm-result.js";

/**
 * The streamed answer of an LLM call: iterate it for typed {@link LLMResultChunk}s, or call `result()` / `text()`
 * to collect it. There is one cursor: `result()` after a partial `for await` collects the rest (and includes
 * what was already read); breaking out of a `for await` cancels the call.
 */
export class LLMStream<C extends LLMResultChunk = LLMResultChunk> extends DecodedStream<C> {
  private readonly schema: z.ZodType<C>;
  /** @internal Folds every chunk read so far. */
  protected readonly collector = new LLMResultCollector();

  /** @internal */
  constructor(
    source: InvocationStream<unknown>,
    schema: z.ZodType<C> = LLMResultChunkSchema as unknown as z.ZodType<C>,
  ) {
    super(source);
    this.schema = schema;
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

  /** @internal Hook for subclasses: sees every parsed chunk. */
  protected onChunk(_chunk: C): void {}

  protected decode(raw: unknown): C {
    const chunk = parseReply(this.schema, raw, { what: this.source.type });
    this.collector.add(chunk);
    this.onChunk(chunk);
    return chunk;
  }
}
