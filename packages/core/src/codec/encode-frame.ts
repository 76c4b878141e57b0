import { FrameTooLargeError } from "../errors/frame-too-large-error.js";
import { DEFAULT_MAX_OUTBOUND_LINE } from "./limits.js";

/**
 * Serialises one frame as compact JSON plus `\n`, refusing it with a {@link FrameTooLargeError} when the
 * line would exceed `maxLine` bytes. Nothing is written for a refused frame.
 */
export function encodeFrame(frame: unknown, maxLine: number = DEFAULT_MAX_OUTBOUND_LINE): string {
  const line = `${JSON.stringify(frame)}\n`;
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so short strings skip the byte count.
  if (line.length * 3 > maxLine) {
    const bytes = Buffer.byteLength(line, "utf8");
    if (bytes > maxLine) throw new FrameTooLargeError("outbound", bytes, maxLine);
  }
  return line;
}
