import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "./dify-plugin-error.js";

/** Why the daemon refused a remote-debugging registration (parsed from its plain-text rejection line). */
export type RegistrationRejection =
  | "invalid_key"
  | "invalid_handshake"
  | "invalid_declaration"
  | "server_busy"
  | "assets_too_large"
  | "assets_invalid"
  | "assets_remap_failed"
  | "no_registration"
  | "invalid_manifest"
  | "already_registered"
  | "unknown";

/**
 * The daemon closed the remote-debugging connection with a rejection line. `reason` classifies it, the message
 * says what to fix, `daemonMessage` keeps the daemon's words. Only `server_busy` is worth retrying.
 */
export class RegistrationRejectedError extends DifyPluginError {
  /** What the daemon objected to. */
  readonly reason: RegistrationRejection;
  /** The daemon's rejection line, verbatim (it never contains the debug key). */
  readonly daemonMessage: string;
  /** True when reconnecting later may succeed (the daemon was busy). */
  readonly retryable: boolean;

  constructor(
    reason: RegistrationRejection,
    daemonMessage: string,
    hint: string,
    options: DifyPluginErrorOptions = {},
  ) {
    super(
      "DIFY_ERR_REGISTRATION_REJECTED",
      `the daemon rejected the plugin: ${daemonMessage}. ${hint}`,
      options,
    );
    this.reason = reason;
    this.daemonMessage = daemonMessage;
    this.retryable = reason === "server_busy";
  }
}

brandError(RegistrationRejectedError, "RegistrationRejectedError");
