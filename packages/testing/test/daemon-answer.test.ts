import { describe, expect, it } from "vitest";
import { answerLikeDaemon, type SessionResult } from "../src/index.js";

const hex = (text: string) => Buffer.from(text).toString("hex");

/** A session that streams `items` then ends (with `error`, if given). */
function session(items: unknown[], error: SessionResult["error"] = null) {
  return async (onStream: (item: unknown) => void): Promise<SessionResult> => {
    for (const item of items) onStream(item);
    return { sessionId: "s", items, error, calls: [], closedBy: "end" };
  };
}

describe("answerLikeDaemon: the daemon's InvokeEndpoint and writer", () => {
  it("takes status and headers until the first result, keeping the first value of a header", async () => {
    const response = await answerLikeDaemon(
      session([
        { status: 404, headers: { "x-a": "first" } },
        { status: 201, headers: { "X-A": "second", "content-type": "text/plain" } },
        { result: hex("he") },
        { result: hex("llo") },
      ]),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get("x-a")).toBe("first");
    expect(await response.text()).toBe("hello");
  });

  it("answers the daemon's 500 JSON when the session fails before the body", async () => {
    const response = await answerLikeDaemon(
      session([{ status: 200, headers: {} }], { error_type: "Boom", message: "failed", args: {} }),
    );
    expect(response.status).toBe(500);
    const body = (await response.json()) as { code: number; message: string };
    expect(body.code).toBe(-500);
    expect(JSON.parse(body.message)).toMatchObject({ error_type: "PluginDaemonInternalServerError" });
    expect(body.message).toContain("failed");
  });

  it("writes the error's text at the end of a body that had started", async () => {
    const response = await answerLikeDaemon(
      session([{ status: 200, result: hex("part ") }], { error_type: "Boom", message: "failed", args: {} }),
    );
    expect(await response.text()).toBe('part {"args":{},"error_type":"Boom","message":"failed"}');
  });

  it("fails the body when an item after the first result has none", async () => {
    const response = await answerLikeDaemon(session([{ status: 200, result: "" }, { headers: { a: "b" } }]));
    await expect(response.text()).rejects.toThrow(/item 1 has no result after the body started/);
  });

  it("rejects a reply without status, which the daemon would answer 100 Continue", async () => {
    await expect(answerLikeDaemon(session([{ result: hex("x") }]))).rejects.toThrow(/status 100/);
  });
});
