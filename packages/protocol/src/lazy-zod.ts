import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { z as Zod } from "zod";

// zod loaded on first use, for Node running the built SDK unbundled (`@x/protocol/zod` under the `node-addons`
// condition, which Node sets and bundlers do not).
//
// Why: every zod entry loads all 64 of its locale modules, so importing zod costs ~50 ms of CPU, about as much as
// the rest of a plugin's start (measured on an idle machine, median of 15 starts, CPU from spawn to the first
// heartbeat: the empty plugin of tooling/perf 91 ms, bare Node 21 ms, bare Node importing only zod 70 ms). The
// SDK builds no schema while it loads (tooling/api-surface checks it), so zod can wait until the first frame is
// validated; the runtime loads it once the plugin is up (`loadZodSoon`). Until then nothing is validated, so
// nothing is lost.
//
// `require()` of zod's ES module (Node >= 22.12) gives the same module instance as `import "zod"` from here, so a
// plugin that imports zod itself shares it. Bundlers resolve `@x/protocol/zod` to zod.ts and bundle zod as usual.

let loaded: typeof Zod | undefined;

function zod(): typeof Zod {
  if (loaded === undefined) {
    const require = createRequire(import.meta.url);
    loaded = (require(fileURLToPath(import.meta.resolve("zod"))) as { z: typeof Zod }).z;
  }
  return loaded;
}

/**
 * Loads zod `delayMs` from now unless something loaded it by then (the runtime calls this once the plugin is up,
 * so the first request does not pay for the import). The timer never holds the process open.
 */
export function loadZodSoon(delayMs: number): void {
  if (loaded === undefined) setTimeout(zod, delayMs).unref();
}

/** zod's `z` namespace, loaded on first property read. */
export const z: typeof Zod = new Proxy(Object.create(null) as typeof Zod, {
  get: (_target, key) => Reflect.get(zod(), key),
  has: (_target, key) => Reflect.has(zod(), key),
  ownKeys: () => Reflect.ownKeys(zod()),
  getOwnPropertyDescriptor: (_target, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(zod(), key);
    // A proxy may only report a property its (empty) target lacks as configurable.
    return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
  },
});
