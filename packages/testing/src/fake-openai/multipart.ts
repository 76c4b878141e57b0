/** A parsed `multipart/form-data` body: text fields, and files with their bytes. */
export interface ParsedMultipart {
  /** Text fields by name. */
  fields: Record<string, string>;
  /** File fields by name. */
  files: Record<string, { filename: string; contentType: string; bytes: Buffer }>;
}

/** Parses a `multipart/form-data` body (RFC 7578), enough for the fake server's transcription route. */
export function parseMultipart(raw: Buffer, contentType: string): ParsedMultipart {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const result: ParsedMultipart = { fields: {}, files: {} };
  const mark = boundary?.[1] ?? boundary?.[2];
  if (!mark) return result;
  const delimiter = Buffer.from(`--${mark}`);
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = raw.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after the boundary and before the next
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const bytes = Buffer.from(part.subarray(headerEnd + 4));
      const name = /name="([^"]*)"/.exec(headers)?.[1] ?? "";
      const filename = /filename="([^"]*)"/.exec(headers)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? "application/octet-stream";
      if (filename === undefined) result.fields[name] = bytes.toString("utf8");
      else result.files[name] = { filename, contentType: type, bytes };
    }
    start = next;
  }
  return result;
}
