import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

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
    super("DIFY_ERR_APP_RUN_FAILED", `app ${appId} failed: ${message}`, options);
    this.appId = appId;
    this.errorCode = options.errorCode;
    this.status = options.status;
  }
}

brandError(AppRunError, "AppRunError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `AppRunError`. */
    DIFY_ERR_APP_RUN_FAILED: true;
  }
}
