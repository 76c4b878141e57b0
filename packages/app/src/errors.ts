import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "@x/core";

/** The app run failed inside Dify: an `error` event in the stream, or a failed workflow in blocking mode. */
export class AppRunError extends DifyPluginError {
  /** The app that failed. */
  readonly appId: string;
  /** Dify's error code (e.g. `invalid_param`, `provider_quota_exceeded`), when sent. */
  readonly errorCode: string | undefined;
  /** HTTP-like status Dify attached, when sent. */
  readonly status: number | undefined;

  constructor(
    appId: string,
    message: string,
    options: DifyPluginErrorOptions & { errorCode?: string | undefined; status?: number | undefined } = {},
  ) {
    super("app_run_failed", `app ${appId} failed: ${message}`, options);
    this.appId = appId;
    this.errorCode = options.errorCode;
    this.status = options.status;
  }

  /** True for an `AppRunError` from any copy of the package. */
  static override isInstance(error: unknown): error is AppRunError {
    return hasCode(error, "app_run_failed");
  }
}
