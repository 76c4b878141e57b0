import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { INVOKE_TYPE_PERMISSION, PERMISSION_FLAGS, type PermissionFlag } from "./permission-families.js";

/**
 * How a source position relates to a reverse call:
 * - `call`: it makes one (`session.tool.invokeBuiltinTool`, `session.invoke("llm", …)`): the permission is needed;
 * - `alias`: it takes a session client into a variable (`const nodes = session.workflowNode`,
 *   `const { tool } = session`): the family is known, the call is made elsewhere through the variable;
 * - `escape`: the session itself leaves the scan's sight (`helper(session)`, `const s = session`,
 *   `session[name]`): any family may be called from there.
 * Only `call` proves a permission is used; nothing the scan sees proves one is not.
 */
export type UsageKind = "call" | "alias" | "escape";

/** One place in the source that makes, or may make, a reverse call. */
export interface ReverseCallUsage {
  /** Permission the call needs (for `escape`, one entry per flag, all with the same position). */
  flag: PermissionFlag;
  /** How sure the scan is that this position calls into the family. */
  kind: UsageKind;
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
// `session.workflowNode` not followed by a member access: the client taken whole (`const n = session.workflowNode;`).
const CLIENT_ALIAS =
  /\b\w*session\s*\??\.\s*(tool|workflowNode|node|model|app|storage)\b(?!\s*\??\.\s*\w|\s*[(\w])/gi;
// `const { tool, workflowNode: nodes } = session` (also `= ctx.session`).
const DESTRUCTURED = /\{([^{}]*)\}\s*=\s*(?:\w+\s*\??\.\s*)?session\b(?!\s*\??\.)/g;
// The session itself handed on: `f(session)`, `f(a, session, b)`, `= session;`, `session[...]`, `return session`.
const SESSION_ESCAPE =
  /(?:[(,]\s*(?:\w+\s*\??\.\s*)?session\s*(?=[,)])|=\s*(?:\w+\s*\??\.\s*)?session\s*(?=[;,)\n])|\bsession\s*\??\.?\s*\[|\breturn\s+session\b\s*;?)/g;

// SDK helpers that take the session and make a known reverse call with it: `callAgentTool(session, …)` (@x/agent)
// invokes the tool the model picked through `session.tool`. Handing the session to one of them is that call, not
// an escape.
const SESSION_HELPERS: Readonly<Record<string, readonly PermissionFlag[]>> = {
  callAgentTool: ["tool.enabled"],
};
const HELPER_CALL = new RegExp(
  `\\b(${Object.keys(SESSION_HELPERS).join("|")})\\s*\\(\\s*(?:\\w+\\s*\\??\\.\\s*)?session\\s*(?=[,)])`,
  "g",
);

const EXTENSION_FLAGS: Readonly<Record<string, readonly PermissionFlag[]>> = {
  tool: ["tool.enabled"],
  workflowNode: ["node.enabled"],
  node: ["node.enabled"],
  app: ["app.enabled"],
  storage: ["storage.enabled"],
  model: PERMISSION_FLAGS.filter((flag) => flag.startsWith("model.")),
};

const SOURCE_FILE = /\.(?:[cm]?[jt]sx?)$/;
const SKIPPED = /(?:\.test\.|\.spec\.|\.d\.ts$)/;

/** Scans every source file under `dir` (tests excluded) for reverse calls. */
export function detectReverseCalls(dir: string): ReverseCallUsage[] {
  const usages: ReverseCallUsage[] = [];
  for (const file of listSourceFiles(dir)) usages.push(...detectInSource(readFileSync(file, "utf8"), file));
  return usages;
}

/** Finds reverse calls (and the places that may make them out of the scan's sight) in one file. Comments are ignored. */
export function detectInSource(text: string, file: string): ReverseCallUsage[] {
  const code = stripComments(text);
  const usages: ReverseCallUsage[] = [];
  const add = (flag: PermissionFlag, kind: UsageKind, index: number, snippet: string) =>
    usages.push({ flag, kind, file, line: lineOf(code, index), snippet: snippet.trim() });
  for (const match of code.matchAll(EXTENSION_CALL)) {
    const extension = normalizeExtension(match[1] ?? "");
    const member = match[2] ?? "";
    const flag = EXTENSION_MEMBERS[`${extension}.${member}`] ?? EXTENSION_MEMBERS[`${extension}.*`];
    if (flag) add(flag, "call", match.index ?? 0, match[0]);
  }
  for (const match of code.matchAll(RAW_INVOKE)) {
    const flag = INVOKE_TYPE_PERMISSION[match[1] ?? ""];
    if (flag) add(flag, "call", match.index ?? 0, match[0]);
  }
  for (const match of code.matchAll(CLIENT_ALIAS)) {
    for (const flag of EXTENSION_FLAGS[normalizeExtension(match[1] ?? "")] ?? []) {
      add(flag, "alias", match.index ?? 0, match[0]);
    }
  }
  for (const match of code.matchAll(DESTRUCTURED)) {
    const names = (match[1] ?? "").split(",").map((part) => part.split(":")[0]?.trim() ?? "");
    for (const name of names) {
      for (const flag of EXTENSION_FLAGS[normalizeExtension(name)] ?? [])
        add(flag, "alias", match.index ?? 0, match[0]);
    }
  }
  const helperParens = new Set<number>();
  for (const match of code.matchAll(HELPER_CALL)) {
    const index = match.index ?? 0;
    helperParens.add(index + match[0].indexOf("("));
    for (const flag of SESSION_HELPERS[match[1] ?? ""] ?? []) add(flag, "call", index, match[0]);
  }
  for (const match of code.matchAll(SESSION_ESCAPE)) {
    if (helperParens.has(match.index ?? -1)) continue;
    for (const flag of PERMISSION_FLAGS)
      add(flag, "escape", match.index ?? 0, match[0].replace(/^[(,=]\s*/, ""));
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
