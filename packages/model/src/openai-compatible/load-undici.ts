/**
 * undici, imported on first use (same rule as `@x/core`'s `http/load-undici.ts`): importing `@x/model` or
 * `@x/model/openai-compatible` costs nothing until the first HTTP request to the model server.
 */
let loading: Promise<typeof import("undici")> | undefined;

/** undici's module, loaded once (later calls share the first import). */
export function loadUndici(): Promise<typeof import("undici")> {
  loading ??= import("undici");
  return loading;
}
