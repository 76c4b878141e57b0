// The SDK's smallest plugin, run from the built @x/core: startup and idle memory of the runtime itself.
import { Plugin, runPlugin } from "@x/core";

await runPlugin(new Plugin(), { cwd: false });
