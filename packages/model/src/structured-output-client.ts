import { type InvokeOptions, ValidationError } from "@x/core";
import { failedStream, parseInput, type SessionBase } from "@x/core/internal";
import { type LLMInvokeParams, LLMStructuredOutputRequestSchema } from "@x/protocol";
import { z } from "zod";
import { type LLMStructuredResult, LLMStructuredStream, type OutputValidator } from "./structured-stream.js";

/** Parameters of `session.model.llmStructuredOutput.invoke(...)`: the LLM parameters plus the output schema. */
export type LLMStructuredOutputParams<T> = Omit<LLMInvokeParams, "stream"> & {
  /** The JSON schema the answer must follow, or a zod schema (converted with `z.toJSONSchema`, then used to check and type the answer). */
  structured_output_schema: Record<string, unknown> | z.ZodType<T>;
  /** `false` asks Dify for a non-streamed answer (default `true`). */
  stream?: boolean;
};

/** `session.model.llmStructuredOutput`: an LLM answer constrained to a JSON schema, returned parsed. */
export class StructuredOutputClient {
  private readonly session: Pick<SessionBase, "invoke">;

  constructor(session: Pick<SessionBase, "invoke">) {
    this.session = session;
  }

  /** Streams the chunks; `await stream.result()` (or `.object()`) gives the parsed object. */
  invoke<T = Record<string, unknown>>(
    params: LLMStructuredOutputParams<T> & { stream?: true },
    options?: InvokeOptions,
  ): LLMStructuredStream<T>;
  /** Asks for a non-streamed answer and resolves with the result and its parsed object. */
  invoke<T = Record<string, unknown>>(
    params: LLMStructuredOutputParams<T> & { stream: false },
    options?: InvokeOptions,
  ): Promise<LLMStructuredResult<T>>;
  invoke<T = Record<string, unknown>>(
    params: LLMStructuredOutputParams<T>,
    options: InvokeOptions = {},
  ): LLMStructuredStream<T> | Promise<LLMStructuredResult<T>> {
    const stream = params?.stream !== false;
    let request: Record<string, unknown>;
    let validator: OutputValidator<T> | undefined;
    try {
      const { structured_output_schema: schema, ...rest } = params ?? ({} as LLMStructuredOutputParams<T>);
      let jsonSchema: Record<string, unknown>;
      if (schema instanceof z.ZodType) {
        validator = schema as OutputValidator<T>;
        const { $schema: _dialect, ...converted } = z.toJSONSchema(schema) as Record<string, unknown>;
        jsonSchema = converted;
      } else if (schema !== null && typeof schema === "object" && !Array.isArray(schema)) {
        jsonSchema = schema;
      } else {
        throw new ValidationError("must be a JSON schema object or a zod schema", {
          field: "structured_output_schema",
        });
      }
      request = parseInput(
        LLMStructuredOutputRequestSchema,
        { ...rest, stream, structured_output_schema: jsonSchema },
        { what: "llm_structured_output" },
      );
    } catch (error) {
      const failed = new LLMStructuredStream<T>(failedStream("llm_structured_output", error));
      return stream ? failed : Promise.reject(error);
    }
    const answer = new LLMStructuredStream<T>(
      this.session.invoke("llm_structured_output", request, options),
      validator,
    );
    return stream ? answer : answer.result();
  }
}
