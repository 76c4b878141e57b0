import { type InvocationStream, ProtocolError, ValidationError } from "@x/core";
import { describeIssue, formatIssuePath, invokeOne, parseInput, parseReply } from "@x/core/internal";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const Docs = z.object({ docs: z.array(z.object({ text: z.string(), score: z.number() })) });

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("formatIssuePath", () => {
  it("writes dotted and indexed paths, with an optional prefix", () => {
    expect(formatIssuePath(["docs", 0, "score"])).toBe("docs.0.score");
    expect(formatIssuePath(["parameters", 2, "options"], { style: "indexed" })).toBe("parameters[2].options");
    expect(formatIssuePath([0, "name"], { style: "indexed", prefix: "classes" })).toBe("classes[0].name");
    expect(formatIssuePath([])).toBeUndefined();
    expect(formatIssuePath([], { prefix: "query" })).toBe("query");
  });
});

describe("parseInput", () => {
  it("returns the parsed value when the input is valid", () => {
    expect(parseInput(Docs, { docs: [{ text: "a", score: 1 }] })).toEqual({
      docs: [{ text: "a", score: 1 }],
    });
  });

  it("throws a ValidationError naming the call and the field, keeping the zod error as cause", () => {
    const error = caught(() =>
      parseInput(Docs, { docs: [{ text: "a", score: "high" }] }, { what: "rerank" }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    const validation = error as ValidationError;
    expect(validation.field).toBe("docs.0.score");
    expect(validation.message).toMatch(/^docs\.0\.score: rerank: /);
    expect(validation.cause).toBeInstanceOf(z.ZodError);
  });

  it("writes indexed fields under a prefix when asked", () => {
    const error = caught(() =>
      parseInput(z.array(z.object({ name: z.string() })), [{ name: "a" }, {}], {
        pathStyle: "indexed",
        fieldPrefix: "classes",
      }),
    ) as ValidationError;
    expect(error.field).toBe("classes[1].name");
  });
});

describe("parseReply", () => {
  it("throws a ProtocolError naming the call and the bad field, with a bounded excerpt of the reply", () => {
    const reply = { docs: [{ text: "x".repeat(1000), score: null }] };
    const error = caught(() => parseReply(Docs, reply, { what: "rerank" })) as ProtocolError;
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/^rerank: unexpected reply from the daemon \(docs\.0\.score: /);
    expect(error.excerpt?.length).toBeLessThanOrEqual(200);
    expect(error.cause).toBeInstanceOf(z.ZodError);
  });

  it("describes a problem with the whole reply as `reply`", () => {
    expect(describeIssue(Docs.safeParse("nope").error!, { subject: "reply" })).toMatch(/^reply: /);
  });
});

describe("invokeOne", () => {
  function sessionAnswering(items: unknown[], seen: { options?: unknown } = {}) {
    return {
      invoke<T>(_type: string, _request: Record<string, unknown>, options?: unknown): InvocationStream<T> {
        seen.options = options;
        const values = items as T[];
        return {
          id: "r1",
          type: _type,
          toArray: async () => values,
          first: async () => values[0],
          async *[Symbol.asyncIterator]() {
            yield* values;
          },
        };
      },
    };
  }

  it("returns the single reply validated, passing the call options on without `what`", async () => {
    const seen: { options?: unknown } = {};
    const signal = new AbortController().signal;
    const reply = await invokeOne(sessionAnswering([{ docs: [] }], seen), "rerank", {}, Docs, {
      what: "rerank call",
      signal,
      idleTimeout: 5,
    });
    expect(reply).toEqual({ docs: [] });
    expect(seen.options).toEqual({ signal, idleTimeout: 5 });
  });

  it("fails with a ProtocolError when the call ends without a reply", async () => {
    await expect(invokeOne(sessionAnswering([]), "moderation", {}, Docs)).rejects.toThrow(
      "moderation: the daemon ended the call without a reply",
    );
  });

  it("fails with a ProtocolError naming `what` when the reply does not match", async () => {
    await expect(
      invokeOne(sessionAnswering([{ docs: "?" }]), "rerank", {}, Docs, { what: "rerank top-3" }),
    ).rejects.toThrow(/^rerank top-3: unexpected reply from the daemon \(docs: /);
  });
});
