import { splitSpeechText } from "@x/model";
import { describe, expect, it } from "vitest";

const squash = (text: string) => text.replace(/\s+/g, "");

describe("splitSpeechText", () => {
  it("keeps a text within the limit whole, and gives nothing for a blank one", () => {
    expect(splitSpeechText("Hello there.", 100)).toEqual(["Hello there."]);
    expect(splitSpeechText("Hello there.", Number.POSITIVE_INFINITY)).toEqual(["Hello there."]);
    expect(splitSpeechText("Hello there.", 0)).toEqual(["Hello there."]);
    expect(splitSpeechText("   \n ", 3)).toEqual([]);
  });

  it("packs whole sentences into each piece", () => {
    const text = "One is here. Two is here! Three is here? Four.";
    expect(splitSpeechText(text, 26)).toEqual(["One is here. Two is here! ", "Three is here? Four."]);
  });

  it("cuts Chinese and Japanese text at their full stops", () => {
    expect(splitSpeechText("你好世界。今天天气很好！我们去公园吧？", 10)).toEqual([
      "你好世界。",
      "今天天气很好！",
      "我们去公园吧？",
    ]);
  });

  it("cuts a sentence longer than the limit at its last space, or at the limit when it has none", () => {
    expect(splitSpeechText("alpha beta gamma delta epsilon", 12)).toEqual([
      "alpha beta ",
      "gamma delta ",
      "epsilon",
    ]);
    expect(splitSpeechText("abcdefghijklmnopqrstuvwxyz", 10)).toEqual(["abcdefghij", "klmnopqrst", "uvwxyz"]);
  });

  it("never cuts a character made of two UTF-16 units in half", () => {
    const pieces = splitSpeechText("ab😀cd😀ef😀gh", 3);
    // A lone surrogate does not survive UTF-8: it comes back as U+FFFD.
    for (const piece of pieces) expect(Buffer.from(piece, "utf8").toString("utf8")).toBe(piece);
    expect(pieces.join("")).toBe("ab😀cd😀ef😀gh");
  });

  it("gives every piece within the limit and the whole text back, for any text", () => {
    const words = ["Dify", "plugins", "speak", "TTS.", "Fine!", "ok?", "长句子。", "line\n", "x".repeat(30)];
    let seed = 7;
    const next = () => {
      seed = (seed * 48271) % 2147483647;
      return seed;
    };
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: 1 + (next() % 60) }, () => words[next() % words.length]).join(" ");
      const limit = 5 + (next() % 80);
      const pieces = splitSpeechText(text, limit);
      for (const piece of pieces) {
        expect(piece.length).toBeLessThanOrEqual(limit);
        expect(piece.trim()).not.toBe("");
      }
      expect(squash(pieces.join(""))).toBe(squash(text));
    }
  });
});
