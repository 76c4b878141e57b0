import type { InvocationStream } from "@x/core";
import { describeIssue } from "@x/core/internal";
import { type LLMStructuredChunk, LLMStructuredChunkSchema } from "@x/protocol";
import type { z } from "zod";
import { StructuredOutputError } from "./errors.js";
import type { LLMResult } from "./llm-result.js";
import { LLMStream } from "./llm-stream.js";

/** Checks a structured output; a zod schema (or anything with `safeParse`) passed by the caller. */
export interface OutputValidator<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ message: string; path: PropertyKey[] }> } };
}

/** The assembled answer of a structured-output call: the LLM result plus the parsed object. */
export interface LLMStructuredResult<T> extends LLMResult {
  /** The object the model produced, checked against the schema when a zod schema was given. */
  structured_output: T;
}

/**
 * The streamed answer of a structured-output call. `result()` returns the parsed object in
 * `structured_output`: Dify's `structured_output` field when sent, otherwise the answer text parsed as JSON.
 */
export class LLMStructuredStream<T> extends LLMStream<LLMStructuredChunk> {
  private readonly validator: OutputValidator<T> | undefined;
  private output: Record<string, unknown> | undefined;

  /** @internal */
  constructor(source: InvocationStream<unknown>, validator?: OutputValidator<T>) {
    super(source, LLMStructuredChunkSchema as unknown as z.ZodType<LLMStructuredChunk>);
    this.validator = validator;
  }

  /** Reads the rest of the stream and returns the answer with its parsed `structured_output`. */
  override async result(): Promise<LLMStructuredResult<T>> {
    await this.drain();
    const base = this.collector.result();
    let value: unknown = this.output;
    if (value === undefined) {
      try {
        value = JSON.parse(stripFence(base.message.content));
      } catch (error) {
        throw new StructuredOutputError("the model sent no structured_output and its text is not JSON", {
          text: base.message.content,
          cause: error,
        });
      }
    }
    if (!this.validator) return { ...base, structured_output: value as T };
    const checked = this.validator.safeParse(value);
    if (!checked.success) {
      const problem = describeIssue(checked.error, { subject: "value", fallback: "invalid" });
      throw new StructuredOutputError(`the structured output does not match the schema (${problem})`, {
        text: JSON.stringify(value),
      });
    }
    return { ...base, structured_output: checked.data };
  }

  /** Reads the rest of the stream and returns only the parsed object. */
  async object(): Promise<T> {
    return (await this.result()).structured_output;
  }

  protected override onChunk(chunk: LLMStructuredChunk): void {
    if (chunk.structured_output) this.output = chunk.structured_output;
  }
}

// Models sometimes wrap JSON in a Markdown fence even when asked not to.
function stripFence(text: string): string {
  const match = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return match?.[1] ?? text;
}
