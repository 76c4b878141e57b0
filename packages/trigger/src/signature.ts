import { createHmac, timingSafeEqual } from "node:crypto";
import { WebhookSignatureError } from "./errors.js";

// Webhook signatures: an HMAC of the raw request body with the subscription's secret, sent in a header
// (GitHub: `X-Hub-Signature-256: sha256=<hex>`; Stripe-, Slack- and Shopify-style schemes differ in the header,
// prefix and encoding). Always verify over the exact body bytes, before parsing them: a re-serialised JSON body
// does not sign the same.

/** HMAC digests accepted. */
export type WebhookSignatureAlgorithm = "sha1" | "sha256" | "sha512";

/** How a signature is written: the digest as lower/upper-case hex or as base64. */
export type WebhookSignatureEncoding = "hex" | "base64";

/** What to sign: the secret, the raw body, and the scheme. */
export interface WebhookSignatureScheme {
  /** The shared signing secret (a string is UTF-8 encoded). */
  secret: string | Uint8Array;
  /** The exact request body bytes (a string is UTF-8 encoded). */
  body: Uint8Array | string;
  /** HMAC digest (default `sha256`). */
  algorithm?: WebhookSignatureAlgorithm;
  /** Text before the digest, e.g. GitHub's `sha256=` (default: `<algorithm>=`; `""` for none). */
  prefix?: string;
  /** How the digest is written (default `hex`). */
  encoding?: WebhookSignatureEncoding;
}

/** Options of {@link verifyWebhookSignature}: a scheme and the signature the request carried. */
export interface VerifyWebhookSignatureOptions extends WebhookSignatureScheme {
  /** The signature from the request header (`null` or `undefined` when the header is absent). */
  signature: string | null | undefined;
  /** The header's name, used in error messages only (default `the signature header`). */
  header?: string;
}

/** The outcome of {@link verifyWebhookSignature}. */
export type WebhookSignatureCheck =
  | { readonly valid: true }
  | { readonly valid: false; readonly reason: "missing" | "malformed" | "mismatch" };

const bytes = (value: Uint8Array | string): Buffer =>
  typeof value === "string"
    ? Buffer.from(value, "utf8")
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength);

function digest(scheme: WebhookSignatureScheme): Buffer {
  return createHmac(scheme.algorithm ?? "sha256", bytes(scheme.secret))
    .update(bytes(scheme.body))
    .digest();
}

function prefixOf(scheme: WebhookSignatureScheme): string {
  return scheme.prefix ?? `${scheme.algorithm ?? "sha256"}=`;
}

/** The signature of `body` under `secret` as the sender writes it, e.g. `sha256=<64 hex>` (for tests and clients). */
export function signWebhook(scheme: WebhookSignatureScheme): string {
  return `${prefixOf(scheme)}${digest(scheme).toString(scheme.encoding ?? "hex")}`;
}

const HEX = /^[0-9a-fA-F]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Checks a webhook signature in constant time (`crypto.timingSafeEqual` over the digest bytes; only the digest's
 * public length can short-cut): the signature must be the scheme's prefix followed by the HMAC of the body.
 * Never throws for a bad signature; see {@link assertWebhookSignature}.
 */
export function verifyWebhookSignature(options: VerifyWebhookSignatureOptions): WebhookSignatureCheck {
  const { signature } = options;
  if (signature === null || signature === undefined || signature.trim() === "") {
    return { valid: false, reason: "missing" };
  }
  const expected = digest(options);
  const prefix = prefixOf(options);
  const given = signature.trim();
  if (!given.startsWith(prefix)) return { valid: false, reason: "malformed" };
  const text = given.slice(prefix.length);
  const encoding = options.encoding ?? "hex";
  if (!(encoding === "hex" ? HEX : BASE64).test(text)) return { valid: false, reason: "malformed" };
  const received = Buffer.from(text, encoding);
  if (received.length !== expected.length) return { valid: false, reason: "malformed" };
  return timingSafeEqual(received, expected) ? { valid: true } : { valid: false, reason: "mismatch" };
}

/**
 * {@link verifyWebhookSignature}, throwing {@link WebhookSignatureError} when the signature is missing, malformed
 * or wrong. Thrown from `dispatch`, that error answers the webhook caller `401` and fires no event.
 */
export function assertWebhookSignature(options: VerifyWebhookSignatureOptions): void {
  const check = verifyWebhookSignature(options);
  if (!check.valid) throw new WebhookSignatureError(check.reason, options.header);
}
