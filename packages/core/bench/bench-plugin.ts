import { Plugin } from "../src/index.js";

/**
 * The plugin every round-trip bench runs: `sequential` makes `n` reverse calls one after the other, `parallel`
 * keeps `n` in flight for `rounds` rounds, `hold` starts `n` calls and waits until released (heap bench).
 * `sequential` and `parallel` answer the time they took inside the plugin (`ms`). Routes are added to `plugin`
 * (a bare one by default; the TCP bench passes one that carries a manifest to register).
 */
export function benchPlugin(
  hold?: { started: (count: number) => void; release: Promise<void> },
  plugin: Plugin = new Plugin(),
): Plugin {
  return plugin
    .on("bench", "sequential", async (session, data) => {
      const n = Number(data.n);
      const started = performance.now();
      for (let i = 0; i < n; i++) await session.invoke("tool", { i }).toArray();
      return { n, ms: performance.now() - started };
    })
    .on("bench", "parallel", async (session, data) => {
      const n = Number(data.n);
      const rounds = Number(data.rounds);
      const started = performance.now();
      for (let round = 0; round < rounds; round++) {
        await Promise.all(Array.from({ length: n }, (_, i) => session.invoke("tool", { i }).toArray()));
      }
      return { n, rounds, ms: performance.now() - started };
    })
    .on("bench", "hold", async (session, data) => {
      const n = Number(data.n);
      const calls = Array.from({ length: n }, (_, i) =>
        session
          .invoke("tool", { i })
          .toArray()
          .catch(() => []),
      );
      hold?.started(n);
      await hold?.release;
      return { n: calls.length };
    });
}
