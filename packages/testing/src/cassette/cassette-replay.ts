import { describeIssue } from "@x/core/internal";
import { CassetteFormatError } from "../errors/cassette-format-error.js";
import {
  CassetteMismatchError,
  CassetteUnusedError,
  type NearestRecordedCall,
} from "../errors/cassette-mismatch-error.js";
import { describeCall } from "../mock/recorded-call.js";
import type { ReplyStep } from "../mock/reply-step.js";
import { CREDENTIAL_KEY, decodeValue, isCassetteBlob, replySteps } from "./cassette-codec.js";
import { readCassette } from "./cassette-file.js";
import {
  type Cassette,
  type CassetteEntry,
  type CassetteInput,
  CassetteSchema,
  REDACTED,
} from "./cassette-schema.js";

/** A reverse call as the replay sees it: its invoke type and the request the plugin sent. */
export interface ReplayCall {
  /** The invoke type (`tool`, `llm`, ...). */
  readonly type: string;
  /** The `request` object as the plugin sent it. */
  readonly request: Record<string, unknown>;
}

/**
 * How a call finds its recorded answer. `exact` (default): the first unused recorded call of the same type with an
 * equal request. `in-order`: the next unused recorded call, which must be equal. `by-type`: the first unused
 * recorded call of the same type (tools: the same `tool_type/provider/tool`), whatever the request. A function:
 * the first unused recorded call it accepts. In every mode a masked value (`[redacted]`) matches any value.
 */
export type ReplayMatch =
  | "exact"
  | "in-order"
  | "by-type"
  | ((call: ReplayCall, recorded: CassetteEntry) => boolean);

/** Options of `dify.replay(cassette, options)`. */
export interface ReplayOptions {
  /** How a call finds its recorded answer (default `exact`). */
  match?: ReplayMatch;
  /**
   * `fail` (default): closing the harness (or `replay.assertAllUsed()`) throws `CassetteUnusedError` when a
   * recorded call was never made. `allow`: recorded calls may go unused.
   */
  unused?: "fail" | "allow";
  /** Let a recorded call answer again once every matching one was used (default false: each answers once). */
  repeat?: boolean;
}

/** What a cassette accepts: a parsed cassette, or a cassette file (a path or a `file:` URL). */
export type CassetteSource = CassetteInput | string | URL;

const MAX_DIFF_LINES = 12;

function parsed(input: CassetteInput): Cassette {
  const result = CassetteSchema.safeParse(input);
  if (!result.success)
    throw new CassetteFormatError("cassette", describeIssue(result.error, { subject: "cassette" }));
  return result.data;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown, masked: boolean): string {
  if (masked && value !== undefined) return REDACTED;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Appends one line per difference between a recorded value and the call's; `[redacted]` matches anything. */
function differences(recorded: unknown, actual: unknown, path: string, out: string[], masked = false): void {
  if (recorded === REDACTED) return;
  if (typeof recorded === "string" && recorded.includes(REDACTED)) {
    const pattern = new RegExp(`^${recorded.split(REDACTED).map(escapeRegExp).join("[\\s\\S]+?")}$`);
    if (typeof actual !== "string" || !pattern.test(actual))
      out.push(`${path}: recorded ${show(recorded, false)}, got ${show(actual, masked)}`);
    return;
  }
  if (isCassetteBlob(recorded)) {
    if (decodeValue(recorded) !== actual)
      out.push(`${path}: recorded ${recorded.bytes} bytes, got ${show(actual, false)}`);
    return;
  }
  if (Array.isArray(recorded) && Array.isArray(actual)) {
    const n = Math.max(recorded.length, actual.length);
    for (let i = 0; i < n; i++) {
      if (i >= recorded.length) out.push(`${path}[${i}]: not recorded, got ${show(actual[i], masked)}`);
      else if (i >= actual.length) out.push(`${path}[${i}]: recorded ${show(recorded[i], masked)}, missing`);
      else differences(recorded[i], actual[i], `${path}[${i}]`, out, masked);
    }
    return;
  }
  if (isRecord(recorded) && isRecord(actual)) {
    for (const key of new Set([...Object.keys(recorded), ...Object.keys(actual)])) {
      const under = masked || CREDENTIAL_KEY.test(key);
      const where = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
      if (!(key in actual)) out.push(`${where}: recorded ${show(recorded[key], under)}, missing`);
      else if (!(key in recorded)) out.push(`${where}: not recorded, got ${show(actual[key], under)}`);
      else differences(recorded[key], actual[key], where, out, under);
    }
    return;
  }
  if (recorded !== actual)
    out.push(`${path}: recorded ${show(recorded, masked)}, got ${show(actual, masked)}`);
}

/** The differences between a recorded call and a call, as `request.path: recorded x, got y` lines. */
export function diffCall(recorded: CassetteEntry, call: ReplayCall): string[] {
  const out: string[] = [];
  if (recorded.type !== call.type)
    out.push(`type: recorded ${show(recorded.type, false)}, got ${show(call.type, false)}`);
  differences(recorded.request, call.request, "request", out);
  return out;
}

/**
 * Answers reverse calls from a cassette (made by `dify.replay(cassette, options)`): each call takes the recorded
 * answer its {@link ReplayMatch} finds, once. A call nothing matches gets a daemon error and a
 * {@link CassetteMismatchError} (on {@link CassetteReplay.mismatches}; a strict harness rejects the request with
 * it) naming the nearest recorded call and how its request differs.
 */
export class CassetteReplay {
  /** The cassette answered from. */
  readonly cassette: Cassette;
  /** Every call nothing answered (no cassette, no registered answer), with how it differs from this cassette. */
  readonly mismatches: CassetteMismatchError[] = [];

  private readonly options: ReplayOptions;
  private readonly usedCalls = new Set<number>();

  constructor(source: CassetteSource, options: ReplayOptions = {}) {
    this.cassette =
      typeof source === "string" || source instanceof URL ? readCassette(source) : parsed(source);
    this.options = options;
  }

  /** The matching rule's name: `exact`, `in-order`, `by-type` or `custom`. */
  get match(): string {
    const match = this.options.match ?? "exact";
    return typeof match === "function" ? "custom" : match;
  }

  /** Recorded calls that answered at least once, in cassette order. */
  get used(): CassetteEntry[] {
    return this.cassette.entries.filter((_, i) => this.usedCalls.has(i));
  }

  /** Recorded calls no call has used yet, in cassette order. */
  get unused(): CassetteEntry[] {
    return this.cassette.entries.filter((_, i) => !this.usedCalls.has(i));
  }

  /** Throws {@link CassetteUnusedError} when a recorded call was never made (unless `unused: "allow"`). */
  assertAllUsed(): void {
    if (this.options.unused === "allow") return;
    const unused = this.unused.map(
      (entry) => `call ${entry.call}: ${describeCall(entry.type, entry.request)}`,
    );
    if (unused.length > 0) throw new CassetteUnusedError(unused);
  }

  /**
   * Finds the answer for `call`: the reply steps of the recorded call it matches, or the mismatch error. Used by
   * `MockDify`; tests normally do not call it.
   */
  answer(call: ReplayCall): { steps: ReplyStep[] } | { mismatch: CassetteMismatchError } {
    const actual = {
      type: call.type,
      request: JSON.parse(JSON.stringify(call.request ?? {})) as Record<string, unknown>,
    };
    const index = this.find(actual);
    if (index !== undefined) {
      this.usedCalls.add(index);
      return { steps: replySteps(this.cassette.entries[index] as CassetteEntry) };
    }
    return {
      mismatch: new CassetteMismatchError(
        describeCall(actual.type, actual.request),
        this.match,
        this.nearest(actual),
      ),
    };
  }

  private accepts(entry: CassetteEntry, call: ReplayCall): boolean {
    const match = this.options.match ?? "exact";
    if (typeof match === "function") return match(call, entry);
    if (match === "by-type")
      return describeCall(entry.type, entry.request) === describeCall(call.type, call.request);
    return entry.type === call.type && diffCall(entry, call).length === 0;
  }

  private find(call: ReplayCall): number | undefined {
    const entries = this.cassette.entries;
    const candidates = (used: boolean) =>
      entries.map((entry, i) => ({ entry, i })).filter(({ i }) => this.usedCalls.has(i) === used);
    if (this.options.match === "in-order") {
      const next = candidates(false)[0];
      if (next && this.accepts(next.entry, call)) return next.i;
    } else {
      const hit = candidates(false).find(({ entry }) => this.accepts(entry, call));
      if (hit) return hit.i;
    }
    if (this.options.repeat) return candidates(true).find(({ entry }) => this.accepts(entry, call))?.i;
    return undefined;
  }

  private nearest(call: ReplayCall): NearestRecordedCall | null {
    const entries = this.cassette.entries;
    const describe = (i: number): NearestRecordedCall => {
      const entry = entries[i] as CassetteEntry;
      const diff = diffCall(entry, call);
      const shown =
        diff.length > MAX_DIFF_LINES
          ? [...diff.slice(0, MAX_DIFF_LINES), `… and ${diff.length - MAX_DIFF_LINES} more`]
          : diff;
      return {
        call: entry.call,
        description: describeCall(entry.type, entry.request),
        used: this.usedCalls.has(i),
        diff: shown,
      };
    };
    if (entries.length === 0) return null;
    if (this.options.match === "in-order") {
      const next = entries.findIndex((_, i) => !this.usedCalls.has(i));
      if (next !== -1) return describe(next);
    }
    const wanted = describeCall(call.type, call.request);
    let best = -1;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const [i, entry] of entries.entries()) {
      const score =
        (entry.type === call.type ? 0 : 2000) +
        (describeCall(entry.type, entry.request) === wanted ? 0 : 1000) +
        diffCall(entry, call).length +
        (this.usedCalls.has(i) ? 0.5 : 0);
      if (score < bestScore) {
        best = i;
        bestScore = score;
      }
    }
    return describe(best);
  }
}
