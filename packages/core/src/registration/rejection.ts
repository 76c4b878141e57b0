import {
  RegistrationRejectedError,
  type RegistrationRejection,
} from "../errors/registration-rejected-error.js";

interface Rule {
  test: RegExp;
  reason: RegistrationRejection;
  hint: string;
}

// Matched on the stable parts of the daemon's texts (§1.3.2, §9 item 6); the first match wins.
const RULES: readonly Rule[] = [
  {
    test: /^handshake failed, invalid key/,
    reason: "invalid_key",
    hint: "REMOTE_INSTALL_KEY is wrong or expired (keys live 2 hours): copy a fresh debug key from Dify's Plugins page",
  },
  {
    test: /^handshake failed, invalid plugin declaration/,
    reason: "invalid_declaration",
    hint: "fix the manifest fields named above (run validateRegistration to see every problem)",
  },
  {
    test: /^handshake failed, invalid handshake message/,
    reason: "invalid_handshake",
    hint: "a registration frame was malformed; this is an SDK bug, please report it",
  },
  {
    test: /register failed, invalid \w[\w ]* declaration/,
    reason: "invalid_declaration",
    hint: "fix the declaration fields named above (run validateRegistration to see every problem)",
  },
  {
    test: /^server is busy now/,
    reason: "server_busy",
    hint: "the daemon has too many remote plugins connected; the SDK retries with backoff",
  },
  {
    test: /^assets too large/,
    reason: "assets_too_large",
    hint: "the plugin's assets exceed 50 MiB in total; shrink or drop some files",
  },
  {
    test: /^assets decode failed|^transfer assets failed/,
    reason: "assets_invalid",
    hint: "an asset chunk could not be decoded; this is an SDK bug, please report it",
  },
  {
    test: /^assets remap failed/,
    reason: "assets_remap_failed",
    hint: "an icon named in the manifest or a declaration is missing from the plugin's assets; add the file under exactly that name",
  },
  {
    test: /^no registration transferred/,
    reason: "no_registration",
    hint: "the plugin declares nothing: register at least one tool, model, endpoint, agent strategy, datasource or trigger",
  },
  {
    test: /^register failed, invalid manifest detected|^invalid manifest detected/,
    reason: "invalid_manifest",
    hint: "check the manifest's author and name (lowercase a-z, 0-9, _ and -) and that only tool and endpoint declarations are combined",
  },
  {
    test: /already (registered|completed)/,
    reason: "already_registered",
    hint: "a registration frame was sent twice; this is an SDK bug, please report it",
  },
];

/** Classifies one plain-text rejection line from the daemon into a {@link RegistrationRejectedError}. */
export function parseRejection(line: string): RegistrationRejectedError {
  const text = line.trim();
  for (const rule of RULES) {
    if (rule.test.test(text)) return new RegistrationRejectedError(rule.reason, text, rule.hint);
  }
  return new RegistrationRejectedError(
    "unknown",
    text,
    "the daemon refused the connection; check its log for details",
  );
}
