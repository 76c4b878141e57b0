import { randomBytes } from "node:crypto";

/** A `multipart/form-data` body with a single file field, and its `content-type` header. */
export interface MultipartBody {
  /** The full body. */
  body: Buffer;
  /** `multipart/form-data; boundary=...`. */
  contentType: string;
}

/**
 * Encodes one file field as `multipart/form-data` (RFC 7578). Built by hand rather than with `FormData` because
 * undici only serialises its own `FormData` class: with Node's bundled copy as global dispatcher, a `FormData`
 * from the npm package is not recognised and the request never sends its body.
 */
export function encodeFileField(
  field: string,
  filename: string,
  mimetype: string,
  content: Uint8Array,
): MultipartBody {
  const boundary = `----dify-plugin-${randomBytes(12).toString("hex")}`;
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${quote(field)}"; filename="${quote(filename)}"\r\n` +
    `Content-Type: ${mimetype.replace(/[\r\n]/g, "")}\r\n\r\n`;
  const body = Buffer.concat([
    Buffer.from(head, "utf8"),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`, "utf8"),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

// WHATWG's multipart encoding escapes these three characters in names and filenames.
function quote(value: string): string {
  return value.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");
}
