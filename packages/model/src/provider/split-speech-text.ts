/** Where a sentence may end: Latin and CJK full stops, question and exclamation marks, semicolons, line breaks. */
const SENTENCE_END = /[.!?;。！？；\n]/u;

/**
 * Splits text for a speech model that takes at most `limit` characters per request (a TTS model's
 * `model_properties.word_limit`, which Dify and the Python SDK count in characters). Whole sentences are packed
 * into each piece; a sentence longer than `limit` is cut at its last space that fits, or at `limit` when it has
 * none (never inside a surrogate pair). Blank pieces are dropped; the pieces read in order give the text back.
 * A `limit` that is not a positive number, or a text within it, gives the text as its only piece.
 */
export function splitSpeechText(text: string, limit: number): string[] {
  if (!(limit > 0) || !Number.isFinite(limit) || text.length <= limit) {
    return text.trim() === "" ? [] : [text];
  }
  const max = Math.floor(limit);
  const pieces: string[] = [];
  let current = "";
  const flush = () => {
    if (current.trim() !== "") pieces.push(current);
    current = "";
  };
  for (const sentence of sentences(text)) {
    if (current.length + sentence.length <= max) {
      current += sentence;
      continue;
    }
    flush();
    let rest = sentence;
    while (rest.length > max) {
      const cut = cutPoint(rest, max);
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  flush();
  return pieces.filter((piece) => piece.trim() !== "");
}

/** The text cut after each sentence end (the end and the spaces after it stay with the sentence). */
function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (!SENTENCE_END.test(text[i] ?? "")) continue;
    let end = i + 1;
    while (end < text.length && (text[end] === " " || text[end] === "\t")) end++;
    out.push(text.slice(start, end));
    start = end;
    i = end - 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Where to cut a run longer than `max`: after its last whitespace within `max`, else at `max`, whole characters. */
function cutPoint(run: string, max: number): number {
  const space = Math.max(run.lastIndexOf(" ", max - 1), run.lastIndexOf("\t", max - 1));
  if (space > 0) return space + 1;
  const code = run.charCodeAt(max - 1);
  // A high surrogate at the cut would split one character in two.
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}
