import { NotMockedError } from "../errors/not-mocked-error.js";
import { type AnswerCodec, type Awaitable, answerSteps } from "./answer.js";
import { type Fault, isFault } from "./fault.js";
import {
  defaultClassifierResponse,
  defaultExtractorResponse,
  type NodeResponseInput,
  toNodeResponse,
} from "./node-defaults.js";
import type { PerCall } from "./per-call.js";
import { checkPermission, type ManifestPermissions, permissionDeniedText } from "./permissions.js";
import { describeCall, type IncomingCall, type RecordedCall } from "./recorded-call.js";
import type { ReplyStep } from "./reply-step.js";
import { type ToolMessageInput, toWireToolMessages } from "./tool-message.js";

/**
 * What a tool mock answers: a list of messages (one value for every call), a list of such lists (one per call),
 * a function of the call, an async generator of messages (faults may be yielded between them), a fault, or
 * {@link perCall}.
 */
export type ToolAnswer =
  | readonly ToolMessageInput[]
  | readonly (readonly ToolMessageInput[] | Fault)[]
  | AsyncIterable<ToolMessageInput | Fault>
  | ((call: RecordedCall) => Awaitable<ToolAnswer>)
  | Fault
  | PerCall<ToolAnswer>;

/**
 * What a Parameter Extractor or Question Classifier mock answers: a node response (missing objects become `{}`),
 * an array of them (one per call), a function of the call, a fault, or {@link perCall}.
 */
export type NodeAnswer =
  | NodeResponseInput
  | readonly NodeAnswer[]
  | ((call: RecordedCall) => Awaitable<NodeAnswer>)
  | Fault
  | PerCall<NodeAnswer>;

/**
 * What a generic mock (`onInvoke`) answers: an array streams each element as one `response` event (`"stream"`),
 * any other value is one `"struct"` response; or a function of the call, an async generator (streamed), a fault,
 * or {@link perCall}.
 */
export type InvokeAnswer = unknown;

/** Options of {@link MockDify}. */
export interface MockDifyOptions {
  /**
   * The manifest's `resource.permission`: calls of types it does not enable get the daemon's permission-denied
   * answer. Absent: every call is allowed. A fake daemon that received a manifest at registration uses that one.
   */
  permissions?: ManifestPermissions;
  /** Answer unmocked Parameter Extractor / Question Classifier calls with the defaults (default false). */
  nodeDefaults?: boolean;
  /**
   * Deliver tool `blob` answers as 8192-byte `blob_chunk` messages plus a terminator, as a plugin sees chunked
   * blobs (default true); false sends one `blob` message.
   */
  chunkBlobs?: boolean;
}

/** One registered answer and the calls it received. */
export interface MockHandle {
  /** What it answers, e.g. `tool builtin/google/search`. */
  readonly description: string;
  /** Every call this answer received, in order. */
  readonly calls: readonly RecordedCall[];
}

/** Context the daemon end passes with each call. */
export interface AnswerContext {
  /** Permissions of the registered manifest; wins over {@link MockDifyOptions.permissions}. */
  permissions?: ManifestPermissions | undefined;
}

interface Entry {
  readonly description: string;
  readonly calls: RecordedCall[];
  readonly answer: unknown;
  readonly codec: AnswerCodec;
}

/**
 * A programmable Dify for reverse calls. Register answers per invoke type (tools by provider type, provider and
 * tool name); every call is recorded with its full request on {@link MockDify.calls} and on the answer's own
 * `calls`. A call nobody answers gets a daemon error `not mocked: ...` and is listed on {@link MockDify.unmocked}.
 */
export class MockDify {
  /** Every reverse call received, in order. */
  readonly calls: RecordedCall[] = [];
  /** Calls nobody answered (they got a `not mocked: ...` daemon error). */
  readonly unmocked: RecordedCall[] = [];

  private readonly options: MockDifyOptions;
  private readonly tools = new Map<string, Entry>();
  private readonly byType = new Map<string, Entry>();

  constructor(options: MockDifyOptions = {}) {
    this.options = options;
  }

  /** Answers tool calls to `providerType/provider/toolName` (`providerType`: builtin, workflow, api, mcp). */
  tool(providerType: string, provider: string, toolName: string, answer: ToolAnswer): MockHandle {
    const entry = this.entry(`tool ${providerType}/${provider}/${toolName}`, answer, this.toolCodec());
    this.tools.set(toolKey(providerType, provider, toolName), entry);
    return entry;
  }

  /** Answers Parameter Extractor calls; without `answer`, with dummy values of each parameter's type. */
  parameterExtractor(answer?: NodeAnswer): MockHandle {
    return this.onType(
      "node_parameter_extractor",
      answer ?? ((call: RecordedCall) => defaultExtractorResponse(call.request)),
      nodeCodec,
    );
  }

  /** Answers Question Classifier calls; without `answer`, the first class wins. */
  questionClassifier(answer?: NodeAnswer): MockHandle {
    return this.onType(
      "node_question_classifier",
      answer ?? ((call: RecordedCall) => defaultClassifierResponse(call.request)),
      nodeCodec,
    );
  }

  /**
   * Answers every call of `type` (any invoke type, e.g. `llm`, `storage`, `app`); feature packages plug their mocks
   * in here. For `tool`, it answers tools that have no specific answer.
   */
  onInvoke(type: string, answer: InvokeAnswer): MockHandle {
    return this.onType(type, answer, genericCodec);
  }

  /** Calls of one invoke type. */
  callsOf(type: string): RecordedCall[] {
    return this.calls.filter((call) => call.type === type);
  }

  /** Throws {@link NotMockedError} listing every call nobody answered. */
  assertAllMocked(): void {
    if (this.unmocked.length > 0) throw new NotMockedError(this.unmocked.map((call) => call.description));
  }

  /** Forgets recorded calls (answers stay registered). */
  clearCalls(): void {
    this.calls.length = 0;
    this.unmocked.length = 0;
    for (const entry of [...this.tools.values(), ...this.byType.values()]) entry.calls.length = 0;
  }

  /**
   * Records a call and returns the steps answering it. Used by the daemon ends (in-memory harness, TCP, stdio);
   * tests normally do not call it.
   */
  answer(
    incoming: IncomingCall,
    context: AnswerContext = {},
  ): { call: RecordedCall; steps: AsyncIterable<ReplyStep> } {
    const call: RecordedCall = {
      index: this.calls.length,
      type: incoming.type,
      request: incoming.request,
      sessionId: incoming.sessionId,
      backwardsRequestId: incoming.backwardsRequestId,
      userId: incoming.userId,
      description: describeCall(incoming.type, incoming.request),
      outcome: "answered",
    };
    this.calls.push(call);

    const permissions = context.permissions ?? this.options.permissions;
    const denied = permissions ? checkPermission(call.type, permissions) : undefined;
    if (denied !== undefined) {
      call.outcome = "permission_denied";
      return { call, steps: once({ kind: "error", message: denied }) };
    }

    const entry = this.find(call);
    if (!entry) {
      const fallback = this.nodeDefault(call);
      if (fallback) {
        call.outcome = "default";
        return { call, steps: once({ kind: "response", message: "struct", data: fallback }) };
      }
      call.outcome = "not_mocked";
      this.unmocked.push(call);
      return { call, steps: once({ kind: "error", message: `not mocked: ${call.description}` }) };
    }
    entry.calls.push(call);
    const steps = guard(
      answerSteps(entry.answer, call, entry.codec, entry.calls.length - 1, () =>
        permissionDeniedText(call.type),
      ),
      entry.description,
    );
    return { call, steps };
  }

  private find(call: RecordedCall): Entry | undefined {
    if (call.type === "tool") {
      const request = call.request;
      const specific = this.tools.get(
        toolKey(String(request.tool_type), String(request.provider), String(request.tool)),
      );
      if (specific) return specific;
    }
    return this.byType.get(call.type);
  }

  private nodeDefault(call: RecordedCall): unknown {
    if (!this.options.nodeDefaults) return undefined;
    if (call.type === "node_question_classifier") return defaultClassifierResponse(call.request);
    if (call.type === "node_parameter_extractor") return defaultExtractorResponse(call.request);
    return undefined;
  }

  private onType(type: string, answer: unknown, codec: AnswerCodec): MockHandle {
    const entry = this.entry(type, answer, codec);
    this.byType.set(type, entry);
    return entry;
  }

  private entry(description: string, answer: unknown, codec: AnswerCodec): Entry {
    return { description, calls: [], answer, codec };
  }

  private toolCodec(): AnswerCodec {
    const chunk = this.options.chunkBlobs ?? true;
    const item = function* (message: unknown): Iterable<ReplyStep> {
      for (const wire of toWireToolMessages(message as ToolMessageInput, chunk)) {
        yield { kind: "response", message: "stream", data: wire };
      }
    };
    return {
      value: function* (value) {
        if (!Array.isArray(value)) {
          throw new TypeError(`a tool answer must be an array of messages, got ${JSON.stringify(value)}`);
        }
        for (const message of value) yield* item(message);
      },
      item,
      isPerCallArray: (value) => value.every((element) => Array.isArray(element) || isFault(element)),
    };
  }
}

const nodeCodec: AnswerCodec = {
  value: function* (value) {
    yield { kind: "response", message: "struct", data: toNodeResponse(value as NodeResponseInput) };
  },
  item: function* (item) {
    yield { kind: "response", message: "struct", data: toNodeResponse(item as NodeResponseInput) };
  },
  isPerCallArray: () => true,
};

const genericCodec: AnswerCodec = {
  value: function* (value) {
    if (Array.isArray(value)) {
      for (const item of value) yield { kind: "response", message: "stream", data: item };
      return;
    }
    yield { kind: "response", message: "struct", data: value };
  },
  item: function* (item) {
    yield { kind: "response", message: "stream", data: item };
  },
  isPerCallArray: () => false,
};

function toolKey(providerType: string, provider: string, tool: string): string {
  return `${providerType}\u0000${provider}\u0000${tool}`;
}

async function* once(step: ReplyStep): AsyncGenerator<ReplyStep> {
  yield step;
}

// A mock function that throws, or an answer of the wrong shape, becomes a daemon error naming the mock, so the
// plugin sees a failed call and the test sees why.
async function* guard(steps: AsyncIterable<ReplyStep>, description: string): AsyncGenerator<ReplyStep> {
  try {
    yield* steps;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    yield { kind: "error", message: `mock ${description} failed: ${text}` };
  }
}
