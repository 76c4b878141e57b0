import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

/** The recorded call closest to one that matched nothing, and how its request differs. */
export interface NearestRecordedCall {
  /** Its `call` number in the cassette (1-based). */
  readonly call: number;
  /** Its description, e.g. `tool builtin/google/search` or `llm`. */
  readonly description: string;
  /** Whether an earlier call already used it. */
  readonly used: boolean;
  /** One line per difference, `request.query: recorded "a", got "b"` (credential values masked). */
  readonly diff: readonly string[];
}

/**
 * The plugin made a reverse call that no recorded call answers. The plugin got a daemon error; this error names the
 * unexpected call, the matching rule, and the nearest recorded call with a diff of the requests.
 */
export class CassetteMismatchError extends DifyPluginError {
  /** The unexpected call, e.g. `llm` or `tool builtin/google/search`. */
  readonly description: string;
  /** The matching rule in force: `exact`, `in-order`, `by-type` or `custom`. */
  readonly match: string;
  /** The nearest recorded call, or null when the cassette has no call left to compare with. */
  readonly nearest: NearestRecordedCall | null;

  constructor(
    description: string,
    match: string,
    nearest: NearestRecordedCall | null,
    options: DifyPluginErrorOptions = {},
  ) {
    const lines = [`replay: no recorded call matches the plugin's ${description} call (match: ${match})`];
    if (nearest === null) lines.push("the cassette has no recorded call to compare with");
    else {
      const state = nearest.used ? "already used" : "unused";
      lines.push(
        nearest.diff.length === 0
          ? `nearest recorded: call ${nearest.call}, ${nearest.description} (${state}), with the same request`
          : `nearest recorded: call ${nearest.call}, ${nearest.description} (${state}); the request differs:`,
      );
      for (const line of nearest.diff) lines.push(`  ${line}`);
    }
    lines.push(
      "if the change is intended, record the cassette again (x-plugin dev --record <file> --rerecord) or relax the match",
    );
    super("DIFY_ERR_CASSETTE_MISMATCH", lines.join("\n"), options);
    this.description = description;
    this.match = match;
    this.nearest = nearest;
  }
}

brandError(CassetteMismatchError, "CassetteMismatchError");

/** Recorded calls the test never made (the replay's `unused` check); each is `call N: description`. */
export class CassetteUnusedError extends DifyPluginError {
  /** The unused calls, e.g. `call 3: tool builtin/google/search`. */
  readonly unused: readonly string[];

  constructor(unused: readonly string[], options: DifyPluginErrorOptions = {}) {
    super(
      "DIFY_ERR_CASSETTE_UNUSED",
      `replay: ${unused.length} recorded call${unused.length === 1 ? " was" : "s were"} never made: ${unused.join(", ")} (the plugin no longer makes them, or the test stopped early; pass { unused: "allow" } to allow it)`,
      options,
    );
    this.unused = unused;
  }
}

brandError(CassetteUnusedError, "CassetteUnusedError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `CassetteMismatchError`. */
    DIFY_ERR_CASSETTE_MISMATCH: true;
    /** Code of `CassetteUnusedError`. */
    DIFY_ERR_CASSETTE_UNUSED: true;
  }
}
