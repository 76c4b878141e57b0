/**
 * Node built-ins loaded on first use instead of at import.
 *
 * Measured (Node 24, this repo's bench machine): a static ESM `import … from "node:http"` costs ~34 ms at startup,
 * because building the ESM namespace of `node:http` evaluates its lazy getters, which loads Node's internal undici
 * (for `WebSocket`, `MessageEvent`…). `process.getBuiltinModule` returns the CommonJS module object without that
 * step (~3 ms) and only when a feature needs it: the serverless transport and the raw-HTTP request parser.
 * A stdio or TCP plugin never pays for `node:http`.
 */
export function nodeHttp(): typeof import("node:http") {
  return process.getBuiltinModule("node:http");
}
