import { ASSET_CHUNK_BYTES, type RegistrationFrame } from "@x/protocol";
import {
  type AssetsInput,
  assetEntries,
  type DeclarationsInput,
  declarationEntries,
} from "./validate-registration.js";

/** What {@link registrationFrames} needs. */
export interface RegistrationFramesInput {
  /** The remote-debugging key (`REMOTE_INSTALL_KEY`). */
  key: string;
  /** The manifest object. */
  manifest: unknown;
  /** Typed declarations by kind. */
  declarations: DeclarationsInput;
  /** Asset files by name. */
  assets?: AssetsInput;
}

/**
 * The registration frames in the order the daemon needs them: `handshake`, `manifest_declaration` (it replaces
 * the runtime config, so it precedes the typed declarations), each `<kind>_declaration` as an array, every asset
 * in base64 chunks of at most 8192 raw bytes, then `end`.
 */
export function* registrationFrames(input: RegistrationFramesInput): Generator<RegistrationFrame> {
  yield { type: "handshake", data: { key: input.key } };
  yield { type: "manifest_declaration", data: input.manifest };
  for (const [kind, items] of declarationEntries(input.declarations)) {
    yield { type: `${kind}_declaration` as const, data: [...items] };
  }
  for (const [filename, bytes] of assetEntries(input.assets)) {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let offset = 0; offset < buffer.length; offset += ASSET_CHUNK_BYTES) {
      const end = Math.min(offset + ASSET_CHUNK_BYTES, buffer.length);
      yield {
        type: "asset_chunk",
        data: { filename, data: buffer.toString("base64", offset, end), end: end === buffer.length },
      };
    }
  }
  yield { type: "end", data: {} };
}
