export { type CheckOptions, type CheckReport, checkPlugin } from "./check/check-plugin.js";
export { formatProblem, type Problem, type Severity } from "./check/problem.js";
export { type CliIo, runCli } from "./cli/run-cli.js";
export { type DevProxy, type DevProxyEvents, type DevProxyOptions, startDevProxy } from "./dev/dev-proxy.js";
export { type Diagnosis, diagnoseConnectError, diagnoseRejection } from "./dev/diagnose.js";
export { type DevOptions, type DevResult, runDev } from "./dev/run-dev.js";
export {
  CheckFailedError,
  type PackagedFileSize,
  PackageTooLargeError,
  PluginLoadError,
  ScaffoldError,
  SigningError,
} from "./errors/index.js";
export { type InstallInstructionsInput, installInstructions } from "./package/install-instructions.js";
export {
  type LayoutFile,
  type PackageLayout,
  type PackageLayoutInput,
  packageLayout,
} from "./package/package-layout.js";
export { type PackageOptions, type PackageResult, packagePlugin } from "./package/package-plugin.js";
export { generatedReadme, packageReadmes, type ReadmeFile } from "./package/package-readme.js";
export { BUNDLE_FILE, PYTHON_ENTRYPOINT, pythonEntrypointSource } from "./package/python-entrypoint.js";
export {
  DEFAULT_NODE_REQUIREMENT,
  NODE_SOURCES,
  NODE_WHEEL_VERSION,
  type NodeSource,
  requirementsSource,
} from "./package/requirements.js";
export { DAEMON_MAX_PACKAGE_SIZE, DIFY_API_DEFAULT_MAX_UPLOAD } from "./package/size-limits.js";
export {
  readZip,
  type WriteZipOptions,
  writeZip,
  type ZipContents,
  type ZipEntry,
  type ZipFile,
} from "./package/zip.js";
export {
  checkPermissions,
  PERMISSION_CHECK_MODES,
  type PermissionCheckInput,
  type PermissionCheckMode,
} from "./permissions/check-permissions.js";
export {
  detectInSource,
  detectReverseCalls,
  type ReverseCallUsage,
  type UsageKind,
} from "./permissions/detect-usage.js";
export {
  INVOKE_TYPE_PERMISSION,
  isGranted,
  PERMISSION_FLAGS,
  type PermissionFlag,
} from "./permissions/permission-families.js";
export {
  type LoadedPlugin,
  type LoadPluginOptions,
  loadPlugin,
  type PluginLike,
} from "./project/load-plugin.js";
export { type PluginProject, type PluginProjectConfig, projectPath, readProject } from "./project/project.js";
export { readAssets } from "./project/read-assets.js";
export {
  type InitOptions,
  type InitResult,
  initProject,
  PLUGIN_KINDS,
  type PluginKind,
  templatesDir,
} from "./scaffold/init-project.js";
export { cliVersion } from "./scaffold/version.js";
export {
  AUTHORIZED_CATEGORIES,
  type AuthorizedCategory,
  type PackageVerification,
  type SignedPackage,
  type SignPackageOptions,
  signedData,
  signPackage,
  VERIFICATION_FILE,
  verifyPackage,
} from "./sign/package-signature.js";
export {
  DEFAULT_KEY_NAME,
  type KeyPairFiles,
  readPrivateKeyFile,
  readPublicKeyFile,
  registerKeyInstructions,
  signedFileName,
  signPackageFile,
  verifyPackageFile,
  writeKeyPair,
} from "./sign/sign-files.js";
export {
  generateSigningKeyPair,
  loadPrivateKey,
  loadPublicKey,
  publicKeyPemOf,
  SIGNING_KEY_BITS,
  type SigningKeyPair,
} from "./sign/signing-keys.js";
