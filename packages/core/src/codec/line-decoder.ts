import { FrameTooLargeError } from "../errors/frame-too-large-error.js";
import { ProtocolError } from "../errors/protocol-error.js";
import { DEFAULT_MAX_INBOUND_LINE } from "./limits.js";

const NEWLINE = 0x0a;
const CR = 0x0d;
const EXCERPT_BYTES = 256;
/** Where V8 says the input went wrong, e.g. `at position 12 (line 1 column 13)`. */
const POSITION = /at position (\d+)/;

/** Callbacks of a {@link LineDecoder}. */
export interface LineDecoderHandlers {
  /** One parsed JSON value and the byte length of its line. */
  onFrame(frame: unknown, bytes: number): void;
  /** A line that was too long or not JSON. Decoding goes on with the next line. */
  onError(error: ProtocolError | FrameTooLargeError): void;
}

/**
 * Splits a byte stream into newline-delimited JSON frames.
 * Splits on bytes, not characters, so a multi-byte UTF-8 character cut across two reads is decoded whole.
 * Blank lines and a trailing `\r` are ignored. A line over `maxLine` is reported once and skipped, never buffered.
 */
export class LineDecoder {
  private readonly maxLine: number;
  private readonly handlers: LineDecoderHandlers;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;

  constructor(handlers: LineDecoderHandlers, options: { maxLine?: number } = {}) {
    this.handlers = handlers;
    this.maxLine = options.maxLine ?? DEFAULT_MAX_INBOUND_LINE;
  }

  /** Bytes of an unfinished line held in memory. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /** Feeds one chunk read from the stream. */
  push(chunk: Buffer | Uint8Array | string): void {
    const buf =
      typeof chunk === "string"
        ? Buffer.from(chunk, "utf8")
        : Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(chunk);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(NEWLINE, start);
      if (nl === -1) {
        this.keep(buf, start, buf.length);
        return;
      }
      if (this.skipping) {
        this.skipping = false;
      } else if (this.pendingBytes === 0) {
        this.line(buf, start, nl);
      } else {
        if (this.pendingBytes + (nl - start) > this.maxLine) {
          this.tooLarge(this.pendingBytes + (nl - start));
        } else {
          this.pending.push(buf.subarray(start, nl));
          const whole = Buffer.concat(this.pending, this.pendingBytes + (nl - start));
          this.pending = [];
          this.pendingBytes = 0;
          this.line(whole, 0, whole.length);
        }
      }
      this.pending = [];
      this.pendingBytes = 0;
      start = nl + 1;
    }
  }

  /** Ends the stream: a final line without a newline is still decoded. */
  end(): void {
    if (this.pendingBytes > 0 && !this.skipping) {
      const whole = Buffer.concat(this.pending, this.pendingBytes);
      this.line(whole, 0, whole.length);
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }

  private keep(buf: Buffer, start: number, end: number): void {
    if (this.skipping || start === end) return;
    const size = this.pendingBytes + (end - start);
    if (size > this.maxLine) {
      this.tooLarge(size);
      this.skipping = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    // Copy: the caller may reuse its read buffer.
    this.pending.push(Buffer.from(buf.subarray(start, end)));
    this.pendingBytes = size;
  }

  private tooLarge(size: number): void {
    this.handlers.onError(new FrameTooLargeError("inbound", size, this.maxLine));
  }

  private line(buf: Buffer, start: number, end: number): void {
    let stop = end;
    if (stop > start && buf[stop - 1] === CR) stop--;
    if (stop - start > this.maxLine) {
      this.tooLarge(stop - start);
      return;
    }
    if (stop === start) return;
    const text = buf.toString("utf8", start, stop);
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch (cause) {
      // Blank lines are checked only here: a trim() of every line was a copy per frame on the hot path.
      if (text.trim() === "") return;
      this.handlers.onError(
        new ProtocolError(`invalid JSON line: ${describeJsonError(cause)}`, {
          cause,
          excerpt: text.slice(0, EXCERPT_BYTES),
        }),
      );
      return;
    }
    this.handlers.onFrame(frame, end - start + 1);
  }
}

/**
 * What was wrong with a line, never its content: V8's messages quote the start of the input (`"{"x": abc"... is
 * not valid JSON`) or the offending character, and a daemon line may hold credentials. Only the kind of error and
 * the position are kept.
 */
function describeJsonError(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  const position = POSITION.exec(text)?.[1];
  const kind = /end of JSON input/.test(text) ? "the line ends inside a JSON value" : "not valid JSON";
  return position === undefined ? kind : `${kind} at position ${position}`;
}
