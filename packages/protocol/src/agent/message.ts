import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";
import {
  type KnownToolInvokeMessage,
  KnownToolInvokeMessageSchema,
  TOOL_MESSAGE_TYPES,
  type ToolInvokeMessageWire,
} from "../messages/invoke-message.js";

/**
 * An agent strategy's output message (`AgentInvokeMessage`): the same `{ type, message, meta }` union as a tool's
 * (§6). Parse with it to read messages; build the wire form as {@link AgentInvokeMessageWire}.
 */
export const AgentInvokeMessageSchema = KnownToolInvokeMessageSchema;

/** A parsed agent message. */
export type AgentInvokeMessage = KnownToolInvokeMessage;

/** An agent message as it travels (blobs base64). */
export type AgentInvokeMessageWire = ToolInvokeMessageWire;

/**
 * One `stream` item of an `invoke_agent_strategy` reply as the daemon checks it (`AgentStrategyResponseChunk`,
 * `pkg/entities/agent_entities/agent.go`): `type` one of the §6 types, `message` and `meta` objects (or null). The
 * payload inside `message` is checked by Dify, not the daemon; use {@link AgentInvokeMessageSchema} for that.
 */
export const AgentStrategyResponseChunkSchema = lazySchema(() =>
  z.strictObject(
    {
      type: z.enum(TOOL_MESSAGE_TYPES, { error: `type must be one of ${TOOL_MESSAGE_TYPES.join(", ")}` }),
      message: z.record(z.string(), z.unknown(), { error: "message must be an object" }).nullish(),
      meta: z.record(z.string(), z.unknown(), { error: "meta must be an object" }).nullish(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown key(s) ${issue.keys.join(", ")}: a message is { type, message, meta }`
          : undefined,
    },
  ),
);

/** An agent reply item as sent. */
export type AgentStrategyResponseChunk = z.infer<typeof AgentStrategyResponseChunkSchema>;

// Blob reassembly for agent sessions (§6.3, `internal/core/io_tunnel/agent_service.go`): the Python SDK sends agent
// blobs whole, but the daemon also accepts `blob_chunk` items and joins them (keyed by `id`, in arrival order;
// `sequence` is not checked), emitting one `blob` on the `end: true` chunk, whose own `blob` is ignored. A chunk
// missing `id`, `total_length`, `blob` or `end` (or with a wrong JSON type) is skipped; bad base64 fails the session.

/** Largest decoded `blob_chunk` piece the daemon accepts in an agent session (`single file chunk is too large`). */
export const AGENT_BLOB_CHUNK_MAX_BYTES = 8192;

/**
 * Largest blob the daemon reassembles in an agent session (`file is too large`): 15 MiB. The check runs before
 * each piece is appended, so at most one more piece slips past it; stay at or under this size.
 */
export const AGENT_BLOB_MAX_BYTES = 15 * 1024 * 1024;

/**
 * Keys of a `log` message's `metadata` that Dify shows (the Python SDK's `LogMetadata`,
 * `entities/provider_config.py`).
 */
export const LOG_METADATA_KEYS = [
  "started_at",
  "finished_at",
  "elapsed_time",
  "total_price",
  "total_tokens",
  "provider",
  "currency",
] as const;

/** One known log metadata key. */
export type LogMetadataKey = (typeof LOG_METADATA_KEYS)[number];

/**
 * A `log` message's `metadata` (every key optional, others kept): `started_at` / `finished_at` timestamps and
 * `elapsed_time` in seconds (the official agent plugins use a monotonic clock, so only differences are meaningful),
 * `total_price` (number or decimal text) with its `currency`, `total_tokens`, and the model or tool `provider`.
 */
export const LogMetadataSchema = lazySchema(() =>
  z.looseObject({
    started_at: z.number({ error: "started_at must be a number of seconds" }).nullish(),
    finished_at: z.number({ error: "finished_at must be a number of seconds" }).nullish(),
    elapsed_time: z.number({ error: "elapsed_time must be a number of seconds" }).nullish(),
    total_price: z
      .union([z.number(), z.string()], { error: "total_price must be a number or decimal text" })
      .nullish(),
    total_tokens: z.number().int("total_tokens must be an integer").nullish(),
    provider: z.string({ error: "provider must be a string" }).nullish(),
    currency: z.string({ error: "currency must be a string" }).nullish(),
  }),
);

/** A log message's metadata. */
export type LogMetadata = z.infer<typeof LogMetadataSchema>;
