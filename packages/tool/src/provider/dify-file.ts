import { describeIssue } from "@x/core/internal";
import { DIFY_FILE_IDENTITY, DifyFileSchema } from "@x/protocol";

export { DIFY_FILE_IDENTITY, DifyFileSchema };

/** A file passed to a tool (a `file` or `files` parameter). */
export interface DifyFile {
  /** Signed URL Dify serves the file at (null when Dify gave none). */
  readonly url: string | null;
  /** MIME type, e.g. `image/png`. */
  readonly mimeType: string | null;
  /** Dify's file kind: `image`, `document`, `audio`, `video` or `custom`. */
  readonly type: string | null;
  /** File name with extension. */
  readonly filename: string | null;
  /** Extension including the dot, e.g. `.png`. */
  readonly extension: string | null;
  /** Size in bytes (null when unknown). */
  readonly size: number | null;
  /** The object exactly as received (extra keys such as `related_id` live here). */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** True when `value` carries the Dify file marker (`dify_model_identity: "__dify__file__"`). */
export function isDifyFileObject(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { dify_model_identity?: unknown }).dify_model_identity === DIFY_FILE_IDENTITY
  );
}

/** Builds a {@link DifyFile} from a received file object, or returns an error text. */
export function toDifyFile(value: unknown): DifyFile | string {
  const parsed = DifyFileSchema.safeParse(value);
  if (!parsed.success) {
    if (!isDifyFileObject(value)) return 'expected a Dify file object (dify_model_identity "__dify__file__")';
    return `malformed Dify file object: ${describeIssue(parsed.error)}`;
  }
  const f = parsed.data;
  return Object.freeze({
    url: f.url ?? null,
    mimeType: f.mime_type ?? null,
    type: f.type ?? null,
    filename: f.filename ?? null,
    extension: f.extension ?? null,
    size: f.size ?? null,
    raw: value as Record<string, unknown>,
  });
}
