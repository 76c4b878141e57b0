import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const here = (path: string) => new URL(`../${path}`, import.meta.url);

describe("README examples", () => {
  it("are the files under examples/, verbatim (both run as tests)", () => {
    const readme = readFileSync(here("README.md"), "utf8");
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toEqual([
      readFileSync(here("examples/one-round.ts"), "utf8"),
      readFileSync(here("examples/one-round.test.ts"), "utf8"),
    ]);
  });
});
