import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { checked, frame, request } from "./readme-example.js";

it("runs the README example", () => {
  expect(frame.data.credentials).toEqual({});
  expect(request).toEqual({
    provider: "langgenius/openai/openai",
    model: "text-embedding-3-small",
    model_type: "text-embedding",
    texts: ["hello"],
    input_type: "query",
  });
  expect(checked.success).toBe(false);
});

it("is the example the README shows", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const example = readFileSync(new URL("./readme-example.ts", import.meta.url), "utf8");
  const start = readme.indexOf("```ts\n") + 6;
  expect(readme.slice(start, readme.indexOf("\n```", start) + 1)).toBe(example);
});
