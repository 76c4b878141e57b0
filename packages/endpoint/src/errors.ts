import { DifyPluginError } from "@x/core";
import { brandError } from "@x/core/internal";

/**
 * The settings Dify sent for an endpoint do not fit the group's settings form: a required one is missing or one
 * has the wrong type (e.g. a setting added to the plugin after the endpoint was created). The endpoint answers
 * 500 with this message, which names the setting and never its value.
 */
export class EndpointSettingsError extends DifyPluginError {
  /** The setting's name. */
  readonly setting: string;

  constructor(setting: string, problem: string) {
    super(
      "DIFY_ERR_ENDPOINT_SETTINGS",
      `endpoint setting \`${setting}\` ${problem}; open the endpoint's settings in Dify and save them again`,
    );
    this.setting = setting;
  }
}

brandError(EndpointSettingsError, "EndpointSettingsError");

/** An endpoint handler returned something that is not a Fetch `Response`. */
export class EndpointResponseError extends DifyPluginError {
  /** `METHOD /path` of the endpoint. */
  readonly endpoint: string;

  constructor(endpoint: string, got: string) {
    super(
      "DIFY_ERR_ENDPOINT_RESPONSE",
      `endpoint ${endpoint} returned ${got}; invoke must return (or resolve to) a Response, e.g. Response.json({...})`,
    );
    this.endpoint = endpoint;
  }
}

brandError(EndpointResponseError, "EndpointResponseError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `EndpointSettingsError`. */
    DIFY_ERR_ENDPOINT_SETTINGS: true;
    /** Code of `EndpointResponseError`. */
    DIFY_ERR_ENDPOINT_RESPONSE: true;
  }
}
