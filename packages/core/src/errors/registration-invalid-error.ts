import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "./dify-plugin-error.js";

/** One rule a manifest, declaration or asset breaks; `path` names the field, e.g. `tool.tools[0].description.llm`. */
export interface RegistrationIssue {
  /** Dotted path of the offending field (`manifest.version`, `assets.icon.svg`, ...). */
  path: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/** The manifest, declarations or assets break a rule the daemon enforces at registration; nothing was sent. */
export class RegistrationInvalidError extends DifyPluginError {
  /** Every problem found, each naming its field. */
  readonly issues: readonly RegistrationIssue[];

  constructor(issues: readonly RegistrationIssue[], options: DifyPluginErrorOptions = {}) {
    const shown = issues.slice(0, 10).map((issue) => `  - ${issue.path}: ${issue.message}`);
    if (issues.length > 10) shown.push(`  - ... and ${issues.length - 10} more`);
    super(
      "DIFY_ERR_REGISTRATION_INVALID",
      `the plugin's manifest or declarations would be rejected by the daemon:\n${shown.join("\n")}`,
      options,
    );
    this.issues = issues;
  }
}

brandError(RegistrationInvalidError, "RegistrationInvalidError");
