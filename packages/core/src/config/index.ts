export { parseDotenv } from "./dotenv.js";
export {
  type InstallMethod,
  type LoadConfigOptions,
  loadConfig,
  type PluginConfig,
  type PluginConfigOverrides,
} from "./load-config.js";
