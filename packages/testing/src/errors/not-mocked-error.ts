import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "@x/core";

/**
 * A plugin made reverse calls that no mock answers. The fake daemon answered each with an `error` event (so the
 * plugin saw a daemon error), and this error tells the test which calls need an answer.
 */
export class NotMockedError extends DifyPluginError {
  /** One description per unanswered call, e.g. `tool builtin/google/search`. */
  readonly calls: readonly string[];

  constructor(calls: readonly string[], options: DifyPluginErrorOptions = {}) {
    super(
      "not_mocked",
      `not mocked: ${calls.join(", ")} (register an answer on the MockDify, e.g. mock.tool(...) or mock.onInvoke(...))`,
      options,
    );
    this.calls = calls;
  }

  /** True for a `NotMockedError` from any copy of the package. */
  static override isInstance(error: unknown): error is NotMockedError {
    return hasCode(error, "not_mocked");
  }
}
