export { CheckFailedError } from "./check-failed-error.js";
export { type PackagedFileSize, PackageTooLargeError } from "./package-too-large-error.js";
export { PluginLoadError } from "./plugin-load-error.js";
export { ScaffoldError } from "./scaffold-error.js";
export { SigningError } from "./signing-error.js";
