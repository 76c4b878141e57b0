import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "./dify-plugin-error.js";

/**
 * A reverse call was started from a session the daemon never lets call Dify: a `model` session (§4.2 step 2, the
 * daemon answers `you can not invoke dify from model`). Model providers answer from their own code and the
 * credentials they were given; the call is refused here, before anything is sent.
 */
export class ReverseCallRefusedError extends DifyPluginError {
  /** The reverse call's type (`llm`, `tool`, `storage`, ...). */
  readonly invokeType: string;
  /** The access type of the session that tried it (`model`). */
  readonly sessionType: string;

  constructor(invokeType: string, sessionType: string, options: DifyPluginErrorOptions = {}) {
    super(
      "DIFY_ERR_REVERSE_CALL_REFUSED",
      `a ${sessionType} session cannot make reverse calls (tried ${invokeType}): the daemon refuses every call to Dify from a model plugin (§4.2); call the model's own API instead`,
      options,
    );
    this.invokeType = invokeType;
    this.sessionType = sessionType;
  }
}

brandError(ReverseCallRefusedError, "ReverseCallRefusedError");

/** Access types whose sessions the daemon forbids to call Dify (`internal/core/io_tunnel/backwards_invocation/task.go`). */
export const NO_REVERSE_CALL_SESSION_TYPES: ReadonlySet<string> = new Set(["model"]);
