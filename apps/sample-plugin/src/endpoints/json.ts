/** A JSON error answer: `{ "error": message }` with `status`. */
export function jsonError(status: number, message: string): Response {
  return Response.json({ error: message }, { status });
}

/**
 * Reads a JSON object body and the string field `field` of it, or the 400 answer saying what is wrong (a body
 * that is not JSON, not an object, or lacks the field).
 */
export async function readStringField(
  request: Request,
  field: string,
): Promise<{ ok: true; value: string } | { ok: false; response: Response }> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return { ok: false, response: jsonError(400, `the body must be JSON like {"${field}": "..."}`) };
  }
  const value =
    typeof body === "object" && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)[field]
      : undefined;
  if (typeof value !== "string" || value.trim() === "") {
    return { ok: false, response: jsonError(400, `the body needs a non-empty string "${field}"`) };
  }
  return { ok: true, value };
}
