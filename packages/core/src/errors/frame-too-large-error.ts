import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "./dify-plugin-error.js";

/** A frame over the configured line limit; `direction` says whether it was being read or written. */
export class FrameTooLargeError extends DifyPluginError {
  /** Size of the frame in bytes (for inbound frames: at least this many). */
  readonly size: number;
  /** The limit that was exceeded, in bytes. */
  readonly limit: number;
  /** `inbound` when reading from the daemon, `outbound` when writing to it. */
  readonly direction: "inbound" | "outbound";

  constructor(
    direction: "inbound" | "outbound",
    size: number,
    limit: number,
    options: DifyPluginErrorOptions = {},
  ) {
    const hint =
      direction === "outbound"
        ? " (the daemon kills a local plugin whose stdout line exceeds its buffer; send large data as blob chunks)"
        : "";
    super(
      "DIFY_ERR_FRAME_TOO_LARGE",
      `${direction} frame of ${size} bytes exceeds the ${limit}-byte line limit${hint}`,
      options,
    );
    this.size = size;
    this.limit = limit;
    this.direction = direction;
  }
}

brandError(FrameTooLargeError, "FrameTooLargeError");
