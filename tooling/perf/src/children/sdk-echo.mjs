// The SDK side of the round-trip benches (built @x/core, stdio transport): `sequential` makes `n` reverse calls
// one after the other; `parallel` keeps `n` in flight for `rounds` rounds. Both answer when done.
import { createStdioTransport, Plugin, PluginRuntime, silentLogger } from "@x/core";
import { toolExtension } from "@x/tool";

const plugin = new Plugin()
  .use(toolExtension)
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
  .on("bench", "blob", async (session, data) => {
    const bytes = Number(data.bytes);
    const [blob] = await session.tool
      .invokeBuiltinTool("bench/blob/blob", "blob", {}, { maxBlobSize: bytes })
      .blobs();
    return { bytes: blob?.bytes.byteLength ?? 0 };
  });

await new PluginRuntime({ plugin, transport: createStdioTransport(), logger: silentLogger }).start();
