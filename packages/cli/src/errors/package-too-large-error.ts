import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

/** One file of a package and its uncompressed size. */
export interface PackagedFileSize {
  /** Path inside the package. */
  path: string;
  /** Uncompressed bytes. */
  size: number;
}

/** The package's uncompressed size is over the daemon's `MAX_PLUGIN_PACKAGE_SIZE`; the daemon would refuse it. */
export class PackageTooLargeError extends DifyPluginError {
  /** Total uncompressed bytes. */
  readonly size: number;
  /** The limit that was exceeded. */
  readonly limit: number;
  /** The largest files, biggest first. */
  readonly largest: readonly PackagedFileSize[];

  constructor(
    size: number,
    limit: number,
    largest: readonly PackagedFileSize[],
    options: DifyPluginErrorOptions = {},
  ) {
    const top = largest.map((file) => `  ${file.path}: ${file.size} bytes`).join("\n");
    super(
      "DIFY_ERR_PACKAGE_TOO_LARGE",
      `the package is ${size} bytes uncompressed, over the daemon's limit of ${limit} bytes (MAX_PLUGIN_PACKAGE_SIZE). Largest files:\n${top}`,
      options,
    );
    this.size = size;
    this.limit = limit;
    this.largest = largest;
  }
}

brandError(PackageTooLargeError, "PackageTooLargeError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `PackageTooLargeError`. */
    DIFY_ERR_PACKAGE_TOO_LARGE: true;
  }
}
