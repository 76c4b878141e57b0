import type { SecretValues } from "@x/core/internal";
import type { ReplyStep } from "../mock/reply-step.js";
import {
  type CassetteBlob,
  type CassetteBlobChunks,
  type CassetteEntry,
  type CassetteReplyItem,
  REDACTED,
} from "./cassette-schema.js";

/**
 * Keys whose values are credentials wherever they appear: each string under them becomes `[redacted]`. Narrower
 * than the logger's key rule on purpose: `max_tokens` and `prompt_tokens` are model data, not secrets.
 */
export const CREDENTIAL_KEY =
  /^(credentials?|\w*_credentials?|\w*secret\w*|password|passwd|api[-_]?key|\w+_api[-_]?key|token|access[-_]?token|refresh[-_]?token|auth[-_]?token|authorization|x-api-key|private[-_]?key)$/i;

/** A `backwards_response` event as the recorder keeps it before encoding (§2.5). */
export type RawReplyEvent =
  | { readonly kind: "response"; readonly message: string; readonly data: unknown }
  | { readonly kind: "error"; readonly message: string };

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for a compact blob marker (`{ $blob, wire, bytes }`). */
export function isCassetteBlob(value: unknown): value is CassetteBlob {
  return (
    isRecord(value) && typeof value.$blob === "string" && (value.wire === "base64" || value.wire === "hex")
  );
}

function blobOf(text: string, wire: "base64" | "hex"): CassetteBlob | string {
  const bytes = Buffer.from(text, wire);
  // Only when the text is exactly what re-encoding gives back: anything else is kept as sent.
  if (bytes.toString(wire) !== text) return text;
  return { $blob: bytes.toString("base64"), wire, bytes: bytes.length };
}

function wireOf(blob: CassetteBlob): string {
  return Buffer.from(blob.$blob, "base64").toString(blob.wire);
}

/** Masks a value for a cassette: strings under credential keys, and every known secret value inside any string. */
export function maskValue(value: unknown, secrets: SecretValues, underKey = false): unknown {
  if (typeof value === "string") return underKey ? REDACTED : secrets.mask(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, secrets, underKey));
  if (!isRecord(value)) return value;
  if (isCassetteBlob(value)) return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = maskValue(item, secrets, underKey || CREDENTIAL_KEY.test(key));
  }
  return out;
}

// Where reverse calls carry bytes (§4.4, §6.2): tool blob messages (base64), tts results and speech2text files (hex).
function encodeReplyData(type: string, data: unknown): unknown {
  if (!isRecord(data)) return data;
  if (type === "tool" && (data.type === "blob" || data.type === "blob_chunk") && isRecord(data.message)) {
    const blob = data.message.blob;
    if (typeof blob === "string" && blob.length > 0)
      return { ...data, message: { ...data.message, blob: blobOf(blob, "base64") } };
  }
  if (type === "tts" && typeof data.result === "string" && data.result.length > 0)
    return { ...data, result: blobOf(data.result, "hex") };
  return data;
}

function encodeRequest(type: string, request: Json): Json {
  if (type === "speech2text" && typeof request.file === "string" && request.file.length > 0)
    return { ...request, file: blobOf(request.file, "hex") };
  return request;
}

/** Turns stored values back into wire values: every compact blob becomes the exact string the wire carried. */
export function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (!isRecord(value)) return value;
  if (isCassetteBlob(value)) return wireOf(value);
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) out[key] = decodeValue(item);
  return out;
}

function chunkMessages(run: CassetteBlobChunks): Json[] {
  const bytes = Buffer.from(run.blob.$blob, "base64");
  const out: Json[] = [];
  let sequence = 0;
  for (let offset = 0; offset < bytes.length; offset += run.chunk_size, sequence++) {
    const piece = bytes.subarray(offset, offset + run.chunk_size).toString("base64");
    const message = { id: run.id, sequence, total_length: run.total_length, blob: piece, end: false };
    out.push({ type: "blob_chunk", message, meta: run.meta });
  }
  const end = { id: run.id, sequence, total_length: run.total_length, blob: "", end: true };
  out.push({ type: "blob_chunk", message: end, meta: run.meta });
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// A run of blob_chunk stream items starting at `start` that re-chunking reproduces exactly, or undefined.
function chunkRun(
  events: readonly RawReplyEvent[],
  start: number,
): { run: CassetteBlobChunks; length: number } | undefined {
  const first = events[start];
  if (first?.kind !== "response" || first.message !== "stream" || !isRecord(first.data)) return undefined;
  if (first.data.type !== "blob_chunk" || !isRecord(first.data.message)) return undefined;
  const { id, total_length: total, blob } = first.data.message;
  if (typeof id !== "string" || typeof total !== "number" || typeof blob !== "string") return undefined;
  const pieces: Buffer[] = [];
  let chunkSize = 0;
  for (let i = start; i < events.length; i++) {
    const event = events[i];
    if (event?.kind !== "response" || event.message !== "stream" || !isRecord(event.data)) return undefined;
    const message = event.data.message;
    if (event.data.type !== "blob_chunk" || !isRecord(message) || message.id !== id) return undefined;
    if (message.end === true) {
      const bytes = Buffer.concat(pieces);
      const run: CassetteBlobChunks = {
        id,
        total_length: total,
        chunk_size: Math.max(chunkSize, 1),
        meta: first.data.meta,
        blob: { $blob: bytes.toString("base64"), wire: "base64", bytes: bytes.length },
      };
      const recorded = events.slice(start, i + 1).map((e) => (e.kind === "response" ? e.data : undefined));
      return sameJson(chunkMessages(run), recorded) ? { run, length: i + 1 - start } : undefined;
    }
    if (typeof message.blob !== "string") return undefined;
    const piece = Buffer.from(message.blob, "base64");
    if (i === start) chunkSize = piece.length;
    pieces.push(piece);
  }
  return undefined;
}

/** Encodes a recorded call for the cassette: compact blobs, runs of blob chunks stored once, secrets masked. */
export function encodeEntry(
  input: {
    call: number;
    session: number;
    type: string;
    request: Json;
    events: readonly RawReplyEvent[];
    end: boolean;
  },
  secrets: SecretValues,
): CassetteEntry {
  const reply: CassetteReplyItem[] = [];
  for (let i = 0; i < input.events.length; i++) {
    const event = input.events[i] as RawReplyEvent;
    if (event.kind === "error") {
      reply.push({ error: secrets.mask(event.message) });
      continue;
    }
    const run = input.type === "tool" ? chunkRun(input.events, i) : undefined;
    if (run) {
      reply.push({ blob_chunks: { ...run.run, meta: maskValue(run.run.meta, secrets) } });
      i += run.length - 1;
      continue;
    }
    const data = maskValue(encodeReplyData(input.type, event.data), secrets);
    reply.push(event.message === "struct" ? { struct: data } : { stream: data });
  }
  return {
    call: input.call,
    session: input.session,
    type: input.type,
    request: maskValue(encodeRequest(input.type, input.request), secrets) as Json,
    reply,
    end: input.end,
  };
}

/** The steps replaying an entry's answer: each item as the daemon sent it, then `end` (or a hang for `end: false`). */
export function replySteps(entry: CassetteEntry): ReplyStep[] {
  const steps: ReplyStep[] = [];
  for (const item of entry.reply) {
    if ("error" in item) steps.push({ kind: "error", message: item.error });
    else if ("blob_chunks" in item) {
      for (const data of chunkMessages(item.blob_chunks))
        steps.push({ kind: "response", message: "stream", data });
    } else if ("struct" in item)
      steps.push({ kind: "response", message: "struct", data: decodeValue(item.struct) });
    else steps.push({ kind: "response", message: "stream", data: decodeValue(item.stream) });
  }
  if (!entry.end) steps.push({ kind: "hang" });
  return steps;
}
