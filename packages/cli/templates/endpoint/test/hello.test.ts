import { createTestHarness } from "@x/testing";
import { afterAll, describe, expect, it } from "vitest";
import plugin from "../src/plugin.js";

const harness = createTestHarness(plugin);
afterAll(() => harness.close());

function call(body: unknown, secret = "s3cret") {
  return harness.fetch(
    new Request("https://dify.example/hello", {
      method: "POST",
      headers: { "x-secret": secret, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { settings: { secret: "s3cret" } },
  );
}

describe("POST /hello", () => {
  it("greets the person named in the body", async () => {
    const response = await call({ name: "Ada" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: "Hello, Ada!" });
  });

  it("refuses a caller without the shared secret", async () => {
    const response = await call({ name: "Ada" }, "wrong");
    expect(response.status).toBe(403);
  });

  it("says what to send when the body has no name", async () => {
    const response = await call({});
    expect(response.status).toBe(400);
  });
});
