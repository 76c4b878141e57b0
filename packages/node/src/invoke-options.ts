import type { InvokeOptions } from "@x/core";

/** Options of a Parameter Extractor call. */
export interface ExtractorInvokeOptions extends InvokeOptions {
  /** Throw {@link ExtractionFailedError} instead of resolving with `ok: false` when Dify cannot extract. */
  throwOnFailure?: boolean;
}

/** Keeps only the options the reverse-call engine understands. */
export function reverseCallOptions(options: InvokeOptions | undefined): InvokeOptions {
  const out: InvokeOptions = {};
  if (options?.signal !== undefined) out.signal = options.signal;
  if (options?.timeout !== undefined) out.timeout = options.timeout;
  if (options?.idleTimeout !== undefined) out.idleTimeout = options.idleTimeout;
  return out;
}
