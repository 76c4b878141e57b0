import { hasCode } from "./dify-plugin-error.js";
import { InvocationError, type InvocationErrorDetails } from "./invocation-error.js";

const PERMISSION_TEXT = /permission denied, you need to enable (.+?) access in plugin manifest/;

/**
 * The daemon refused a reverse call because the plugin manifest does not enable it
 * (`permission denied, you need to enable <permission> access in plugin manifest`).
 */
export class PermissionDeniedError extends InvocationError {
  /** The permission the manifest must enable, as the daemon names it (`tool`, `node`, `llm`, `storage`, ...). */
  readonly permission: string;

  constructor(details: InvocationErrorDetails & { permission: string }) {
    super(details, { code: "permission_denied" });
    this.permission = details.permission;
    this.message = `${details.invokeType} invocation denied: enable \`${details.permission}\` under resource.permission in the plugin manifest (daemon said: ${details.daemonMessage})`;
  }

  /** Returns the permission named by a daemon error text, or undefined when the text is not a permission denial. */
  static parsePermission(daemonMessage: string): string | undefined {
    return PERMISSION_TEXT.exec(daemonMessage)?.[1];
  }

  /** True for a `PermissionDeniedError` from any copy of the package. */
  static override isInstance(error: unknown): error is PermissionDeniedError {
    return hasCode(error, "permission_denied");
  }
}
