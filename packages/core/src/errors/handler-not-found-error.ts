import { DifyPluginError, hasCode } from "./dify-plugin-error.js";

/** The daemon sent a `(type, action)` pair that no handler is registered for. */
export class HandlerNotFoundError extends DifyPluginError {
  /** The request's access type. */
  readonly type: string;
  /** The request's action. */
  readonly action: string;

  constructor(type: string, action: string) {
    super("handler_not_found", `no handler registered for type \`${type}\` action \`${action}\``);
    this.type = type;
    this.action = action;
  }

  /** True for a `HandlerNotFoundError` from any copy of the package. */
  static override isInstance(error: unknown): error is HandlerNotFoundError {
    return hasCode(error, "handler_not_found");
  }
}
