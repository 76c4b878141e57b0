import { describe, expect, it } from "vitest";
import * as core from "@x/core";

describe("@x/core entry", () => {
  it("resolves the source entry through the @x/source condition", () => {
    expect(typeof core).toBe("object");
  });
});
