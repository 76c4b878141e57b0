export { DaemonRequestTimeoutError } from "./daemon-request-timeout-error.js";
export { NotMockedError } from "./not-mocked-error.js";
export { PluginLaunchError } from "./plugin-launch-error.js";
export { RegistrationFailedError } from "./registration-failed-error.js";
