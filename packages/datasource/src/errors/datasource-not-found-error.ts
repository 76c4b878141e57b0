import { DifyPluginError } from "@x/core";
import { brandError } from "@x/core/internal";

/**
 * The daemon asked for a datasource provider or datasource this plugin does not have, or asked a datasource for an
 * action of another kind (e.g. `get_pages` of a website crawl).
 */
export class DatasourceNotFoundError extends DifyPluginError {
  /** The provider asked for. */
  readonly provider: string;
  /** The datasource asked for; undefined when the provider itself is missing. */
  readonly datasource: string | undefined;

  constructor(provider: string, datasource?: string, problem?: string) {
    super(
      "DIFY_ERR_DATASOURCE_NOT_FOUND",
      datasource === undefined
        ? `Datasource provider \`${provider}\` not found`
        : (problem ?? `Datasource \`${datasource}\` not found for provider \`${provider}\``),
    );
    this.provider = provider;
    this.datasource = datasource;
  }
}

brandError(DatasourceNotFoundError, "DatasourceNotFoundError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `DatasourceNotFoundError`. */
    DIFY_ERR_DATASOURCE_NOT_FOUND: true;
  }
}
