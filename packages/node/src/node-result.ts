import type { NodeResponse, NodeUsage } from "@x/protocol";

/** What every typed node result carries besides its outputs. */
export interface NodeResultBase {
  /** The node's inputs as Dify recorded them (e.g. `{ query }`). */
  inputs: Record<string, unknown>;
  /** Dify's trace of the run (prompts, model mode, usage, ...). */
  process_data: Record<string, unknown>;
  /** LLM usage, when Dify reported it. */
  usage?: NodeUsage;
  /** The reply exactly as Dify sent it. */
  raw: NodeResponse;
}
