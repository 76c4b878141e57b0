import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/** Raw bytes per `asset_chunk`, like the Python SDK (the daemon accepts any size up to 50 MiB in total). */
export const ASSET_CHUNK_BYTES = 8192;

/** The daemon's cap on the summed size of a plugin's assets (it counts base64 characters). */
export const MAX_ASSETS_BYTES = 50 * 1024 * 1024;

/** The types of remote-debugging registration frames (§1.3.2). */
export const REGISTRATION_FRAME_TYPES = [
  "handshake",
  "manifest_declaration",
  "tool_declaration",
  "model_declaration",
  "endpoint_declaration",
  "agent_strategy_declaration",
  "datasource_declaration",
  "trigger_declaration",
  "asset_chunk",
  "end",
] as const;

/** One remote-debugging registration frame: `{ type, data }` (`RemotePluginRegisterPayload`, §1.3.2). */
export const RegistrationFrameSchema = lazySchema(() =>
  z.object({
    type: z.enum(REGISTRATION_FRAME_TYPES),
    /** Required: the daemon rejects a frame without `data`. */
    data: z.unknown(),
  }),
);

/** One registration frame. */
export type RegistrationFrame = z.infer<typeof RegistrationFrameSchema>;

/** `data` of the `handshake` frame. */
export const HandshakeDataSchema = lazySchema(() => z.object({ key: z.string().min(1) }));

/** `data` of one `asset_chunk` frame: at most 8192 raw bytes of a file, base64. */
export const AssetChunkDataSchema = lazySchema(() =>
  z.object({
    filename: z.string().min(1),
    data: z.string().min(1, "an asset chunk must carry data (empty assets cannot be registered)"),
    end: z.boolean(),
  }),
);
