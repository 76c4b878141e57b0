import { type InvokeOptions, parseInput, ValidationError } from "@x/core";
import { z } from "zod";
import { failedStream, type Invoker } from "./call.js";
import { LLMInvokeParamsSchema, llmRequest } from "./llm-client.js";
import { type LLMStructuredResult, LLMStructuredStream, type OutputValidator } from "./structured-stream.js";

/** Parameters of `session.model.llmStructuredOutput.invoke(...)`: the LLM parameters plus the output schema. */
export type LLMStructuredOutputParams<T> = Omit<z.input<typeof LLMInvokeParamsSchema>, "stream"> & {
  /** The JSON schema the answer must follow, or a zod schema (converted with `z.toJSONSchema`, then used to check and type the answer). */
  structured_output_schema: Record<string, unknown> | z.ZodType<T>;
  /** `false` asks Dify for a non-streamed answer (default `true`). */
  stream?: boolean;
};

/** `session.model.llmStructuredOutput`: an LLM answer constrained to a JSON schema, returned parsed. */
export class StructuredOutputClient {
  private readonly session: Invoker;

  constructor(session: Invoker) {
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
      const base = llmRequest(
        parseInput(LLMInvokeParamsSchema, rest, { what: "llm_structured_output" }),
        stream,
      );
      request = { ...base, structured_output_schema: jsonSchema };
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
