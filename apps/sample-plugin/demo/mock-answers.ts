import { MockDify, type RecordedCall, toolMessages } from "@x/testing";

// Stand-ins for Dify's LLM nodes: keyword rules, so the demo runs offline and always prints the same thing.

const CLASS_RULES: Array<{ name: string; pattern: RegExp }> = [
  { name: "billing", pattern: /\b(invoice|charged|refund|payment|billing|bill)\b/i },
  { name: "bug", pattern: /\b(crash(es|ed)?|error|bug|broken|freezes?)\b/i },
];

type NodeCall = RecordedCall<"node_question_classifier" | "node_parameter_extractor">;

function queryOf(call: NodeCall): string {
  return typeof call.request.query === "string" ? call.request.query : "";
}

function parameterNames(call: RecordedCall<"node_parameter_extractor">): string[] {
  const parameters = Array.isArray(call.request.parameters) ? call.request.parameters : [];
  return parameters.map((parameter) => parameter.name);
}

/** Question Classifier: the first class whose keywords occur in the query, otherwise `other`. */
export function classify(call: RecordedCall<"node_question_classifier">) {
  const query = queryOf(call);
  const name = CLASS_RULES.find((rule) => rule.pattern.test(query))?.name ?? "other";
  return {
    inputs: { query },
    outputs: { class_name: name, class_id: name },
    process_data: { model_mode: "chat" },
  };
}

/** Parameter Extractor: pulls invoice id and amount, or product and severity, with regular expressions. */
export function extract(call: RecordedCall<"node_parameter_extractor">) {
  const query = queryOf(call);
  const names = parameterNames(call);
  const outputs: Record<string, unknown> = {};
  if (names.includes("invoice_id")) {
    const invoice = /\bINV-\d+\b/i.exec(query)?.[0];
    const amount = /(\d+(?:\.\d+)?)\s*(?:EUR|USD|€|\$)|[€$]\s*(\d+(?:\.\d+)?)/i.exec(query);
    if (invoice === undefined) return failure(query, "The message does not mention an invoice number.");
    outputs.invoice_id = invoice.toUpperCase();
    if (amount) outputs.amount = Number(amount[1] ?? amount[2]);
  } else if (names.includes("product")) {
    const product = /\b(mobile app|web app|desktop app|api)\b/i.exec(query)?.[0];
    if (product === undefined) return failure(query, "The message does not say which product is affected.");
    outputs.product = product.toLowerCase();
    outputs.severity = /\b(crash(es|ed)?|can't|cannot|down)\b/i.test(query)
      ? "high"
      : /\b(slow|sometimes)\b/i.test(query)
        ? "medium"
        : "low";
  }
  return { inputs: { query }, outputs: { ...outputs, __is_success: 1, __reason: "" }, process_data: {} };
}

function failure(query: string, reason: string) {
  return { inputs: { query }, outputs: { __is_success: 0, __reason: reason }, process_data: {} };
}

/** The lookup tool the billing example calls: a help-desk search with two hits. */
export const LOOKUP = { provider: "acme/helpdesk/helpdesk", tool: "search_articles" } as const;

/** The chat app `POST /ask` forwards to in the demo: it streams its answer in four chunks. */
export const DEMO_APP_ID = "9f1c0b7e-demo-chat-app";

const APP_ANSWER = ["Duplicate charges", " are refunded", " within 5 business days", "."];

/** A MockDify that answers the classifier, the extractor, the help-desk search and the chat app. */
export function demoDify(): MockDify {
  const dify = new MockDify({
    permissions: { tool: { enabled: true }, node: { enabled: true }, app: { enabled: true } },
  });
  dify.app([
    ...APP_ANSWER.map((answer) => ({
      event: "message",
      answer,
      conversation_id: "conv-1",
      message_id: "msg-1",
    })),
    { event: "message_end", conversation_id: "conv-1", message_id: "msg-1", metadata: {} },
  ]);
  dify.questionClassifier(classify);
  dify.parameterExtractor(extract);
  dify.tool("builtin", LOOKUP.provider, LOOKUP.tool, [
    toolMessages.text("KB-112 Duplicate charges are refunded within 5 business days."),
    toolMessages.text("KB-087 How to find your invoice number."),
  ]);
  return dify;
}
