/**
 * Orders object keys the way Go's `encoding/json` marshals a `map[string]any` (sorted), at every depth, so request
 * data arrives at the plugin in the same order as from the real daemon.
 */
export function sortKeysLikeGo(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysLikeGo);
  if (typeof value !== "object" || value === null) return value;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    out[key] = sortKeysLikeGo((value as Record<string, unknown>)[key]);
  return out;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
