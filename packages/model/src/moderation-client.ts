import { type InvokeOptions, invokeOne, parseInput } from "@x/core";
import { z } from "zod";
import type { Invoker } from "./call.js";

/** Parameters of `session.model.moderation.invoke(...)`. */
export const ModerationParamsSchema = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  /** The text to check. */
  text: z.string().min(1),
});
/** Parameters of `session.model.moderation.invoke(...)`. */
export type ModerationParams = z.input<typeof ModerationParamsSchema>;

const ModerationResultSchema = z.looseObject({ result: z.boolean() });

/** `session.model.moderation`: check text with a workspace moderation model. */
export class ModerationClient {
  private readonly session: Invoker;

  constructor(session: Invoker) {
    this.session = session;
  }

  /** Resolves `true` when the model flags `text`. */
  async invoke(params: ModerationParams, options: InvokeOptions = {}): Promise<boolean> {
    const input = parseInput(ModerationParamsSchema, params, { what: "moderation" });
    const request = {
      provider: input.provider,
      model: input.model,
      model_type: "moderation",
      text: input.text,
    };
    const reply = await invokeOne(this.session, "moderation", request, ModerationResultSchema, options);
    return reply.result;
  }
}
