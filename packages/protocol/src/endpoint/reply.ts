import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";
import { isHexText } from "./request.js";

// The reply of `invoke_endpoint` (§2.4.2): a stream of items (`EndpointResponseChunk`,
// `pkg/entities/endpoint_entities/endpoint.go`) that the daemon turns into the HTTP answer
// (`InvokeEndpoint`, `internal/core/io_tunnel/endpoint_service.go`):
// - Until the first item carrying `result`, each `status` replaces the status and each header is added; when the
//   answer is written, only the first value of each header name is kept (`internal/service/endpoint.go`).
// - The first item with `result` starts the body; from then on only `result` is read, and it is read from every
//   item, so an item without it makes the body writer fail (it dereferences a nil pointer).
// - Bad hex in the first `result` turns the answer into a 500; bad hex later silently ends the body.
// The Python SDK sends either one `{status, headers, result}` item or `{status, headers}` followed by one
// `{result}` item per chunk (`core/plugin_executor.py` `invoke_endpoint`).

/** The status the daemon answers with when no item sets one: 100 (Continue). */
export const ENDPOINT_DEFAULT_STATUS = 100;

const ITEM_KEYS = "an endpoint reply item has only status, headers and result (the body as hex)";

/**
 * One `stream` item of an `invoke_endpoint` reply: `status` (an HTTP status; the daemon decodes a `uint16` and
 * Go's HTTP server refuses codes outside 100-999), `headers` (string values), `result` (body bytes as hex). Every
 * key is optional; unknown keys are refused so a misspelt `body` is caught.
 */
export const EndpointReplyItemSchema = lazySchema(() =>
  z.strictObject(
    {
      status: z
        .number({ error: "status must be a number" })
        .int("status must be an integer")
        .min(100, "status must be an HTTP status code (100-999)")
        .max(999, "status must be an HTTP status code (100-999)")
        .nullish(),
      headers: z
        .record(z.string(), z.string({ error: "header values must be strings" }), {
          error: "headers must be an object of header name to string value",
        })
        .nullish(),
      result: z
        .string({ error: "result must be the body bytes as hex text" })
        .refine(isHexText, "result must be hex text (an even number of 0-9, a-f)")
        .nullish(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown key(s) ${issue.keys.join(", ")}: ${ITEM_KEYS}`
          : issue.code === "invalid_type"
            ? `${ITEM_KEYS}; got a non-object`
            : undefined,
    },
  ),
);

/** One `invoke_endpoint` reply item as sent. */
export type EndpointReplyItem = z.input<typeof EndpointReplyItemSchema>;

/**
 * A header name as Go's `http.Header` stores it (`textproto.CanonicalMIMEHeaderKey`): the first letter and every
 * letter after `-` upper case, the rest lower case; a name with characters outside the HTTP token set is kept as is.
 */
export function canonicalHeaderName(name: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return name;
  return name
    .toLowerCase()
    .replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}

/** What {@link checkEndpointReply} finds in a whole reply sequence. */
export interface EndpointReplyCheck {
  /** Items the daemon rejects or that break the body; empty when the reply is sound. */
  readonly problems: readonly string[];
  /** Things the daemon silently ignores or defaults (later headers, a missing status). */
  readonly warnings: readonly string[];
  /** The status the daemon answers with. */
  readonly status: number;
  /** The headers the daemon answers with, by canonical name (first value wins). */
  readonly headers: Readonly<Record<string, string>>;
  /** How many items carry body bytes. */
  readonly bodyItems: number;
}

/**
 * Checks a whole `invoke_endpoint` reply (every `stream` item, in order) the way the daemon reads it: each item's
 * shape, and that every item after the first one with `result` carries `result` too. Also returns the status and
 * headers the daemon would answer with. Pure; never throws.
 */
export function checkEndpointReply(items: readonly unknown[]): EndpointReplyCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  const headers = new Map<string, string>();
  let status = ENDPOINT_DEFAULT_STATUS;
  let statusSet = false;
  let bodyStart = -1;
  let bodyItems = 0;

  items.forEach((raw, index) => {
    const parsed = EndpointReplyItemSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const where = issue.path.length > 0 ? `.${issue.path.join(".")}` : "";
        problems.push(`item ${index}${where}: ${issue.message}`);
      }
      return;
    }
    const item = parsed.data;
    const hasHeaders =
      item.headers !== null && item.headers !== undefined && Object.keys(item.headers).length > 0;
    const hasResult = item.result !== null && item.result !== undefined;

    if (bodyStart >= 0) {
      if (hasResult) bodyItems++;
      else {
        problems.push(
          `item ${index} has no result, but item ${bodyStart} started the body: every later item must carry ` +
            "result (hex), or the daemon's body writer fails",
        );
      }
      if ((item.status !== null && item.status !== undefined) || hasHeaders) {
        warnings.push(
          `item ${index}: status and headers after the body started (item ${bodyStart}) are ignored`,
        );
      }
      return;
    }

    if (item.status !== null && item.status !== undefined) {
      status = item.status;
      statusSet = true;
    }
    if (hasHeaders) {
      for (const [name, value] of Object.entries(item.headers ?? {})) {
        const canonical = canonicalHeaderName(name);
        if (headers.has(canonical)) {
          warnings.push(`item ${index}: header ${canonical} is set again; the daemon keeps the first value`);
        } else headers.set(canonical, value);
      }
    }
    if (hasResult) {
      bodyStart = index;
      bodyItems++;
    }
  });

  if (!statusSet)
    warnings.push(`no item sets status: the daemon answers ${ENDPOINT_DEFAULT_STATUS} (Continue)`);
  return { problems, warnings, status, headers: Object.fromEntries(headers), bodyItems };
}
