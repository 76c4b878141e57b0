import { crc32, inflateRawSync } from "node:zlib";

/** A file read back from a zip archive. */
export interface ZipFile {
  /** Path inside the archive. */
  path: string;
  /** Decompressed contents. */
  data: Buffer;
}

/**
 * Reads a zip archive the way the daemon does (central directory first, then each local entry; stored or deflate;
 * CRC checked). Used by `package` to verify what it wrote, and by tests.
 */
export function readZip(archive: Buffer): ZipFile[] {
  const endAt = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error("not a zip archive: no end of central directory");
  const count = archive.readUInt16LE(endAt + 10);
  let at = archive.readUInt32LE(endAt + 16);
  const files: ZipFile[] = [];
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const method = archive.readUInt16LE(at + 10);
    const crc = archive.readUInt32LE(at + 16);
    const compressed = archive.readUInt32LE(at + 20);
    const size = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const localAt = archive.readUInt32LE(at + 42);
    const path = archive.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    if (archive.readUInt32LE(localAt) !== 0x04034b50) throw new Error(`bad local header for ${path}`);
    const dataAt = localAt + 30 + archive.readUInt16LE(localAt + 26) + archive.readUInt16LE(localAt + 28);
    const body = archive.subarray(dataAt, dataAt + compressed);
    const data = method === 8 ? inflateRawSync(body) : method === 0 ? Buffer.from(body) : undefined;
    if (!data) throw new Error(`unsupported compression method ${method} for ${path}`);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`corrupt zip entry ${path}`);
    files.push({ path, data });
  }
  return files;
}
