/**
 * undici, imported on first use. Importing it costs ~90 ms and ~18 MiB at startup (measured on the built package,
 * issue 20), and only the serverless transport and `session.file.upload` need it: a stdio or TCP plugin that never
 * uploads a file never loads it.
 */
let loading: Promise<typeof import("undici")> | undefined;

/** undici's module, loaded once (later calls share the first import). */
export function loadUndici(): Promise<typeof import("undici")> {
  loading ??= import("undici");
  return loading;
}
