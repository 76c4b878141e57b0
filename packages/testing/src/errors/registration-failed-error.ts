import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "@x/core";

/** The TCP fake daemon rejected a plugin's registration; `reply` is the plain-text line it sent before closing. */
export class RegistrationFailedError extends DifyPluginError {
  /** The daemon's rejection line, without the trailing newline. */
  readonly reply: string;

  constructor(reply: string, options: DifyPluginErrorOptions = {}) {
    super("registration_failed", `the fake daemon rejected the registration: ${reply}`, options);
    this.reply = reply;
  }

  /** True for a `RegistrationFailedError` from any copy of the package. */
  static override isInstance(error: unknown): error is RegistrationFailedError {
    return hasCode(error, "registration_failed");
  }
}
