import { createHash, timingSafeEqual } from "node:crypto";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { basename, extname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import {
  DatasourceCredentialsError,
  type DatasourceProvider,
  defineDatasourceProvider,
  defineOnlineDrive,
  MAX_DATASOURCE_BLOB_BYTES,
  type OnlineDriveFileBucketInput,
} from "@x/datasource";
import { ICON_FILE } from "./manifest.js";

// An online drive over a local folder: each top-level directory of the root is a bucket (as S3 has buckets),
// a file id is its path inside the bucket ("policies/travel.md") and a folder id ends with "/" ("policies/").
// The request and reply shapes are the daemon's `OnlineDriveBrowseFilesRequest` / `OnlineDriveFileBucket`
// (`pkg/entities/requests/datasource.go`, `pkg/entities/datasource_entities/datasource.go`; §2.3).

/** The fixture folder the sample serves by default: `drive/` next to `src/` (and `dist/`). */
export const DRIVE_ROOT = fileURLToPath(new URL("../drive/", import.meta.url));

/** The access token the sample drive accepts by default (a real drive would ask its server). */
export const DRIVE_ACCESS_TOKEN = "local-drive-token";

/** The largest page a browse request gets, whatever `max_keys` asks for. */
export const DRIVE_MAX_KEYS = 1000;

/** A file id or bucket that would leave the drive's root (`..`, an absolute path, a link pointing out). */
export class DrivePathError extends Error {
  override readonly name = "DrivePathError";
}

/** Where the drive is and which token opens it. */
export interface DriveOptions {
  /** The folder whose top-level directories are the buckets (default {@link DRIVE_ROOT}). */
  root?: string;
  /** The token `access_token` must equal (default {@link DRIVE_ACCESS_TOKEN}). */
  accessToken?: string;
}

const MIME_TYPES: Record<string, string> = {
  ".md": "text/markdown",
  ".txt": "text/plain",
  ".csv": "text/csv",
  ".json": "application/json",
  ".html": "text/html",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
};

/** The MIME type of a file name, by extension (`application/octet-stream` when unknown). */
export function mimeTypeOf(name: string): string {
  return MIME_TYPES[extname(name).toLowerCase()] ?? "application/octet-stream";
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Throws `DatasourceCredentialsError` unless `credentials.access_token` is the drive's (constant time). */
function checkToken(credentials: Readonly<Record<string, unknown>>, expected: string): void {
  const token = credentials.access_token;
  if (typeof token !== "string" || token.length === 0) {
    throw new DatasourceCredentialsError("set the drive's access token");
  }
  if (!timingSafeEqual(digest(token), digest(expected))) {
    throw new DatasourceCredentialsError("the drive refused the access token");
  }
}

/**
 * The path segments of an id inside a bucket, refusing anything that could leave it: `..` and `.` segments,
 * empty segments (`a//b`, a leading `/`), backslashes and NUL. A folder id ends with `/`; `""` is the bucket.
 */
function segmentsOf(id: string, what: string): string[] {
  if (id === "") return [];
  const segments = (id.endsWith("/") ? id.slice(0, -1) : id).split("/");
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === ".." || /[\\\0]/.test(segment)) {
      throw new DrivePathError(
        `${what} ${JSON.stringify(id)} is not a path inside the bucket (no "..", ".", empty segments or backslashes)`,
      );
    }
  }
  return segments;
}

/** The drive's buckets and the files of its folders, every path checked against the root. */
class LocalDrive {
  private readonly root: string;
  private realRoot: Promise<string> | undefined;

  constructor(root: string) {
    this.root = root;
  }

  /** The top-level directories, by name. */
  async buckets(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
      .map((entry) => entry.name)
      .sort();
  }

  /**
   * The real path of `id` in `bucket`, after checking that it stays under the root once links are followed.
   * A missing path fails with a message naming it.
   */
  async resolve(bucket: string | null | undefined, id: string, what: string): Promise<string> {
    if (!bucket)
      throw new Error(`${what}: pick a bucket first (the drive's buckets are its top-level folders)`);
    const [name, ...rest] = segmentsOf(bucket, "bucket");
    if (name === undefined || rest.length > 0 || name.startsWith(".")) {
      throw new DrivePathError(
        `bucket ${JSON.stringify(bucket)} is not one of the drive's top-level folders`,
      );
    }
    const path = join(this.root, name, ...segmentsOf(id, what));
    this.realRoot ??= realpath(this.root);
    const root = await this.realRoot;
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      throw new Error(`${what} ${JSON.stringify(id)} is not in bucket ${JSON.stringify(bucket)}`);
    }
    if (!real.startsWith(root + sep)) {
      throw new DrivePathError(`${what} ${JSON.stringify(id)} leads outside the drive`);
    }
    return real;
  }

  /** The entries of one folder, sorted by id: folders (`size` 0, as the official drives send) and files. */
  async list(bucket: string | null | undefined, prefix: string) {
    const folder = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
    const path = await this.resolve(bucket, folder, "folder");
    if (!(await stat(path)).isDirectory())
      throw new Error(`${JSON.stringify(prefix)} is a file, not a folder`);
    const entries = await readdir(path, { withFileTypes: true });
    const files = [];
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      if (entry.isDirectory()) {
        files.push({ id: `${folder}${entry.name}/`, name: entry.name, size: 0, type: "folder" });
      } else if (entry.isFile()) {
        const { size } = await stat(join(path, entry.name));
        files.push({ id: `${folder}${entry.name}`, name: entry.name, size, type: "file" });
      }
      // Links and other kinds are not listed (a link could point outside the drive).
    }
    return files.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** `files`: the folders and files of a local drive, `max_keys` a page, and one file as a blob. */
export function createDriveDatasource(options: DriveOptions = {}) {
  const drive = new LocalDrive(options.root ?? DRIVE_ROOT);
  const token = options.accessToken ?? DRIVE_ACCESS_TOKEN;
  return defineOnlineDrive({
    identity: { name: "files", label: "Drive files" },
    description: "Folders and files of the local drive; each top-level folder is a bucket.",
    // Without a bucket: the buckets, each with no files (as the official S3 drive answers). With one: one
    // page of the folder `prefix`, ids after `next_page_parameters.after` (the previous page's last id).
    async browse({ bucket, prefix, max_keys, next_page_parameters }, { credentials, logger }) {
      checkToken(credentials, token);
      if (!bucket) {
        return (await drive.buckets()).map(
          (name): OnlineDriveFileBucketInput => ({ bucket: name, files: [], is_truncated: false }),
        );
      }
      const after = next_page_parameters?.after;
      if (after !== undefined && typeof after !== "string") {
        throw new Error("next_page_parameters.after must be the last file id of the previous page");
      }
      const pageSize = Math.min(Math.max(Math.trunc(max_keys), 1), DRIVE_MAX_KEYS);
      const entries = await drive.list(bucket, prefix ?? "");
      const remaining = after === undefined ? entries : entries.filter((entry) => entry.id > after);
      const files = remaining.slice(0, pageSize);
      const truncated = remaining.length > pageSize;
      logger.info(
        `browse ${bucket}/${prefix ?? ""}: ${files.length} of ${remaining.length} remaining entries`,
      );
      return {
        bucket,
        files,
        is_truncated: truncated,
        next_page_parameters: truncated ? { after: files.at(-1)?.id } : null,
      };
    },
    async download({ bucket, id }, { credentials, logger }) {
      checkToken(credentials, token);
      if (id.endsWith("/"))
        throw new Error(`${JSON.stringify(id)} is a folder: browse it, download its files`);
      const path = await drive.resolve(bucket, id, "file");
      const info = await stat(path);
      if (!info.isFile()) throw new Error(`${JSON.stringify(id)} is not a file`);
      if (info.size > MAX_DATASOURCE_BLOB_BYTES) {
        throw new Error(
          `${JSON.stringify(id)} is ${info.size} bytes; a drive file must be at most ${MAX_DATASOURCE_BLOB_BYTES}`,
        );
      }
      logger.info(`download ${bucket}/${id}: ${info.size} bytes`);
      const name = basename(path);
      return { bytes: new Uint8Array(await readFile(path)), fileName: name, mimeType: mimeTypeOf(name) };
    },
  });
}

/** The `local_docs_drive` provider: one online-drive datasource, opened with an access token. */
export function createDriveProvider(options: DriveOptions = {}): DatasourceProvider {
  const token = options.accessToken ?? DRIVE_ACCESS_TOKEN;
  return defineDatasourceProvider({
    identity: {
      author: "xsdk",
      name: "local_docs_drive",
      label: "Local docs drive",
      description: "Reads files from a local folder, one bucket per top-level folder.",
      icon: ICON_FILE,
      tags: ["rag"],
    },
    credentials: {
      access_token: { type: "secret-input", required: true, label: "Access token" },
    },
    datasources: [createDriveDatasource(options)],
    validateCredentials(credentials) {
      checkToken(credentials, token);
    },
  });
}
