import type { InvokeType, ToolProviderType } from "@x/protocol";
import { CassetteReplay, type CassetteSource, type ReplayOptions } from "../cassette/cassette-replay.js";
import type { CassetteMismatchError } from "../errors/cassette-mismatch-error.js";
import { NotMockedError } from "../errors/not-mocked-error.js";
import { type Answer, type AnswerCodec, type Awaitable, answerSteps } from "./answer.js";
import { defaultAppAnswer, defaultFetchAppAnswer, defaultUploadFileAnswer } from "./app-defaults.js";
import { type DelayFault, type Fault, isFault } from "./fault.js";
import {
  defaultLlmAnswer,
  defaultModerationAnswer,
  defaultMultimodalEmbeddingAnswer,
  defaultMultimodalRerankAnswer,
  defaultRerankAnswer,
  defaultSpeech2TextAnswer,
  defaultStructuredOutputAnswer,
  defaultSummaryAnswer,
  defaultTextEmbeddingAnswer,
  defaultTtsAnswer,
} from "./model-defaults.js";
import {
  defaultClassifierResponse,
  defaultExtractorResponse,
  type NodeInvokeType,
  type NodeResponseInput,
  toNodeResponse,
} from "./node-defaults.js";
import type { PerCall } from "./per-call.js";
import { checkPermission, type ManifestPermissions, permissionDeniedText } from "./permissions.js";
import { describeCall, type IncomingCall, type RecordedCall } from "./recorded-call.js";
import type { ReplyStep } from "./reply-step.js";
import { MemoryStorage } from "./storage-mock.js";
import { type ToolMessageInput, toWireToolMessages } from "./tool-message.js";

/**
 * What a tool mock (`dify.tool`) answers: a list of messages (one value for every call), a list of such lists (one
 * per call), a function of the call, an async generator of messages (faults may be yielded between them), a fault,
 * or {@link perCall}.
 */
export type ToolAnswer =
  | readonly ToolMessageInput[]
  | readonly (readonly ToolMessageInput[] | Fault)[]
  | AsyncIterable<ToolMessageInput | Fault>
  | ((call: RecordedCall<"tool">) => Awaitable<ToolAnswer>)
  | Fault<never>
  | DelayFault<ToolAnswer>
  | PerCall<ToolAnswer>;

/**
 * What a Parameter Extractor or Question Classifier mock answers: a node response (missing objects become `{}`),
 * an array of answers (one per call), a function of the call, a fault, or {@link perCall}.
 */
export type NodeAnswer<T extends NodeInvokeType = NodeInvokeType> = T extends NodeInvokeType
  ?
      | NodeResponseInput
      | readonly NodeAnswer<T>[]
      | ((call: RecordedCall<T>) => Awaitable<NodeAnswer<T>>)
      | AsyncIterable<NodeResponseInput | Fault>
      | Fault<never>
      | DelayFault<NodeAnswer<T>>
      | PerCall<NodeAnswer<T>>
  : never;

/** @deprecated Use {@link Answer}: `Answer<"llm">` is what `onInvoke("llm", ...)` takes; no `T`, any type's. */
export type InvokeAnswer<T extends InvokeType = InvokeType> = Answer<T>;

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

/** One registered answer and the calls it received, typed by invoke type (`calls[0]?.request.prompt_messages`). */
export interface MockHandle<T extends InvokeType = InvokeType> {
  /** What it answers, e.g. `tool builtin/google/search`. */
  readonly description: string;
  /** Every call this answer received, in order. */
  readonly calls: readonly RecordedCall<T>[];
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
 * tool name) with the typed helpers (`llm`, `textEmbedding`, `app`, `storage`, `parameterExtractor`, ...) or
 * `onInvoke(type, answer)`; every call is recorded with its full request on {@link MockDify.calls} and on the
 * answer's own `calls`. A call nobody answers gets a daemon error `not mocked: ...` and is listed on
 * {@link MockDify.unmocked}. Answers and requests are typed from `@x/protocol` per invoke type; `onInvokeRaw`
 * is the untyped escape hatch.
 */
export class MockDify {
  /** Every reverse call received, in order; narrow one with `call.type === "llm"`. */
  readonly calls: RecordedCall[] = [];
  /** Calls nobody answered (they got a `not mocked: ...` daemon error). */
  readonly unmocked: RecordedCall[] = [];

  /** The cassettes being replayed ({@link MockDify.replay}), in the order they were added. */
  readonly replays: CassetteReplay[] = [];

  private readonly options: MockDifyOptions;
  private readonly tools = new Map<string, Entry>();
  private readonly byType = new Map<string, Entry>();
  private readonly mismatched = new WeakMap<RecordedCall, CassetteMismatchError>();

  constructor(options: MockDifyOptions = {}) {
    this.options = options;
  }

  /** A MockDify answering from a cassette (see {@link MockDify.replay}). */
  static fromCassette(cassette: CassetteSource, options: ReplayOptions & MockDifyOptions = {}): MockDify {
    const { match, unused, repeat, ...mockOptions } = options;
    const dify = new MockDify(mockOptions);
    dify.replay(cassette, {
      ...(match === undefined ? {} : { match }),
      ...(unused === undefined ? {} : { unused }),
      ...(repeat === undefined ? {} : { repeat }),
    });
    return dify;
  }

  /**
   * Answers reverse calls from a cassette (a `Cassette`, a file path or a `file:` URL; `x-plugin dev --record`
   * writes them): each call takes the recorded answer `options.match` finds (default `exact`: same type, equal
   * request). Cassettes are tried before registered answers; a call no cassette matches goes to them, and when none
   * answers either, the plugin gets a daemon error and a strict harness rejects with `CassetteMismatchError`
   * (nearest recorded call and a diff). Closing a harness checks every recorded call was used (`unused: "allow"`
   * opts out).
   */
  replay(cassette: CassetteSource, options: ReplayOptions = {}): CassetteReplay {
    const replay = new CassetteReplay(cassette, options);
    this.replays.push(replay);
    return replay;
  }

  /** Throws `CassetteUnusedError` when a replayed cassette has recorded calls never made (see `unused`). */
  assertCassettesUsed(): void {
    for (const replay of this.replays) replay.assertAllUsed();
  }

  /** The mismatch error of a call no cassette matched (outcome `replay_mismatch`), if it is one. */
  mismatchOf(call: RecordedCall): CassetteMismatchError | undefined {
    return this.mismatched.get(call);
  }

  /**
   * Answers tool calls to `providerType/provider/toolName`. `providerType` is one the daemon accepts (builtin,
   * workflow, api, mcp: the `tool_type` validator of pkg/entities/requests/tool.go).
   */
  tool(
    providerType: ToolProviderType,
    provider: string,
    toolName: string,
    answer: ToolAnswer,
  ): MockHandle<"tool"> {
    const entry = this.entry(`tool ${providerType}/${provider}/${toolName}`, answer, this.toolCodec());
    this.tools.set(toolKey(providerType, provider, toolName), entry);
    return entry as MockHandle<"tool">;
  }

  /** Answers Parameter Extractor calls; without `answer`, with dummy values of each parameter's type. */
  parameterExtractor(
    answer?: NodeAnswer<"node_parameter_extractor">,
  ): MockHandle<"node_parameter_extractor"> {
    return this.onType(
      "node_parameter_extractor",
      answer ?? ((call: RecordedCall<"node_parameter_extractor">) => defaultExtractorResponse(call.request)),
      nodeCodec,
    );
  }

  /** Answers Question Classifier calls; without `answer`, the first class wins. */
  questionClassifier(
    answer?: NodeAnswer<"node_question_classifier">,
  ): MockHandle<"node_question_classifier"> {
    return this.onType(
      "node_question_classifier",
      answer ?? ((call: RecordedCall<"node_question_classifier">) => defaultClassifierResponse(call.request)),
      nodeCodec,
    );
  }

  /** Answers `llm` calls; without `answer`, the daemon mock's "hello world world ! !" stream ({@link defaultLlmAnswer}). */
  llm(answer: Answer<"llm"> = defaultLlmAnswer): MockHandle<"llm"> {
    return this.onInvoke("llm", answer);
  }

  /** Answers `llm_structured_output` calls; without `answer`, a sample of the requested schema. */
  llmStructuredOutput(
    answer: Answer<"llm_structured_output"> = defaultStructuredOutputAnswer,
  ): MockHandle<"llm_structured_output"> {
    return this.onInvoke("llm_structured_output", answer);
  }

  /** Answers `text_embedding` calls; without `answer`, one 10-dimension vector per text. */
  textEmbedding(answer: Answer<"text_embedding"> = defaultTextEmbeddingAnswer): MockHandle<"text_embedding"> {
    return this.onInvoke("text_embedding", answer);
  }

  /** Answers `multimodal_embedding` calls; without `answer`, one 10-dimension vector per document. */
  multimodalEmbedding(
    answer: Answer<"multimodal_embedding"> = defaultMultimodalEmbeddingAnswer,
  ): MockHandle<"multimodal_embedding"> {
    return this.onInvoke("multimodal_embedding", answer);
  }

  /** Answers `rerank` calls; without `answer`, every doc in the order sent, score 0.1. */
  rerank(answer: Answer<"rerank"> = defaultRerankAnswer): MockHandle<"rerank"> {
    return this.onInvoke("rerank", answer);
  }

  /** Answers `multimodal_rerank` calls; without `answer`, every doc in the order sent, score 0.1. */
  multimodalRerank(
    answer: Answer<"multimodal_rerank"> = defaultMultimodalRerankAnswer,
  ): MockHandle<"multimodal_rerank"> {
    return this.onInvoke("multimodal_rerank", answer);
  }

  /** Answers `tts` calls; without `answer`, ten chunks of hex audio. */
  tts(answer: Answer<"tts"> = defaultTtsAnswer): MockHandle<"tts"> {
    return this.onInvoke("tts", answer);
  }

  /** Answers `speech2text` calls; without `answer`, `hello world`. */
  speech2text(answer: Answer<"speech2text"> = defaultSpeech2TextAnswer): MockHandle<"speech2text"> {
    return this.onInvoke("speech2text", answer);
  }

  /** Answers `moderation` calls; without `answer`, flagged (`{ result: true }`, as the daemon mock). */
  moderation(answer: Answer<"moderation"> = defaultModerationAnswer): MockHandle<"moderation"> {
    return this.onInvoke("moderation", answer);
  }

  /** Answers `system_summary` calls; without `answer`, the text itself. */
  summary(answer: Answer<"system_summary"> = defaultSummaryAnswer): MockHandle<"system_summary"> {
    return this.onInvoke("system_summary", answer);
  }

  /** Answers `app` calls; without `answer`, the daemon mock's agent events (blocking: one chat answer). */
  app(answer: Answer<"app"> = defaultAppAnswer): MockHandle<"app"> {
    return this.onInvoke("app", answer);
  }

  /** Answers `fetch_app` calls; without `answer`, `{ name: "test" }`. */
  fetchApp(answer: Answer<"fetch_app"> = defaultFetchAppAnswer): MockHandle<"fetch_app"> {
    return this.onInvoke("fetch_app", answer);
  }

  /**
   * Answers `storage` calls; without `answer`, with a fresh {@link MemoryStorage} (the daemon's persistence rules);
   * pass your own `new MemoryStorage(quota)` to read `store.values` afterwards.
   */
  storage(answer: Answer<"storage"> | MemoryStorage = new MemoryStorage()): MockHandle<"storage"> {
    return this.onInvoke("storage", answer instanceof MemoryStorage ? answer.answer : answer);
  }

  /** Answers `upload_file` calls; without `answer`, a signed URL on the reserved `.invalid` domain. */
  uploadFile(answer: Answer<"upload_file"> = defaultUploadFileAnswer): MockHandle<"upload_file"> {
    return this.onInvoke("upload_file", answer);
  }

  /**
   * Answers every call of invoke type `type` with wire reply items (`InvokeReply<T>` of `@x/protocol`): an array
   * streams each element as one `response` event (`"stream"`), any other value is one `"struct"` response. For
   * `tool`, it answers tools that have no specific answer (items are sent as given: blobs as base64 text).
   */
  onInvoke<T extends InvokeType>(type: T, answer: NoInfer<Answer<T>>): MockHandle<T> {
    return this.onType(type, answer, genericCodec);
  }

  /**
   * The untyped escape hatch: like {@link onInvoke}, but `type` may be any string and `answer` anything, sent as
   * given. For tests of the plugin's handling of replies the schemas would reject (a chunk without `model`, a
   * storage reply with a number), of invoke types the daemon does not know, or answers read from JSON.
   */
  onInvokeRaw<T extends string>(type: T, answer: unknown): MockHandle<T extends InvokeType ? T : InvokeType> {
    return this.onType(type, answer, genericCodec) as MockHandle<T extends InvokeType ? T : InvokeType>;
  }

  /** Calls of one invoke type, typed (`dify.callsOf("llm")[0]?.request.prompt_messages`). */
  callsOf<T extends InvokeType>(type: T): RecordedCall<T>[] {
    return this.calls.filter((call): call is RecordedCall<T> => call.type === type);
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
    // Recorded as received: the type says what a well-behaved plugin sends, nothing is validated.
    const call = {
      index: this.calls.length,
      type: incoming.type,
      request: incoming.request,
      sessionId: incoming.sessionId,
      backwardsRequestId: incoming.backwardsRequestId,
      userId: incoming.userId,
      description: describeCall(incoming.type, incoming.request),
      outcome: "answered",
    } as RecordedCall;
    this.calls.push(call);

    const permissions = context.permissions ?? this.options.permissions;
    const denied = permissions ? checkPermission(call.type, permissions) : undefined;
    if (denied !== undefined) {
      call.outcome = "permission_denied";
      return { call, steps: once({ kind: "error", message: denied }) };
    }

    let mismatch: { replay: CassetteReplay; error: CassetteMismatchError } | undefined;
    for (const replay of this.replays) {
      const found = replay.answer(incoming);
      if ("steps" in found) {
        call.outcome = "replayed";
        return { call, steps: fromArray(found.steps) };
      }
      mismatch ??= { replay, error: found.mismatch };
    }

    const entry = this.find(incoming);
    if (!entry) {
      const fallback = this.nodeDefault(call);
      if (fallback) {
        call.outcome = "default";
        return { call, steps: once({ kind: "response", message: "struct", data: fallback }) };
      }
      if (mismatch) {
        call.outcome = "replay_mismatch";
        this.mismatched.set(call, mismatch.error);
        mismatch.replay.mismatches.push(mismatch.error);
        return {
          call,
          steps: once({ kind: "error", message: `replay: no recorded call matches ${call.description}` }),
        };
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

  private find(incoming: IncomingCall): Entry | undefined {
    if (incoming.type === "tool") {
      const request = incoming.request;
      const specific = this.tools.get(
        toolKey(String(request.tool_type), String(request.provider), String(request.tool)),
      );
      if (specific) return specific;
    }
    return this.byType.get(incoming.type);
  }

  private nodeDefault(call: RecordedCall): unknown {
    if (!this.options.nodeDefaults) return undefined;
    if (call.type === "node_question_classifier") return defaultClassifierResponse(call.request);
    if (call.type === "node_parameter_extractor") return defaultExtractorResponse(call.request);
    return undefined;
  }

  private onType<T extends InvokeType>(type: string, answer: unknown, codec: AnswerCodec): MockHandle<T> {
    const entry = this.entry(type, answer, codec);
    this.byType.set(type, entry);
    return entry as unknown as MockHandle<T>;
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

async function* fromArray(steps: readonly ReplyStep[]): AsyncGenerator<ReplyStep> {
  yield* steps;
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
