import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

it("the README's example is test/readme-example.test.ts, verbatim", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const start = readme.indexOf("```ts\n", readme.indexOf("## Example")) + "```ts\n".length;
  const end = readme.indexOf("```", start);
  expect(readme.slice(start, end)).toBe(
    readFileSync(new URL("readme-example.test.ts", import.meta.url), "utf8"),
  );
});

it("the README's OAuth example is test/readme-oauth.test.ts, verbatim", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const start = readme.indexOf("```ts\n", readme.indexOf("## OAuth and dynamic options")) + "```ts\n".length;
  const end = readme.indexOf("```", start);
  expect(readme.slice(start, end)).toBe(
    readFileSync(new URL("readme-oauth.test.ts", import.meta.url), "utf8"),
  );
});
