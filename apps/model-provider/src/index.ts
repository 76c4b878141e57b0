export { ICON_FILE, manifest } from "./manifest.js";
export { plugin } from "./plugin.js";
export { gatewayProvider } from "./provider.js";
