/**
 * The environment for a child `pnpm`/`npm`/`turbo` that must behave as in a fresh shell: without the settings
 * the surrounding `pnpm run` / turbo / vitest export (npm_config_*, TURBO_*, VITEST*), which would point the child
 * at this workspace.
 */
export function freshShellEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (
      /^(npm_|pnpm_|turbo_|vitest)/i.test(key) ||
      ["INIT_CWD", "NODE_OPTIONS", "NODE_ENV", "TEST"].includes(key)
    )
      continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}
