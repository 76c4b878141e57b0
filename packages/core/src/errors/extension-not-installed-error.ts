import { brandError } from "./brand.js";
import { DifyPluginError } from "./dify-plugin-error.js";

/**
 * Code reached `session.<name>` for a session extension the plugin did not install. The message names the line to
 * add: `uses: [<export>]` on the component that calls it, or `plugin.use(<export>)`.
 */
export class ExtensionNotInstalledError extends DifyPluginError {
  /** The session property that was read, e.g. `workflowNode`. */
  readonly extension: string;

  constructor(extension: string, exportName: string, packageName: string) {
    super(
      "DIFY_ERR_EXTENSION_NOT_INSTALLED",
      `session.${extension} is not installed: add \`uses: [${exportName}]\` to the tool (or other component) that ` +
        `calls it, or \`plugin.use(${exportName})\`, with \`import { ${exportName} } from "${packageName}"\``,
    );
    this.extension = extension;
  }
}

brandError(ExtensionNotInstalledError, "ExtensionNotInstalledError");
