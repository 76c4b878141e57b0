import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";
import { ToolCallSchema } from "./prompt-message.js";
import { LLMUsageSchema } from "./usage.js";

const ContentPartOut = lazySchema(() => z.looseObject({ type: z.string() }));

/**
 * One streamed piece of an LLM answer (`LLMResultChunk`). Parsed leniently: the daemon's own mock sends a last
 * structured-output chunk with an empty message, and unknown keys are kept.
 */
export const LLMResultChunkSchema = lazySchema(() =>
  z.looseObject({
    model: z.string(),
    system_fingerprint: z.string().nullish(),
    delta: z.object({
      index: z.number().int(),
      message: z
        .looseObject({
          role: z.string().default("assistant"),
          content: z.union([z.string(), z.array(ContentPartOut)]).nullish(),
          name: z.string().nullish(),
          tool_calls: z.array(ToolCallSchema).nullish(),
        })
        .default({ role: "assistant" }),
      usage: LLMUsageSchema.nullish(),
      finish_reason: z.string().nullish(),
    }),
  }),
);
/** One streamed piece of an LLM answer. */
export type LLMResultChunk = z.output<typeof LLMResultChunkSchema>;

/** A chunk of a structured-output call; `structured_output` usually arrives on the last one. */
export const LLMStructuredChunkSchema = lazySchema(() =>
  LLMResultChunkSchema.extend({
    structured_output: z.record(z.string(), z.unknown()).nullish(),
  }),
);
/** A chunk of a structured-output call. */
export type LLMStructuredChunk = z.output<typeof LLMStructuredChunkSchema>;
