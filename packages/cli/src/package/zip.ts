import { buffer } from "node:stream/consumers";
import { crc32 } from "node:zlib";
import { fromBufferPromise } from "yauzl";
import { ZipFile as ZipWriter } from "yazl";

// The archive format goes through yazl (writing) and yauzl (reading), both maintained by the same author and
// used widely: yazl writes the end-of-central-directory comment that a signature needs (`end({ comment })`),
// which fflate's zipSync cannot, and yauzl reads that comment back. This module adds only what the daemon
// needs on top: safe paths, no duplicates, no directory entries, and a CRC-32 check on read (yauzl checks sizes,
// not CRCs).

/** One file to put in a zip archive. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated, relative (no leading `/`, no `..`). */
  path: string;
  /** File contents. */
  data: Uint8Array;
}

/** A file read back from a zip archive. */
export interface ZipFile {
  /** Path inside the archive. */
  path: string;
  /** Decompressed contents. */
  data: Buffer;
}

/** What {@link readZip} found: the files in central-directory order and the archive comment. */
export interface ZipContents {
  /** Files in central-directory order (the order the daemon's Go `archive/zip` reader walks them). */
  files: ZipFile[];
  /** The end-of-central-directory comment (where a signed package keeps its signature); `""` when absent. */
  comment: string;
}

/** Options of {@link writeZip}. */
export interface WriteZipOptions {
  /** Modification time of every entry. Default now. */
  modified?: Date;
  /** Archive comment (ASCII; a signed package keeps `{"signature":…,"time":…}` here). Default none. */
  comment?: string;
}

/**
 * Builds a zip archive in memory: every entry deflated (level 9), UTF-8 names, no directory entries. Entries keep the given order. Throws on an unsafe or duplicate path, which the
 * daemon's extractor would reject or resolve ambiguously.
 */
export async function writeZip(entries: readonly ZipEntry[], options: WriteZipOptions = {}): Promise<Buffer> {
  const comment = options.comment ?? "";
  if (!/^[\x20-\x7e]*$/.test(comment)) throw new Error("the zip comment must be printable ASCII");
  const mtime = options.modified ?? new Date();
  const zip = new ZipWriter();
  const seen = new Set<string>();
  for (const entry of entries) {
    assertSafePath(entry.path);
    if (seen.has(entry.path)) throw new Error(`duplicate zip entry: ${entry.path}`);
    seen.add(entry.path);
    zip.addBuffer(Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength), entry.path, {
      mtime,
      mode: 0o100644,
      compress: true,
      compressionLevel: 9,
    });
  }
  const output = buffer(zip.outputStream);
  zip.end({ comment, forceZip64Format: false });
  return output;
}

/**
 * Reads a zip archive (central directory first, as Go's `archive/zip` does), checking each entry's size and
 * CRC-32. Directory entries are refused: the daemon's signer and verifier read every entry as a file.
 */
export async function readZip(archive: Buffer): Promise<ZipContents> {
  const zip = await fromBufferPromise(archive, {
    lazyEntries: true,
    decodeStrings: true,
    validateEntrySizes: true,
    strictFileNames: true,
  });
  const files: ZipFile[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith("/")) {
        throw new Error(
          `the archive has a directory entry ${JSON.stringify(entry.fileName)}; a package holds files only`,
        );
      }
      const data = await buffer(await zip.openReadStreamPromise(entry));
      if (crc32(data) !== entry.crc32)
        throw new Error(`corrupt zip entry ${entry.fileName}: CRC-32 mismatch`);
      files.push({ path: entry.fileName, data });
    }
  } finally {
    zip.close();
  }
  return { files, comment: zip.comment };
}

function assertSafePath(path: string): void {
  if (
    path === "" ||
    path.startsWith("/") ||
    path.endsWith("/") ||
    path.includes("\\") ||
    path.split("/").some((part) => part === ".." || part === "." || part === "")
  ) {
    throw new Error(`unsafe zip entry path: ${JSON.stringify(path)}`);
  }
}
