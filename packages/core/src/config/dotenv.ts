import { ConfigError } from "../errors/config-error.js";

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$/;
const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

/**
 * Parses `.env` text: `KEY=value` lines, optional `export `, `#` comments, single quotes (literal) and double
 * quotes (with `\n`, `\t`, `\"` escapes). An unquoted value ends at ` #`. A line that is none of these is a
 * {@link ConfigError} naming the line, so a typo never silently drops a setting.
 */
export function parseDotenv(text: string, source = ".env"): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const match = LINE.exec(line);
    if (!match) throw new ConfigError(source, `line ${index + 1} is not KEY=value`);
    out[match[1]!] = parseValue(match[2]!, source, index + 1);
  }
  return out;
}

function parseValue(raw: string, source: string, line: number): string {
  const quote = raw[0];
  if (quote === '"' || quote === "'") {
    const close = findClosingQuote(raw, quote);
    if (close === -1) throw new ConfigError(source, `line ${line} has an unterminated ${quote} quote`);
    const rest = raw.slice(close + 1).trim();
    if (rest !== "" && !rest.startsWith("#")) {
      throw new ConfigError(source, `line ${line} has text after the closing quote`);
    }
    const body = raw.slice(1, close);
    return quote === "'" ? body : body.replace(/\\(.)/g, (all, char: string) => ESCAPES[char] ?? all);
  }
  const comment = raw.search(/\s#/);
  return (comment === -1 ? raw : raw.slice(0, comment)).trim();
}

function findClosingQuote(raw: string, quote: string): number {
  for (let i = 1; i < raw.length; i++) {
    if (quote === '"' && raw[i] === "\\") {
      i++;
      continue;
    }
    if (raw[i] === quote) return i;
  }
  return -1;
}
