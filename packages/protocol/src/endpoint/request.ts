import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/** Access type of endpoint requests (`data.type`, §2.2). */
export const ENDPOINT_ACCESS_TYPE = "endpoint";

/** The only endpoint action (`data.action`, §2.3). */
export const INVOKE_ENDPOINT_ACTION = "invoke_endpoint";

/** True when `value` is text Go's `hex.DecodeString` accepts: an even number of hex digits (either case). */
export function isHexText(value: string): boolean {
  return value.length % 2 === 0 && !/[^0-9a-fA-F]/.test(value);
}

/**
 * A raw HTTP/1.1 request as hex text (§2.4.2, §2.4.3): `invoke_endpoint`, the OAuth callback of `get_credentials`
 * and trigger requests carry one. Left as text; decode it with `Buffer.from(hex, "hex")`.
 */
export const RawHttpRequestHexSchema = lazySchema(() =>
  z
    .string({ error: "raw_http_request must be a string" })
    .min(1, "raw_http_request must not be empty")
    .refine(isHexText, "raw_http_request must be hex text (an even number of 0-9, a-f)"),
);

/**
 * `data` of `endpoint` / `invoke_endpoint` (`RequestInvokeEndpoint`, `pkg/entities/requests/endpoint.go`):
 * the incoming HTTP call as hex (see `./http.ts` for what the daemon changes in it) and the endpoint's decrypted
 * settings (`null` read as `{}`). `user_id` is `""` for endpoint sessions; the envelope's `endpoint_id` is set.
 * Unknown keys are kept.
 */
export const InvokeEndpointRequestSchema = lazySchema(() =>
  z.looseObject({
    raw_http_request: RawHttpRequestHexSchema,
    settings: z
      .record(z.string(), z.unknown())
      .nullish()
      .transform((settings) => settings ?? {}),
  }),
);

/** A parsed `invoke_endpoint` request. */
export type InvokeEndpointRequest = z.infer<typeof InvokeEndpointRequestSchema>;
