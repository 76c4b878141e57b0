import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

// The README's OpenAI-compatible example is readme-example.test.ts, character for character.
it("the README's OpenAI-compatible example is the tested file", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const from = readme.indexOf("## OpenAI-compatible servers");
  const start = readme.indexOf("```ts\n", from) + "```ts\n".length;
  const block = readme.slice(start, readme.indexOf("\n```", start) + 1);
  expect(from).toBeGreaterThan(0);
  expect(block).toBe(readFileSync(new URL("./readme-example.test.ts", import.meta.url), "utf8"));
});
