import { Plugin } from "@x/core";
import { createTestHarness } from "@x/testing";
import { expect, it } from "vitest";
import { defineEndpoint, defineEndpointGroup, defineEndpointSettings } from "../src/index.js";

const settings = defineEndpointSettings({
  api_key: { type: "secret-input", required: true },
  mode: { type: "select", options: [{ value: "a" }, { value: "b" }], default: "a" },
});

const echo = defineEndpoint({
  settings,
  path: "/users/{id}",
  method: "POST",
  async invoke(request, { params, settings: s }) {
    const body = await request.json();
    return Response.json({ id: params.id, body, mode: s.mode, key: s.api_key.length });
  },
});

it("smoke", async () => {
  const group = defineEndpointGroup({ settings, endpoints: [echo] });
  const harness = createTestHarness(new Plugin().register(group));
  const response = await harness.fetch(
    new Request("https://dify.example/users/42", { method: "POST", body: JSON.stringify({ a: 1 }) }),
    { settings: { api_key: "secret-value" } },
  );
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ id: "42", body: { a: 1 }, mode: "a", key: 12 });
  const missing = await harness.fetch(new Request("https://dify.example/nope"), {
    settings: { api_key: "k" },
  });
  expect(missing.status).toBe(404);
  await harness.close();
});
