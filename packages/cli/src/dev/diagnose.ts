/** A daemon rejection line and what the developer should do about it. */
export interface Diagnosis {
  /** The daemon's text, as received. */
  daemonMessage: string;
  /** What to fix, in one or two sentences. */
  fix: string;
}

const RULES: ReadonlyArray<[RegExp, string]> = [
  [
    /invalid key|failed to get connection info/i,
    "the debugging key is wrong or expired (keys live 2 hours). In Dify open Plugins → Debug (the bug icon), copy the key, and set REMOTE_INSTALL_KEY in .env or the environment.",
  ],
  [
    /invalid plugin declaration|invalid manifest detected/i,
    "the daemon rejected the manifest: fix the field it names in src/manifest.ts (run `x-plugin check` for every problem).",
  ],
  [
    /(tools?|models?|endpoints?|agent strateg\w*|datasources?|triggers?) register failed|invalid \w+s? declaration/i,
    "the daemon rejected a declaration: fix the tool/endpoint definition it names (run `x-plugin check`).",
  ],
  [
    /assets remap failed|file not found/i,
    "an icon named by the manifest or a provider is not among the uploaded assets: add it under _assets/ with exactly that file name.",
  ],
  [/assets too large/i, "the files under _assets/ add up to more than 50 MB: shrink them."],
  [
    /no registration transferred/i,
    "the plugin declares nothing: register a tool provider (or endpoints) on it.",
  ],
  [/already registered/i, "the plugin sent a declaration twice: register each provider once."],
  [
    /server is busy/i,
    "the daemon has too many debugging connections (PLUGIN_REMOTE_INSTALLING_MAX_CONN): try again.",
  ],
  [
    /handshake failed/i,
    "the daemon refused the registration; check REMOTE_INSTALL_KEY and `x-plugin check`.",
  ],
];

/** Explains a plain-text failure line from the daemon's remote-debugging port. */
export function diagnoseRejection(daemonMessage: string): Diagnosis {
  const text = daemonMessage.trim();
  for (const [pattern, fix] of RULES) if (pattern.test(text)) return { daemonMessage: text, fix };
  return { daemonMessage: text, fix: "the daemon closed the registration; see its message above." };
}

/** Explains a failure to connect to the daemon's remote-debugging port. */
export function diagnoseConnectError(host: string, port: number, code: string | undefined): string {
  const target = `${host}:${port}`;
  switch (code) {
    case "ECONNREFUSED":
      return `nothing accepts connections at ${target}. Point REMOTE_INSTALL_URL at the plugin daemon's remote-debugging port (PLUGIN_REMOTE_INSTALLING_PORT, 5003 by default; docker-compose publishes it as EXPOSE_PLUGIN_DEBUGGING_PORT) and check the daemon is running.`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `the host "${host}" does not resolve. Fix the host in REMOTE_INSTALL_URL (the machine running Dify's plugin daemon).`;
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `${target} is unreachable (${code}). Check the host, the port and any firewall between you and Dify.`;
    default:
      return `cannot connect to ${target}${code ? ` (${code})` : ""}. Check REMOTE_INSTALL_URL.`;
  }
}
