import { z } from "zod";
import { lazySchema } from "./lazy-schema.js";

/** An object the daemon may send as `null` (Go nil map, no `omitempty`): read as `{}` (§8 item 16). */
export const ObjectOrEmptySchema = lazySchema(() =>
  z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((value) => value ?? {}),
);

/**
 * The `Credentials` struct most daemon requests embed (`pkg/entities/requests/model.go`): `credentials`, the
 * provider's decrypted credentials (`null` read as `{}`), and `credential_type` (`api-key`, `oauth2`,
 * `unauthorized`), which the daemon leaves out when empty (§2.3).
 */
export const CredentialsShape = lazySchema(() => ({
  credentials: ObjectOrEmptySchema,
  credential_type: z.string().nullish(),
}));
