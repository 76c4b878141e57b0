import { describe, expect, it } from "vitest";
import {
  assertWebhookSignature,
  signWebhook,
  verifyWebhookSignature,
  WebhookSignatureError,
} from "../src/index.js";

// The example of GitHub's "Validating webhook deliveries" page: this secret and body give this signature.
const GITHUB = {
  secret: "It's a Secret to Everybody",
  body: "Hello, World!",
  signature: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
};

describe("webhook signatures", () => {
  it("signs and verifies GitHub's documented X-Hub-Signature-256 example", () => {
    expect(signWebhook({ secret: GITHUB.secret, body: GITHUB.body })).toBe(GITHUB.signature);
    expect(verifyWebhookSignature(GITHUB)).toEqual({ valid: true });
    const bytes = new TextEncoder().encode(GITHUB.body);
    expect(verifyWebhookSignature({ ...GITHUB, body: bytes })).toEqual({ valid: true });
  });

  it("accepts upper-case hex, which compares as the same digest bytes", () => {
    const upper = `sha256=${GITHUB.signature.slice(7).toUpperCase()}`;
    expect(verifyWebhookSignature({ ...GITHUB, signature: upper })).toEqual({ valid: true });
  });

  it("refuses a tampered body, a wrong secret and a flipped signature digit as a mismatch", () => {
    expect(verifyWebhookSignature({ ...GITHUB, body: "Hello, World?" })).toEqual({
      valid: false,
      reason: "mismatch",
    });
    expect(verifyWebhookSignature({ ...GITHUB, secret: "guess" })).toEqual({
      valid: false,
      reason: "mismatch",
    });
    const flipped = `${GITHUB.signature.slice(0, -1)}f`;
    expect(verifyWebhookSignature({ ...GITHUB, signature: flipped })).toEqual({
      valid: false,
      reason: "mismatch",
    });
  });

  it("tells a missing header from a malformed one", () => {
    expect(verifyWebhookSignature({ ...GITHUB, signature: null })).toEqual({
      valid: false,
      reason: "missing",
    });
    expect(verifyWebhookSignature({ ...GITHUB, signature: " " })).toEqual({
      valid: false,
      reason: "missing",
    });
    for (const signature of [
      "757107ea",
      "sha1=757107ea",
      "sha256=zz",
      "sha256=7571",
      `${GITHUB.signature}00`,
    ]) {
      expect(verifyWebhookSignature({ ...GITHUB, signature }), signature).toEqual({
        valid: false,
        reason: "malformed",
      });
    }
  });

  it("supports other schemes: sha1 with its prefix, base64 without one", () => {
    const sha1 = signWebhook({ secret: "s", body: "b", algorithm: "sha1" });
    expect(sha1).toMatch(/^sha1=[0-9a-f]{40}$/);
    expect(verifyWebhookSignature({ secret: "s", body: "b", algorithm: "sha1", signature: sha1 }).valid).toBe(
      true,
    );
    const b64 = signWebhook({ secret: "s", body: "b", prefix: "", encoding: "base64" });
    expect(b64).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const scheme = { secret: "s", body: "b", prefix: "", encoding: "base64" } as const;
    expect(verifyWebhookSignature({ ...scheme, signature: b64 }).valid).toBe(true);
    expect(verifyWebhookSignature({ ...scheme, body: "c", signature: b64 }).valid).toBe(false);
  });

  it("throws WebhookSignatureError naming the header but never the secret or the expected digest", () => {
    const expected = GITHUB.signature.slice(7);
    let caught: unknown;
    try {
      assertWebhookSignature({ ...GITHUB, body: "tampered", header: "X-Hub-Signature-256" });
    } catch (error) {
      caught = error;
    }
    expect(WebhookSignatureError.isInstance(caught)).toBe(true);
    const error = caught as WebhookSignatureError;
    expect(error.reason).toBe("mismatch");
    expect(error.code).toBe("DIFY_ERR_WEBHOOK_SIGNATURE");
    expect(error.message).toContain("X-Hub-Signature-256");
    expect(error.message).not.toContain(GITHUB.secret);
    const digest = signWebhook({ secret: GITHUB.secret, body: "tampered" }).slice(7);
    expect(error.message).not.toContain(digest);
    expect(error.message).not.toContain(expected);
    expect(() => assertWebhookSignature(GITHUB)).not.toThrow();
  });
});
