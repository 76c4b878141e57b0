// Reference for startup, first reply and idle memory: plain Node that writes one heartbeat frame, then answers
// each request line with an `error` and an `end` session frame (what a plugin with no handler for it answers).
process.stdout.write('{"event":"heartbeat","session_id":null,"data":{}}\n');
let rest = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  const lines = (rest + chunk).split("\n");
  rest = lines.pop() ?? "";
  for (const line of lines) {
    if (line === "") continue;
    const frame = JSON.parse(line);
    if (frame.event !== "request") continue;
    const session = frame.session_id;
    process.stdout.write(
      `${JSON.stringify({ session_id: session, event: "session", data: { type: "error", data: { error_type: "HandlerNotFoundError", message: "no handler", args: {} } } })}\n${JSON.stringify({ session_id: session, event: "session", data: { type: "end", data: {} } })}\n`,
    );
  }
});
