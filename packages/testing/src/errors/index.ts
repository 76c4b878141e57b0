export { CassetteFormatError } from "./cassette-format-error.js";
export {
  CassetteMismatchError,
  CassetteUnusedError,
  type NearestRecordedCall,
} from "./cassette-mismatch-error.js";
export { DaemonRequestTimeoutError } from "./daemon-request-timeout-error.js";
export { NotMockedError } from "./not-mocked-error.js";
export { PluginLaunchError } from "./plugin-launch-error.js";
export { RegistrationFailedError } from "./registration-failed-error.js";
