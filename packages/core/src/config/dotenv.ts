import { parseEnv } from "node:util";
import { ConfigError } from "../errors/config-error.js";

const ASSIGNMENT = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=\s*(.*)$/;

/**
 * Parses `.env` text with Node's own parser (`util.parseEnv`: `KEY=value`, `export `, `#` comments, single,
 * double and backtick quotes, multi-line quoted values). Node skips a line it cannot read without a word, so a
 * typo would silently drop a setting: every line is first checked to be blank, a comment, `KEY=...`, or inside a
 * quoted multi-line value, and any other line is a {@link ConfigError} naming it. That check is the only reason
 * this function exists.
 */
export function parseDotenv(text: string, source = ".env"): Record<string, string> {
  const body = text.replace(/^\uFEFF/, "");
  const lines = body.split(/\r?\n/);
  let openQuote: string | undefined;
  let openedAt = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (openQuote !== undefined) {
      if (line.includes(openQuote)) openQuote = undefined;
      continue;
    }
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const match = ASSIGNMENT.exec(line);
    if (!match) throw new ConfigError(source, `line ${index + 1} is not KEY=value`);
    const value = match[1]!.trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === "`") && value.indexOf(quote, 1) === -1) {
      openQuote = quote;
      openedAt = index + 1;
    }
  }
  if (openQuote !== undefined) {
    throw new ConfigError(source, `line ${openedAt} has an unterminated ${openQuote} quote`);
  }
  return { ...parseEnv(body) } as Record<string, string>;
}
