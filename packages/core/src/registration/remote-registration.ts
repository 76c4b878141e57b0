import type { TcpHandshake } from "../transport/tcp/tcp-transport.js";
import { registrationFrames } from "./registration-frames.js";
import { parseRejection } from "./rejection.js";
import {
  type AssetsInput,
  assertValidRegistration,
  type DeclarationsInput,
} from "./validate-registration.js";

/** What {@link remoteRegistration} needs: the debug key and what the plugin registers. */
export interface RemoteRegistrationInput {
  /** The debug key (`REMOTE_INSTALL_KEY`). Sent only in the handshake frame; masked in logs. */
  key: string;
  /** The `manifest_declaration` object. */
  manifest: unknown;
  /** Typed declarations by kind (e.g. `plugin.declarations()`). */
  declarations: DeclarationsInput;
  /** Asset files by name (e.g. `plugin.assets()`). */
  assets?: AssetsInput;
  /** Check the manifest, declarations and assets against the daemon's rules before connecting. Default true. */
  validate?: boolean;
}

/**
 * The remote-debugging registration as a TCP handshake (§1.3.2): `handshake` with the key, `manifest_declaration`,
 * each `<kind>_declaration`, the assets in chunks, then `end`, sent again on every reconnection; the daemon's
 * plain-text refusals become `RegistrationRejectedError`s that say what to fix. With `validate` (the default),
 * `check()` applies the daemon's rules first and throws `RegistrationInvalidError` before anything is sent.
 */
export function remoteRegistration(input: RemoteRegistrationInput): TcpHandshake {
  const registration = {
    key: input.key,
    manifest: input.manifest,
    declarations: input.declarations,
    ...(input.assets ? { assets: input.assets } : {}),
  };
  return {
    secrets: input.key ? [input.key] : [],
    check: () => {
      if (input.validate !== false) assertValidRegistration(registration);
    },
    frames: () => registrationFrames(registration),
    // A daemon that echoes the key in its refusal must not get it printed: the key is masked before parsing.
    rejection: (line) => parseRejection(input.key ? line.split(input.key).join("[redacted]") : line),
  };
}
