import { describe, expect, it } from "vitest";
import { chatRequestBody } from "../../src/openai-compatible/index.js";

const base = { model: "m", promptMessages: [{ role: "user" as const, content: "x" }] };

describe("chatRequestBody maps Dify's structured-output parameters to OpenAI's response_format", () => {
  it("invoke_llm's json_schema becomes a named json_schema response format", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    expect(chatRequestBody({ ...base, jsonSchema: schema }).response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "response", schema, strict: false },
    });
  });

  it("the json_schema model parameter (JSON text, already named) is sent as it is, and not as a parameter", () => {
    const named = { name: "answer", schema: { type: "object" }, strict: true };
    const body = chatRequestBody({
      ...base,
      modelParameters: { response_format: "json_schema", json_schema: JSON.stringify(named), top_p: 0.5 },
    });
    expect(body.response_format).toEqual({ type: "json_schema", json_schema: named });
    expect(body).not.toHaveProperty("json_schema");
    expect(body.top_p).toBe(0.5);
  });

  it("response_format json_object becomes an object; bad json_schema text is a bad request", () => {
    expect(
      chatRequestBody({ ...base, modelParameters: { response_format: "json_object" } }).response_format,
    ).toEqual({
      type: "json_object",
    });
    expect(() => chatRequestBody({ ...base, modelParameters: { json_schema: "{nope" } })).toThrow(
      expect.objectContaining({ name: "InvokeBadRequestError" }),
    );
  });

  it("tool_choice none and required are sent as strings; no tools means no tool_choice", () => {
    const tools = [{ name: "t" }];
    expect(chatRequestBody({ ...base, tools, toolChoice: { mode: "required" } }).tool_choice).toBe(
      "required",
    );
    expect(chatRequestBody({ ...base, tools, toolChoice: { mode: "none" } }).tool_choice).toBe("none");
    expect(chatRequestBody({ ...base, toolChoice: { mode: "required" } })).not.toHaveProperty("tool_choice");
  });
});
