import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

/**
 * A plugin made reverse calls that no mock answers. The fake daemon answered each with an `error` event (so the
 * plugin saw a daemon error), and this error tells the test which calls need an answer.
 */
export class NotMockedError extends DifyPluginError {
  /** One description per unanswered call, e.g. `tool builtin/google/search`. */
  readonly calls: readonly string[];

  constructor(calls: readonly string[], options: DifyPluginErrorOptions = {}) {
    super(
      "DIFY_ERR_NOT_MOCKED",
      `not mocked: ${calls.join(", ")} (register an answer on the MockDify, e.g. mock.tool(...) or mock.onInvoke(...))`,
      options,
    );
    this.calls = calls;
  }
}

brandError(NotMockedError, "NotMockedError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `NotMockedError`. */
    DIFY_ERR_NOT_MOCKED: true;
  }
}
