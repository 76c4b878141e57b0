import { brandError } from "./brand.js";
import { DifyPluginError } from "./dify-plugin-error.js";

/** The daemon sent a `(type, action)` pair that no handler is registered for. */
export class HandlerNotFoundError extends DifyPluginError {
  /** The request's access type. */
  readonly type: string;
  /** The request's action. */
  readonly action: string;

  constructor(type: string, action: string) {
    super("DIFY_ERR_HANDLER_NOT_FOUND", `no handler registered for type \`${type}\` action \`${action}\``);
    this.type = type;
    this.action = action;
  }
}

brandError(HandlerNotFoundError, "HandlerNotFoundError");
