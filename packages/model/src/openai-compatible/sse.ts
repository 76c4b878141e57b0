/**
 * The `data` of each Server-Sent Event in a byte stream (the WHATWG HTML standard, section 9.2, "event stream" parsing): lines end with
 * LF, CRLF or CR, `data:` lines of one event are joined with LF, a blank line dispatches, comments (`:`) and
 * other fields are skipped. Pieces may split anywhere, even inside a UTF-8 sequence.
 */
export async function* sseData(pieces: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  let buffer = "";
  let data: string[] = [];
  const take = function* (final: boolean): Generator<string> {
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const char = buffer.charCodeAt(i);
      if (char !== 10 && char !== 13) continue;
      // A CR at the very end may be the first half of CRLF: wait for the next piece.
      if (char === 13 && i === buffer.length - 1 && !final) break;
      const line = buffer.slice(start, i);
      if (char === 13 && buffer.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
      if (line === "") {
        if (data.length > 0) yield data.join("\n");
        data = [];
      } else if (line.startsWith("data:")) {
        data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
      } else if (line === "data") {
        data.push("");
      }
    }
    buffer = buffer.slice(start);
  };
  for await (const piece of pieces) {
    buffer += decoder.decode(piece, { stream: true });
    yield* take(false);
  }
  buffer += decoder.decode();
  yield* take(true);
  // A last event without its blank line is dispatched too: some servers end the stream right after `data: [DONE]`.
  if (buffer.startsWith("data:")) data.push(buffer.charCodeAt(5) === 32 ? buffer.slice(6) : buffer.slice(5));
  if (data.length > 0) yield data.join("\n");
}
