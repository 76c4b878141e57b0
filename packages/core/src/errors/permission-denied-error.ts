import { brandError } from "./brand.js";
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
    super(details, { code: "DIFY_ERR_PERMISSION_DENIED" });
    this.permission = details.permission;
    this.message = `${details.invokeType} invocation denied: enable \`${details.permission}\` under resource.permission in the plugin manifest (daemon said: ${details.daemonMessage})`;
  }

  /** Returns the permission named by a daemon error text, or undefined when the text is not a permission denial. */
  static parsePermission(daemonMessage: string): string | undefined {
    return PERMISSION_TEXT.exec(daemonMessage)?.[1];
  }
}

brandError(PermissionDeniedError, "PermissionDeniedError");
