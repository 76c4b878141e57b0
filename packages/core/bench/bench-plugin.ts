import { Plugin } from "../src/index.js";

/**
 * The plugin every round-trip bench runs: `sequential` makes `n` reverse calls one after the other, `parallel`
 * keeps `n` in flight for `rounds` rounds, `hold` starts `n` calls and waits until released (heap bench).
 */
export function benchPlugin(hold?: { started: (count: number) => void; release: Promise<void> }): Plugin {
  return new Plugin()
    .on("bench", "sequential", async (session, data) => {
      const n = Number(data.n);
      for (let i = 0; i < n; i++) await session.invoke("tool", { i }).toArray();
      return { n };
    })
    .on("bench", "parallel", async (session, data) => {
      const n = Number(data.n);
      const rounds = Number(data.rounds);
      for (let round = 0; round < rounds; round++) {
        await Promise.all(Array.from({ length: n }, (_, i) => session.invoke("tool", { i }).toArray()));
      }
      return { n, rounds };
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
