import { type InvokeOptions, invokeOne, parseInput } from "@x/core";
import { z } from "zod";
import type { Invoker } from "./call.js";

/** Texts shorter than this are returned unchanged without a call (the Python SDK's `min_summarize_length`). */
export const DEFAULT_MIN_SUMMARIZE_LENGTH = 1024;

/** Parameters of `session.model.summary.invoke(...)`. */
export const SummaryParamsSchema = z.object({
  /** The text to summarise. */
  text: z.string(),
  /** What the summary should focus on. */
  instruction: z.string().default(""),
  /** Shorter texts come back unchanged without a call (default 1024 characters). */
  min_summarize_length: z.number().int().nonnegative().default(DEFAULT_MIN_SUMMARIZE_LENGTH),
});
/** Parameters of `session.model.summary.invoke(...)`. */
export type SummaryParams = z.input<typeof SummaryParamsSchema>;

const SummaryResultSchema = z.looseObject({ summary: z.string() });

/** `session.model.summary`: Dify's system summariser (uses the workspace's system model). */
export class SummaryClient {
  private readonly session: Invoker;

  constructor(session: Invoker) {
    this.session = session;
  }

  /** Summarises `text`; a text under `min_summarize_length` characters is returned as is, with no call. */
  async invoke(params: SummaryParams, options: InvokeOptions = {}): Promise<string> {
    const input = parseInput(SummaryParamsSchema, params, { what: "system_summary" });
    // Python's len() counts code points, not UTF-16 units.
    if ([...input.text].length < input.min_summarize_length) return input.text;
    const request = { text: input.text, instruction: input.instruction };
    const reply = await invokeOne(this.session, "system_summary", request, SummaryResultSchema, options);
    return reply.summary;
  }
}
