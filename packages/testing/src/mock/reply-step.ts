/**
 * One thing the fake daemon does while answering a reverse call. Answers of every kind (values, functions,
 * generators, faults) are reduced to these steps; the daemon end then turns them into `backwards_response` frames.
 * After the last step it sends `end`, except after `hang` (the call never ends) and `drop` (the connection goes).
 */
export type ReplyStep =
  | { readonly kind: "response"; readonly message: "stream" | "struct"; readonly data: unknown }
  | { readonly kind: "error"; readonly message: string }
  | { readonly kind: "delay"; readonly ms: number }
  | { readonly kind: "hang" }
  | { readonly kind: "drop" };
