import { ProtocolError } from "../errors/protocol-error.js";

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Encodes bytes as lowercase hex, the encoding the daemon uses for binary values (storage, TTS, speech-to-text). */
export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/**
 * Decodes a hex string from the daemon. Throws `ProtocolError` on odd length or a non-hex character, because
 * `Buffer.from(text, "hex")` would silently stop at the first bad character and lose data.
 */
export function hexToBytes(hex: string, what = "hex value"): Uint8Array {
  if (!HEX.test(hex)) {
    throw new ProtocolError(`${what} is not valid hex (length ${hex.length})`, { excerpt: hex.slice(0, 32) });
  }
  const buffer = Buffer.from(hex, "hex");
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
