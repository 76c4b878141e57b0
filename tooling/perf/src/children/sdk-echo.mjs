// The SDK side of the round-trip benches (built @x/core): `sequential` makes `n` reverse calls one after the other;
// `parallel` keeps `n` in flight for `rounds` rounds. Both answer when done. Stdio by default; with
// INSTALL_METHOD=remote it registers over TCP through runPlugin, as `x-plugin dev` would.
import {
  createStdioTransport,
  definePluginManifest,
  Plugin,
  PluginRuntime,
  runPlugin,
  silentLogger,
} from "@x/core";
import { toolExtension } from "@x/tool";

const remote = process.env.INSTALL_METHOD === "remote";
const manifest = definePluginManifest({
  version: "0.0.1",
  author: "bench",
  name: "bench",
  label: "Bench",
  description: "Round-trip benchmark plugin",
  icon: "icon.svg",
  created_at: "2025-01-01T00:00:00Z",
  permission: { tool: { enabled: true } },
});

const plugin = new Plugin(remote ? { manifest } : {})
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

if (remote) {
  await runPlugin(plugin, { cwd: false, logger: silentLogger, tcp: { validate: false, confirmDelay: 20 } });
} else {
  await new PluginRuntime({ plugin, transport: createStdioTransport(), logger: silentLogger }).start();
}
