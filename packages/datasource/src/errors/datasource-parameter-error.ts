import { DifyPluginError } from "@x/core";
import { brandError } from "@x/core/internal";

/** A `datasource_parameters` value is missing or of the wrong type for its declaration. */
export class DatasourceParameterError extends DifyPluginError {
  /** The datasource whose parameter is wrong. */
  readonly datasource: string;
  /** The parameter's name. */
  readonly parameter: string;

  constructor(datasource: string, parameter: string, problem: string) {
    super(
      "DIFY_ERR_DATASOURCE_PARAMETER_INVALID",
      `datasource \`${datasource}\` parameter \`${parameter}\`: ${problem}`,
    );
    this.datasource = datasource;
    this.parameter = parameter;
  }
}

brandError(DatasourceParameterError, "DatasourceParameterError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `DatasourceParameterError`. */
    DIFY_ERR_DATASOURCE_PARAMETER_INVALID: true;
  }
}
