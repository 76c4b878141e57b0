import {
  AbortedError,
  InvocationTimeoutError,
  type PermissionDeniedError,
  ProtocolError,
  ValidationError,
} from "@x/core";
import type { InvokeType } from "@x/protocol";
import { toAppFileParameter } from "@x/protocol";
import { createSessionHarness, fault, MockDify } from "@x/testing";
import { describe, expect, expectTypeOf, it, onTestFinished } from "vitest";
import {
  type AppEvent,
  type AppEventStream,
  type AppInfo,
  AppRunError,
  appExtension,
  type ChatResponse,
  type WorkflowResponse,
} from "../src/index.js";

/** A harness with `session.app` whose Dify answers `type` calls with `answer` (none: unmocked), closed after the test. */
function start(type: InvokeType, answer?: unknown) {
  const dify = new MockDify();
  // Replies sent as given: several tests answer with what the reply schema would refuse.
  if (answer !== undefined) dify.onInvokeRaw(type, answer);
  const harness = createSessionHarness({ extensions: [appExtension], dify });
  onTestFinished(() => harness.close());
  return harness;
}

const conversation = "45701982-8118-4bc5-8e9b-64562b4555f2";
/** The daemon mock's InvokeApp stream (mock.go), as JSON. */
const mockAppEvents = [
  {
    event: "agent_message",
    message_id: "5ad4cb98",
    conversation_id: conversation,
    answer: "なんで",
    created_at: 1,
  },
  {
    event: "agent_message",
    message_id: "5ad4cb98",
    conversation_id: conversation,
    answer: "春日影",
    created_at: 1,
  },
  {
    event: "agent_message",
    message_id: "5ad4cb98",
    conversation_id: conversation,
    answer: "やったの",
    created_at: 1,
  },
  {
    event: "message_end",
    id: "5e52ce04",
    conversation_id: conversation,
    created_at: 1,
    metadata: {
      retriever_resources: [{ position: 1, dataset_id: "101b4c97", score: 0.98457545, content: "CRYCHIC" }],
      usage: {
        prompt_tokens: 1033,
        prompt_price: "0.0010330",
        total_tokens: 1168,
        currency: "USD",
        latency: 1.38,
      },
    },
  },
  {
    event: "message_file",
    id: "5e52ce04",
    conversation_id: conversation,
    belongs_to: "assistant",
    url: "https://example.com/f.png",
    created_at: 1,
  },
];

describe("session.app.chat", () => {
  it("streams typed events by default and sends the Python SDK's chat payload", async () => {
    const h = start("app", mockAppEvents);
    const events = await h.run((session) =>
      session.app.chat.invoke({ app_id: "app-1", query: "hi", inputs: { lang: "ja" } }).toArray(),
    );
    expect(h.dify.calls[0]).toMatchObject({ type: "app" });
    expect(h.dify.calls[0]!.request).toEqual({
      app_id: "app-1",
      query: "hi",
      inputs: { lang: "ja" },
      response_mode: "streaming",
      conversation_id: null,
    });
    expect(events.map((e) => e.event)).toEqual([
      "agent_message",
      "agent_message",
      "agent_message",
      "message_end",
      "message_file",
    ]);
    const end = events[3]!;
    if (end.event !== "message_end") throw new Error("narrowing failed");
    expect(end.metadata?.usage).toMatchObject({ prompt_tokens: 1033 });
  });

  it("answer() joins deltas and returns conversation id, metadata and files", async () => {
    const h = start("app", mockAppEvents);
    const result = await h.run((session) =>
      session.app.chat.invoke({ app_id: "app-1", query: "hi", conversation_id: conversation }).answer(),
    );
    expect(result).toEqual({
      answer: "なんで春日影やったの",
      conversation_id: conversation,
      message_id: "5ad4cb98",
      metadata: mockAppEvents[3]!.metadata,
      files: ["https://example.com/f.png"],
    });
    expect(h.dify.callsOf("app")[0]!.request).toMatchObject({ conversation_id: conversation });
  });

  it("applies message_replace and passes unknown events through raw", async () => {
    const h = start("app", [
      { event: "message", answer: "bad words", conversation_id: "c" },
      { event: "message_replace", answer: "[filtered]" },
      { event: "brand_new_event", payload: { x: 1 } },
      { event: "message", answer: 42 },
    ]);
    const { events, text } = await h.run(async (session) => {
      const all = await session.app.chat.invoke({ app_id: "a", query: "q" }).toArray();
      const joined = await session.app.chat.invoke({ app_id: "a", query: "q" }).answer();
      return { events: all, text: joined.answer };
    });
    expect(events[2]).toEqual({
      event: "unknown",
      name: "brand_new_event",
      raw: { event: "brand_new_event", payload: { x: 1 } },
    });
    expect(events[3]).toMatchObject({ event: "unknown", name: "message" });
    expect(text).toBe("[filtered]");
  });

  it("ends the stream with AppRunError on an error event", async () => {
    const h = start("app", [
      { event: "message", answer: "par" },
      { event: "error", status: 400, code: "provider_quota_exceeded", message: "quota exceeded" },
    ]);
    const seen: string[] = [];
    const error = await h
      .run(async (session) => {
        for await (const event of session.app.chat.invoke({ app_id: "app-9", query: "q" }))
          seen.push(event.event);
      })
      .catch((e: unknown) => e);
    expect(seen).toEqual(["message"]);
    expect(AppRunError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ appId: "app-9", errorCode: "provider_quota_exceeded", status: 400 });
  });

  it("blocking mode resolves with Dify's single answer and sends files when given", async () => {
    const blocking = {
      event: "message",
      task_id: "t",
      id: "m1",
      message_id: "m1",
      conversation_id: "c1",
      mode: "chat",
      answer: "Paris",
      metadata: { usage: { total_tokens: 12 } },
      created_at: 1,
    };
    const h = start("app", [blocking]);
    const file = toAppFileParameter({ id: "f-1", mime_type: "image/png" });
    const result = await h.run((session) =>
      session.app.chat.invoke({
        app_id: "app-1",
        query: "Capital of France?",
        response_mode: "blocking",
        files: [file, { type: "document", transfer_method: "remote_url", url: "https://example.com/a.pdf" }],
      }),
    );
    expect(result).toEqual(blocking);
    expect(h.dify.calls[0]!.request).toEqual({
      app_id: "app-1",
      query: "Capital of France?",
      inputs: {},
      response_mode: "blocking",
      conversation_id: null,
      files: [
        { upload_file_id: "f-1", transfer_method: "local_file", type: "image" },
        { type: "document", transfer_method: "remote_url", url: "https://example.com/a.pdf" },
      ],
    });
  });

  it("validates app_id, query, response_mode and files before sending", async () => {
    const h = start("app");
    const errors = await h.run(async (session) => [
      await session.app.chat
        .invoke({ app_id: "", query: "q", response_mode: "blocking" })
        .catch((e: unknown) => e),
      await session.app.chat
        .invoke({ app_id: "a", query: "", response_mode: "blocking" })
        .catch((e: unknown) => e),
      await session.app.chat
        .invoke({ app_id: "a", query: "q", response_mode: "sync" as any })
        .toArray()
        .catch((e: unknown) => e),
      await session.app.chat
        .invoke({
          app_id: "a",
          query: "q",
          response_mode: "blocking",
          files: [{ type: "image", transfer_method: "local_file" } as any],
        })
        .catch((e: unknown) => e),
      await session.app.fetchApp("").catch((e: unknown) => e),
    ]);
    expect(errors.every((e) => ValidationError.isInstance(e))).toBe(true);
    expect(errors.map((e) => (e as ValidationError).field)).toEqual([
      "app_id",
      "query",
      "response_mode",
      "files.0",
      "app_id",
    ]);
    expect(h.dify.calls).toHaveLength(0);
  });
});

describe("session.app.completion and workflow", () => {
  it("completion defaults to blocking and sends the Python SDK's payload", async () => {
    const h = start("app", { event: "message", message_id: "m", mode: "completion", answer: "Done." });
    const result = await h.run((session) =>
      session.app.completion.invoke({ app_id: "app-2", inputs: { text: "x" } }),
    );
    expect(result.answer).toBe("Done.");
    expect(h.dify.calls[0]!.request).toEqual({
      app_id: "app-2",
      inputs: { text: "x" },
      response_mode: "blocking",
    });
  });

  it("workflow streaming gives node events and result() the outputs", async () => {
    const run = "wr-1";
    const h = start("app", [
      {
        event: "workflow_started",
        task_id: "t",
        workflow_run_id: run,
        data: { id: run, workflow_id: "w" },
      },
      {
        event: "node_started",
        task_id: "t",
        workflow_run_id: run,
        data: { id: "n", node_id: "llm", title: "LLM" },
      },
      {
        event: "text_chunk",
        task_id: "t",
        workflow_run_id: run,
        data: { text: "Hel", from_variable_selector: [] },
      },
      {
        event: "node_finished",
        task_id: "t",
        workflow_run_id: run,
        data: { id: "n", status: "succeeded" },
      },
      {
        event: "workflow_finished",
        task_id: "t",
        workflow_run_id: run,
        data: {
          id: run,
          status: "succeeded",
          outputs: { answer: "Hello" },
          elapsed_time: 1.2,
          total_tokens: 30,
        },
      },
    ]);
    const { names, result } = await h.run(async (session) => {
      const stream = session.app.workflow.invoke({
        app_id: "wf",
        inputs: { q: 1 },
        response_mode: "streaming",
      });
      const first = await stream[Symbol.asyncIterator]().next();
      const rest = await stream.result();
      return { names: [first.value?.event], result: rest };
    });
    expect(names).toEqual(["workflow_started"]);
    expect(result).toMatchObject({ workflow_run_id: run, status: "succeeded", outputs: { answer: "Hello" } });
    expect(h.dify.calls[0]!.request).toEqual({ app_id: "wf", inputs: { q: 1 }, response_mode: "streaming" });
  });

  it("a failed workflow run throws AppRunError in both modes", async () => {
    const failed = {
      task_id: "t",
      workflow_run_id: "wr",
      data: { id: "wr", status: "failed", error: "node x crashed", outputs: null },
    };
    const h = start("app", [{ event: "workflow_finished", ...failed }]);
    const streamed = await h
      .run((session) => session.app.workflow.invoke({ app_id: "wf", response_mode: "streaming" }).result())
      .catch((e: unknown) => e);
    const blocking = await h
      .run((session) => session.app.workflow.invoke({ app_id: "wf" }))
      .catch((e: unknown) => e);
    for (const error of [streamed, blocking]) {
      expect(AppRunError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain("node x crashed");
    }
  });

  it("a workflow stream without workflow_finished is a ProtocolError", async () => {
    const h = start("app", [{ event: "ping" }]);
    const error = await h
      .run((session) => session.app.workflow.invoke({ app_id: "wf", response_mode: "streaming" }).result())
      .catch((e: unknown) => e);
    expect(ProtocolError.isInstance(error)).toBe(true);
  });
});

describe("fetchApp, permissions, limits", () => {
  it("fetchApp sends app_id and returns the app info", async () => {
    const h = start("fetch_app", { name: "test", mode: "chat", description: null, extra: 1 });
    const info = await h.run((session) => session.app.fetchApp("app-1"));
    expect(info).toEqual({ name: "test", mode: "chat", description: null, extra: 1 });
    expect(h.dify.calls[0]).toMatchObject({ type: "fetch_app", request: { app_id: "app-1" } });
  });

  it("a missing app permission is a PermissionDeniedError", async () => {
    const h = start(
      "fetch_app",
      fault.error("permission denied, you need to enable app access in plugin manifest"),
    );
    const error = await h.run((session) => session.app.fetchApp("a")).catch((e: unknown) => e);
    expect((error as PermissionDeniedError).permission).toBe("app");
  });

  it("blocking calls time out and streaming calls abort", async () => {
    const h = start("app", fault.hang());
    const timeout = await h
      .run((session) => session.app.completion.invoke({ app_id: "a" }, { timeout: 50 }))
      .catch((e: unknown) => e);
    expect(InvocationTimeoutError.isInstance(timeout)).toBe(true);
    const controller = new AbortController();
    const pending = h.run((session) =>
      session.app.chat.invoke({ app_id: "a", query: "q" }, { signal: controller.signal }).toArray(),
    );
    await expect.poll(() => h.dify.calls.length).toBe(2);
    controller.abort(new Error("user left"));
    expect(AbortedError.isInstance(await pending.catch((e: unknown) => e))).toBe(true);
  });

  it("return types follow response_mode", async () => {
    const h = start("app", []); // the streaming call made below gets an empty answer
    await h.run(async (session) => {
      expectTypeOf(session.app.chat.invoke({ app_id: "a", query: "q" })).toEqualTypeOf<AppEventStream>();
      expectTypeOf(session.app.chat.invoke).toBeCallableWith({
        app_id: "a",
        query: "q",
        response_mode: "blocking",
      });
      expectTypeOf<ReturnType<typeof session.app.fetchApp>>().toEqualTypeOf<Promise<AppInfo>>();
      const blockingChat = () =>
        session.app.chat.invoke({ app_id: "a", query: "q", response_mode: "blocking" });
      expectTypeOf(blockingChat).returns.toEqualTypeOf<Promise<ChatResponse>>();
      const workflow = () => session.app.workflow.invoke({ app_id: "a" });
      expectTypeOf(workflow).returns.toEqualTypeOf<Promise<WorkflowResponse>>();
      const streamed = () => session.app.workflow.invoke({ app_id: "a", response_mode: "streaming" });
      expectTypeOf(streamed).returns.toEqualTypeOf<AppEventStream>();
      expectTypeOf<Extract<AppEvent, { event: "message_end" }>["metadata"]>().toEqualTypeOf<
        Record<string, unknown> | undefined
      >();
      expectTypeOf<Extract<AppEvent, { event: "unknown" }>["raw"]>().toEqualTypeOf<Record<string, unknown>>();
    });
  });
});
