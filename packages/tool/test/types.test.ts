import type { Session, SessionWith } from "@x/core";
import { describe, expectTypeOf, it } from "vitest";
import {
  type AppSelectorValue,
  type DifyFile,
  defineTool,
  type ModelSelectorValue,
  messages,
  type ToolClient,
  type ToolInvocationResult,
  type ToolParameters,
  type ToolResultMessage,
  type toolExtension,
} from "../src/index.js";

describe("inferred types", () => {
  it("types invoke's parameters from their definitions", () => {
    defineTool({
      identity: { name: "typed" },
      description: "d",
      parameters: {
        text: { type: "string", required: true },
        secret: { type: "secret-input", required: true },
        count: { type: "number", default: 3 },
        maybe: { type: "number" },
        flag: { type: "boolean", required: true },
        mode: { type: "select", options: [{ value: "fast" }, { value: "slow" }], required: true },
        image: { type: "file", required: true },
        images: { type: "files" },
        model: { type: "model-selector", required: true },
        app: { type: "app-selector", required: true },
        list: { type: "array", required: true },
        obj: { type: "object", required: true },
        anything: { type: "any" },
      },
      invoke(params) {
        expectTypeOf(params.text).toEqualTypeOf<string>();
        expectTypeOf(params.secret).toEqualTypeOf<string>();
        expectTypeOf(params.count).toEqualTypeOf<number>();
        expectTypeOf(params.maybe).toEqualTypeOf<number | undefined>();
        expectTypeOf(params.flag).toEqualTypeOf<boolean>();
        expectTypeOf(params.mode).toEqualTypeOf<"fast" | "slow">();
        expectTypeOf(params.image).toEqualTypeOf<DifyFile>();
        expectTypeOf(params.images).toEqualTypeOf<DifyFile[] | undefined>();
        expectTypeOf(params.model).toEqualTypeOf<ModelSelectorValue>();
        expectTypeOf(params.app).toEqualTypeOf<AppSelectorValue>();
        expectTypeOf(params.list).toEqualTypeOf<unknown[]>();
        expectTypeOf(params.obj).toEqualTypeOf<Record<string, unknown>>();
        expectTypeOf(params.anything).toEqualTypeOf<unknown>();
        // @ts-expect-error undeclared parameters are not on the typed object
        void params.nope;
        return messages.text(params.text);
      },
    });
  });

  it("makes every parameter optional unless required or defaulted", () => {
    type P = ToolParameters<{ a: { type: "string" }; b: { type: "string"; required: true } }>;
    expectTypeOf<P>().toEqualTypeOf<{ b: string; a?: string | undefined }>();
  });

  it("types session.tool where toolExtension is used, and nowhere else", () => {
    expectTypeOf<SessionWith<[typeof toolExtension]>["tool"]>().toEqualTypeOf<ToolClient>();
    expectTypeOf<Session>().not.toHaveProperty("tool");
    expectTypeOf<ReturnType<ToolClient["invokeBuiltinTool"]>>().toEqualTypeOf<ToolInvocationResult>();
    expectTypeOf<ToolInvocationResult>().toMatchTypeOf<AsyncIterable<ToolResultMessage>>();
    expectTypeOf<Extract<ToolResultMessage, { type: "blob_chunk" }>>().toBeNever();
    expectTypeOf<
      Extract<ToolResultMessage, { type: "blob" }>["message"]["blob"]
    >().toEqualTypeOf<Uint8Array>();
  });

  it("rejects a stream variable that is not a string and a provider type the daemon refuses", () => {
    // @ts-expect-error streamed variable values are strings
    expectTypeOf(messages.streamVariable).toBeCallableWith("v", 1);
    expectTypeOf<ToolClient["invoke"]>()
      .parameter(0)
      .toHaveProperty("providerType")
      .toEqualTypeOf<"builtin" | "workflow" | "api" | "mcp">();
  });
});
