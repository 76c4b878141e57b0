import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

/** The TCP fake daemon rejected a plugin's registration; `reply` is the plain-text line it sent before closing. */
export class RegistrationFailedError extends DifyPluginError {
  /** The daemon's rejection line, without the trailing newline. */
  readonly reply: string;

  constructor(reply: string, options: DifyPluginErrorOptions = {}) {
    super(
      "DIFY_ERR_FAKE_DAEMON_REGISTRATION",
      `the fake daemon rejected the registration: ${reply}`,
      options,
    );
    this.reply = reply;
  }
}

brandError(RegistrationFailedError, "RegistrationFailedError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `RegistrationFailedError`. */
    DIFY_ERR_FAKE_DAEMON_REGISTRATION: true;
  }
}
