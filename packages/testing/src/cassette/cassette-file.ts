import { readFileSync, writeFileSync } from "node:fs";
import { describeIssue } from "@x/core/internal";
import { CassetteFormatError } from "../errors/cassette-format-error.js";
import {
  CASSETTE_KIND,
  CASSETTE_VERSION,
  type Cassette,
  CassetteEntrySchema,
  type CassetteHeader,
  CassetteHeaderSchema,
} from "./cassette-schema.js";

/**
 * Parses a cassette's text: JSON lines, the header first, then one entry per reverse call. `source` names the
 * file in errors. Throws {@link CassetteFormatError} naming the line and what is wrong with it.
 */
export function parseCassette(text: string, source = "cassette"): Cassette {
  const lines = text.split("\n");
  let header: CassetteHeader | undefined;
  const entries: Cassette["entries"] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const at = `${source}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new CassetteFormatError(at, `not JSON (${(error as Error).message})`);
    }
    if (header === undefined) {
      const parsed = CassetteHeaderSchema.safeParse(value);
      if (!parsed.success) {
        throw new CassetteFormatError(
          at,
          `the first line must be the header {"cassette":"${CASSETTE_KIND}","version":${CASSETTE_VERSION},...}: ${describeIssue(parsed.error, { subject: "header" })}`,
        );
      }
      if (parsed.data.version > CASSETTE_VERSION) {
        throw new CassetteFormatError(
          at,
          `cassette version ${parsed.data.version} is newer than this @x/testing reads (${CASSETTE_VERSION}): update @x/testing`,
        );
      }
      header = parsed.data;
      continue;
    }
    const parsed = CassetteEntrySchema.safeParse(value);
    if (!parsed.success) throw new CassetteFormatError(at, describeIssue(parsed.error, { subject: "entry" }));
    entries.push(parsed.data);
  }
  if (header === undefined) throw new CassetteFormatError(`${source}:1`, "empty: no header line");
  return { header, entries };
}

/** Formats a cassette as JSON lines: the header, then one line per entry, each ending in a newline. */
export function formatCassette(cassette: Cassette): string {
  return [cassette.header, ...cassette.entries].map((line) => `${JSON.stringify(line)}\n`).join("");
}

/** Reads and parses a cassette file (a path or a `file:` URL, e.g. `new URL("./x.jsonl", import.meta.url)`). */
export function readCassette(file: string | URL): Cassette {
  const source = typeof file === "string" ? file : file.pathname;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CassetteFormatError(
      source,
      `cannot read it (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      {
        cause: error,
      },
    );
  }
  return parseCassette(text, source);
}

/** Writes a cassette file (see {@link formatCassette}). */
export function writeCassette(file: string | URL, cassette: Cassette): void {
  writeFileSync(file, formatCassette(cassette));
}
