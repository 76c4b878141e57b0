import {
  INVOCATIONS,
  type InvokeRequest,
  RequestFrameSchema,
  ToolProviderDeclarationSchema,
} from "@x/protocol";

// Read a frame the daemon sent: the envelope is validated, `credentials: null` is read as `{}`.
const frame = RequestFrameSchema.parse({
  session_id: "s1",
  event: "request",
  data: { type: "tool", action: "invoke_tool", provider: "demo", tool: "echo", credentials: null },
});
console.log(frame.data.credentials); // {}

// Build a reverse-call request exactly as it goes on the wire: what you write in, the wire object out.
const request: InvokeRequest<"text_embedding"> = INVOCATIONS.text_embedding.request.parse({
  provider: "langgenius/openai/openai",
  model: "text-embedding-3-small",
  texts: ["hello"],
});
console.log(request.model_type, request.input_type); // text-embedding query

// Check a declaration against the daemon's rules before registering it.
const checked = ToolProviderDeclarationSchema.safeParse({ identity: { name: "bad name" }, tools: [] });
console.log(checked.success); // false: every problem names its field

export { checked, frame, request };
