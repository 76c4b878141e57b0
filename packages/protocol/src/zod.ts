/**
 * The zod the SDK builds its schemas with, as source and bundlers see it: zod itself, loaded with the package.
 * Node running the built package unbundled gets `lazy-zod.ts` instead (the `node-addons` condition of
 * `@x/protocol/zod`), which loads zod on first use. `x-build` points every `import … from "zod"` of the SDK's
 * packages here.
 */
export { z } from "zod";

/** Loads zod `delayMs` from now unless it is loaded by then; here it always is, so this does nothing. */
export function loadZodSoon(_delayMs: number): void {}
