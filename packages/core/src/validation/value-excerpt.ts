/** Most characters of a value an error carries: enough to recognise it, never a whole (possibly huge) payload. */
export const EXCERPT_MAX_CHARS = 200;

/** The start of `value` as JSON (or `String(value)` when it has no JSON form), cut to `max` characters. */
export function valueExcerpt(value: unknown, max: number = EXCERPT_MAX_CHARS): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // A cycle or a BigInt: the excerpt is only for diagnostics, so fall back to the plain string form.
    text = String(value);
  }
  return text.slice(0, max);
}
