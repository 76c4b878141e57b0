import { DEFAULT_NODE_REQUIREMENT, type NodeSource } from "./requirements.js";
import { DIFY_API_DEFAULT_MAX_UPLOAD } from "./size-limits.js";

/** What {@link installInstructions} needs to know about the package. */
export interface InstallInstructionsInput {
  /** The `.difypkg` path. */
  file: string;
  /** Its size in bytes. */
  size: number;
  /** Where the package gets Node from. Default `wheel`. */
  node?: NodeSource;
  /** The `requirements.txt` line for `wheel`. Default {@link DEFAULT_NODE_REQUIREMENT}. */
  nodeRequirement?: string;
  /** True when the package was signed (`package --sign`). */
  signed?: boolean;
}

/**
 * How to install a built package on a self-hosted Dify, printed after `package`: the signature step (which
 * `FORCE_VERIFYING_SIGNATURE`, on by default, makes necessary), then what a stock, a mirrored and an
 * air-gapped daemon need to give the plugin its Node. Every sentence is what the daemon's source does
 * (`internal/service/plugin_decoder.go`, `internal/core/local_runtime/setup_python_environment.go`).
 */
export function installInstructions(input: InstallInstructionsInput): string {
  const node = input.node ?? "wheel";
  const requirement = input.nodeRequirement ?? DEFAULT_NODE_REQUIREMENT;
  const lines = [
    `Install ${input.file} on Dify: Plugins → Install plugin → Local package file.`,
    "",
    "Signature (the plugin daemon's FORCE_VERIFYING_SIGNATURE is true unless you changed it):",
  ];
  if (input.signed) {
    lines.push(
      "  The package is signed. The daemon accepts it once the public key is registered:",
      "  THIRD_PARTY_SIGNATURE_VERIFICATION_ENABLED=true and THIRD_PARTY_SIGNATURE_VERIFICATION_PUBLIC_KEYS=<path of",
      "  the .public.pem inside the plugin_daemon container>, then restart the daemon (x-plugin keygen prints the steps).",
    );
  } else {
    lines.push(
      '  The package is unsigned, so a default daemon refuses it ("plugin verification has been enabled, and the plugin',
      '  you want to install has a bad signature"). Either sign it (x-plugin keygen once, then x-plugin package',
      "  --sign <key>.private.pem, and register the public key as keygen says), or set FORCE_VERIFYING_SIGNATURE=false",
      "  in the plugin daemon's environment and restart it.",
    );
  }
  lines.push("", "Node.js:");
  if (node === "wheel") {
    lines.push(
      `  requirements.txt pins ${requirement}; on install the daemon runs \`uv pip install -r requirements.txt\`.`,
      "  - Dify with internet access: nothing to do; the wheel comes from PyPI (or the mirror the daemon picked).",
      "  - Dify behind a PyPI mirror (PIP_MIRROR_URL): the mirror must have that exact wheel for the daemon's platform.",
      "  - Air-gapped Dify without such a mirror: the install fails and the plugin never starts. Build with",
      "    --node system instead, and give the daemon a Node.js (see below).",
      "  The wheel is a download of tens of MB. The daemon stops an install that prints nothing for",
      "  PYTHON_ENV_INIT_TIMEOUT seconds (default 120) and any install after 10 minutes: on a slow link, raise",
      "  PYTHON_ENV_INIT_TIMEOUT (e.g. 600) in the daemon's environment, or use a nearby mirror.",
    );
  } else {
    lines.push(
      "  Built with --node system: requirements.txt lists nothing, so the install needs no network, on any Dify.",
      "  The plugin then runs the daemon machine's Node.js (>= 22.12), which the stock plugin_daemon image does not",
      "  have. Give it one before installing: put a node binary into the plugin_daemon container (a volume or your",
      "  own image) and set X_PLUGIN_NODE=<its path in the container> in the daemon's environment, or put node on",
      "  the daemon's PATH; then restart the daemon. Without it the plugin exits at start and its log says so.",
    );
  }
  if (input.size > DIFY_API_DEFAULT_MAX_UPLOAD) {
    lines.push(
      "",
      `Note: the file is ${input.size} bytes; Dify's API refuses uploads over PLUGIN_MAX_PACKAGE_SIZE`,
      `(default ${DIFY_API_DEFAULT_MAX_UPLOAD} bytes). Raise it (and NGINX_CLIENT_MAX_BODY_SIZE) if the upload fails.`,
    );
  }
  return lines.join("\n");
}
