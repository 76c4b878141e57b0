// Reference for the round-trip benches: what a careful hand-written Node plugin does with no SDK. It splits stdin
// on newlines, JSON-parses each line, keeps a Map of pending reverse calls by id, writes each frame with one
// `process.stdout.write`, and answers the same bench requests as sdk-echo.mjs with the same frames. With
// INSTALL_METHOD=remote it dials the daemon over TCP instead and sends the handshake, its manifest and `end` first,
// then one `socket.write` per frame.
import { connect } from "node:net";

const remote = process.env.INSTALL_METHOD === "remote";
const socket = remote
  ? connect({ host: process.env.REMOTE_INSTALL_HOST, port: Number(process.env.REMOTE_INSTALL_PORT) })
  : undefined;
socket?.setNoDelay(true);
const output = socket ?? process.stdout;
const input = socket ?? process.stdin;
const pending = new Map();
let nextId = 0;
let rest = "";

// With BARE_COALESCE=<n> (characters), frames sent in one microtask checkpoint go out in one write of up to n
// characters instead: the bench's measure of how far write coalescing alone, with no SDK at all, can go.
const coalesce = Number(process.env.BARE_COALESCE ?? 0);
let batch = "";
let armed = false;

function flush() {
  armed = false;
  if (batch === "") return;
  output.write(batch);
  batch = "";
}

function send(frame) {
  const line = `${JSON.stringify(frame)}\n`;
  if (coalesce <= 0) {
    output.write(line);
    return;
  }
  batch += line;
  if (batch.length >= coalesce) flush();
  else if (!armed) {
    armed = true;
    queueMicrotask(flush);
  }
}

function invoke(sessionId, request, onItem) {
  const id = `r${nextId++}`;
  const done = new Promise((resolve, reject) => pending.set(id, { onItem, resolve, reject }));
  send({
    session_id: sessionId,
    event: "session",
    data: { type: "invoke", data: { type: "tool", backwards_request_id: id, request } },
  });
  return done;
}

function reply(sessionId, data) {
  send({ session_id: sessionId, event: "session", data: { type: "stream", data } });
  send({ session_id: sessionId, event: "session", data: { type: "end", data: {} } });
}

async function handle(sessionId, data) {
  if (data.action === "sequential") {
    for (let i = 0; i < data.n; i++) await invoke(sessionId, { i });
    reply(sessionId, { n: data.n });
  } else if (data.action === "parallel") {
    for (let round = 0; round < data.rounds; round++) {
      await Promise.all(Array.from({ length: data.n }, (_, i) => invoke(sessionId, { i })));
    }
    reply(sessionId, { n: data.n, rounds: data.rounds });
  } else if (data.action === "blob") {
    // Decode blob_chunk messages into one buffer sized from total_length, as a careful plugin would.
    let blob;
    let offset = 0;
    await invoke(sessionId, { blob: true }, (item) => {
      if (item?.type !== "blob_chunk" || item.message.end) return;
      blob ??= Buffer.allocUnsafe(item.message.total_length);
      offset += blob.write(item.message.blob, offset, "base64");
    });
    reply(sessionId, { bytes: offset });
  }
}

function onLine(line) {
  if (line === "") return;
  const frame = JSON.parse(line);
  if (frame.event === "request") {
    void handle(frame.session_id, frame.data);
    return;
  }
  if (frame.event !== "backwards_response") return;
  const call = pending.get(frame.data.backwards_request_id);
  if (!call) return;
  if (frame.data.event === "response") call.onItem?.(frame.data.data);
  else if (frame.data.event === "end") {
    pending.delete(frame.data.backwards_request_id);
    call.resolve();
  } else {
    pending.delete(frame.data.backwards_request_id);
    call.reject(new Error(frame.data.message));
  }
}

input.setEncoding("utf8");
input.on("data", (chunk) => {
  const lines = (rest + chunk).split("\n");
  rest = lines.pop() ?? "";
  for (const line of lines) onLine(line);
});
if (socket) {
  for (const frame of [
    { type: "handshake", data: { key: process.env.REMOTE_INSTALL_KEY } },
    { type: "manifest_declaration", data: { version: "0.0.1", author: "bench", name: "bench" } },
    { type: "end", data: {} },
  ])
    send(frame);
  // The daemon ends the connection when it is done; the process then ends with it.
  socket.on("close", () => process.exit(0));
  process.stdin.resume();
} else {
  send({ event: "heartbeat", session_id: null, data: {} });
}
