/**
 * The daemon refuses an uploaded package whose total uncompressed size is over `MAX_PLUGIN_PACKAGE_SIZE`
 * (default 52428800 bytes; `NewZipPluginDecoderWithSizeLimit` in langgenius/dify-plugin-daemon).
 */
export const DAEMON_MAX_PACKAGE_SIZE = 52_428_800;

/**
 * Dify's API server refuses an upload over `PLUGIN_MAX_PACKAGE_SIZE` bytes before the daemon sees it.
 * Its default in Dify's API config is 15728640 (15 MiB); docker-compose deployments usually raise it to 50 MiB.
 */
export const DIFY_API_DEFAULT_MAX_UPLOAD = 15_728_640;
