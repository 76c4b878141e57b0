import { DifyPluginError, hasCode } from "@x/core";

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
      "node_no_response",
      `No response from workflow node ${details.node} (call ${details.backwardsRequestId} ended without a reply)`,
    );
    this.invokeType = details.invokeType;
    this.backwardsRequestId = details.backwardsRequestId;
  }

  /** True for a `NoNodeResponseError` from any copy of the package. */
  static override isInstance(error: unknown): error is NoNodeResponseError {
    return hasCode(error, "node_no_response");
  }
}
