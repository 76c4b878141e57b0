import { DifyPluginError } from "@x/core";
import { brandError } from "@x/core/internal";

/**
 * A workflow node call ended without a reply item. The daemon drops a Dify reply that is not a complete
 * `{inputs, outputs, process_data}` (e.g. a node run that failed with `outputs: null`), so this is how such
 * failures surface. Same meaning as the Python SDK's "No response from workflow node …".
 */
export class NoNodeResponseError extends DifyPluginError {
  /** `node_parameter_extractor` or `node_question_classifier`. */
  readonly invokeType: string;
  /** The `backwards_request_id` of the call. */
  readonly backwardsRequestId: string;

  constructor(details: { invokeType: string; backwardsRequestId: string; node: string }) {
    super(
      "DIFY_ERR_NODE_NO_RESPONSE",
      `No response from workflow node ${details.node} (call ${details.backwardsRequestId} ended without a reply)`,
    );
    this.invokeType = details.invokeType;
    this.backwardsRequestId = details.backwardsRequestId;
  }
}

brandError(NoNodeResponseError, "NoNodeResponseError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `NoNodeResponseError`. */
    DIFY_ERR_NODE_NO_RESPONSE: true;
  }
}
