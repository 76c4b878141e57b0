import { DifyPluginError } from "@x/core";
import { brandError } from "@x/core/internal";

/**
 * A workflow node replied with something the typed result cannot honestly describe: not an
 * `{inputs, outputs, process_data}` object, or outputs that contradict the request (a required parameter
 * missing, a value of the wrong type, a class name that was not offered). `field` names the offending part.
 */
export class InvalidNodeResponseError extends DifyPluginError {
  /** `node_parameter_extractor` or `node_question_classifier`. */
  readonly invokeType: string;
  /** The `backwards_request_id` of the call. */
  readonly backwardsRequestId: string;
  /** Path of the offending part of the reply, e.g. `outputs.city`. */
  readonly field: string | undefined;
  /** The reply as received. */
  readonly reply: unknown;

  constructor(details: {
    invokeType: string;
    backwardsRequestId: string;
    node: string;
    field?: string;
    problem: string;
    reply: unknown;
  }) {
    const where = details.field ? `${details.field}: ` : "";
    super(
      "DIFY_ERR_NODE_RESPONSE_INVALID",
      `Invalid reply from workflow node ${details.node}: ${where}${details.problem}`,
    );
    this.invokeType = details.invokeType;
    this.backwardsRequestId = details.backwardsRequestId;
    this.field = details.field;
    this.reply = details.reply;
  }
}

brandError(InvalidNodeResponseError, "InvalidNodeResponseError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `InvalidNodeResponseError`. */
    DIFY_ERR_NODE_RESPONSE_INVALID: true;
  }
}
