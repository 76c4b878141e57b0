import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { INVOKE_TYPE_PERMISSION, type PermissionFlag } from "./permission-families.js";

/** One place in the source that makes a reverse call. */
export interface ReverseCallUsage {
  /** Permission the call needs. */
  flag: PermissionFlag;
  /** Absolute file path. */
  file: string;
  /** 1-based line. */
  line: number;
  /** The matched source text, e.g. `session.model.llm`. */
  snippet: string;
}

/**
 * Session extension members → the permission they need. Keys are `<extension>.<member>`; `<extension>.*` matches
 * any member. The names follow the session extensions of @x/tool (`tool`), @x/node (`workflowNode`),
 * @x/model (`model.llm`, `model.llmStructuredOutput`, ...), @x/app (`app`) and @x/core (`storage`).
 */
const EXTENSION_MEMBERS: Readonly<Record<string, PermissionFlag>> = {
  "tool.*": "tool.enabled",
  "workflowNode.*": "node.enabled",
  "node.*": "node.enabled",
  "app.*": "app.enabled",
  "storage.*": "storage.enabled",
  "model.llm": "model.llm",
  "model.llmStructuredOutput": "model.llm",
  "model.structuredOutput": "model.llm",
  "model.summary": "model.llm",
  "model.summarize": "model.llm",
  "model.textEmbedding": "model.text_embedding",
  "model.embedding": "model.text_embedding",
  "model.multimodalEmbedding": "model.text_embedding",
  "model.rerank": "model.rerank",
  "model.multimodalRerank": "model.rerank",
  "model.tts": "model.tts",
  "model.speech2text": "model.speech2text",
  "model.speechToText": "model.speech2text",
  "model.moderation": "model.moderation",
};

// `<anything>session.<extension>.<member>` (also `?.`), e.g. `session.model.llm.invoke(...)`, `ctx.session.tool.invoke`.
const EXTENSION_CALL = /\b\w*session\s*\??\.\s*(tool|workflowNode|node|model|app|storage)\s*\??\.\s*(\w+)/gi;
// `session.invoke("llm", ...)` or `.invoke<T>('tool', ...)`.
const RAW_INVOKE = /\.\s*invoke\s*(?:<[^>()]*>)?\s*\(\s*["'`]([a-z_]+)["'`]/g;

const SOURCE_FILE = /\.(?:[cm]?[jt]sx?)$/;
const SKIPPED = /(?:\.test\.|\.spec\.|\.d\.ts$)/;

/** Scans every source file under `dir` (tests excluded) for reverse calls. */
export function detectReverseCalls(dir: string): ReverseCallUsage[] {
  const usages: ReverseCallUsage[] = [];
  for (const file of listSourceFiles(dir)) usages.push(...detectInSource(readFileSync(file, "utf8"), file));
  return usages;
}

/** Finds reverse calls in one file's text. Comments are ignored. */
export function detectInSource(text: string, file: string): ReverseCallUsage[] {
  const code = stripComments(text);
  const usages: ReverseCallUsage[] = [];
  for (const match of code.matchAll(EXTENSION_CALL)) {
    const extension = normalizeExtension(match[1] ?? "");
    const member = match[2] ?? "";
    const flag = EXTENSION_MEMBERS[`${extension}.${member}`] ?? EXTENSION_MEMBERS[`${extension}.*`];
    if (flag) usages.push({ flag, file, line: lineOf(code, match.index ?? 0), snippet: match[0] });
  }
  for (const match of code.matchAll(RAW_INVOKE)) {
    const flag = INVOKE_TYPE_PERMISSION[match[1] ?? ""];
    if (flag) usages.push({ flag, file, line: lineOf(code, match.index ?? 0), snippet: match[0].trim() });
  }
  return usages;
}

function normalizeExtension(name: string): string {
  const lower = name.toLowerCase();
  return lower === "workflownode" ? "workflowNode" : lower;
}

function listSourceFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const name of names.sort()) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...listSourceFiles(path));
    else if (SOURCE_FILE.test(name) && !SKIPPED.test(name)) files.push(path);
  }
  return files;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// Blanks out comments but keeps newlines and string contents, so line numbers stay right.
function stripComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      while (i < text.length && text[i] !== "\n") {
        out += " ";
        i++;
      }
    } else if (c === "/" && next === "*") {
      while (i < text.length && !(text[i] === "*" && text[i + 1] === "/")) {
        out += text[i] === "\n" ? "\n" : " ";
        i++;
      }
      out += "  ";
      i += 2;
    } else if (c === '"' || c === "'" || c === "`") {
      const quote = c;
      out += c;
      i++;
      while (i < text.length && text[i] !== quote) {
        if (text[i] === "\\") {
          out += text.slice(i, i + 2);
          i += 2;
          continue;
        }
        out += text[i];
        i++;
      }
      if (i < text.length) out += text[i++];
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
