import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** The first `ts` block after `marker` in the README. */
function blockAfter(marker: string): string {
  const from = readme.indexOf(marker);
  expect(from, marker).toBeGreaterThan(0);
  const start = readme.indexOf("```ts\n", from) + "```ts\n".length;
  return readme.slice(start, readme.indexOf("\n```", start) + 1);
}

const file = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), "utf8");

// The README's OpenAI-compatible examples are these test files, character for character.
it("the README's provider example is readme-provider.test.ts", () => {
  expect(blockAfter("## OpenAI-compatible servers")).toBe(file("readme-provider.test.ts"));
});

it("the README's client example is readme-example.test.ts", () => {
  expect(blockAfter("### The client")).toBe(file("readme-example.test.ts"));
});
