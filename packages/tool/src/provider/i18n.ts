import type { I18nInput } from "@x/protocol";

export type { I18nInput };

/**
 * A localised text as this package declares it: core's `I18nText` with every locale filled (missing ones fall
 * back to `en_US`, like the Python SDK).
 */
export interface I18nObject {
  zh_Hans: string;
  pt_BR: string;
  ja_JP: string;
  en_US: string;
  [locale: string]: string;
}

/** Normalises an {@link I18nInput} into the declaration shape (Python's key order, fallbacks filled in). */
export function toI18n(input: I18nInput): I18nObject {
  if (typeof input === "string") return { zh_Hans: input, pt_BR: input, ja_JP: input, en_US: input };
  const { en_US, zh_Hans, pt_BR, ja_JP, ...rest } = input;
  const out: I18nObject = { zh_Hans: zh_Hans ?? en_US, pt_BR: pt_BR ?? en_US, ja_JP: ja_JP ?? en_US, en_US };
  for (const [locale, text] of Object.entries(rest)) if (typeof text === "string") out[locale] = text;
  return out;
}

/** The English text of an {@link I18nInput}. */
export function englishOf(input: I18nInput): string {
  return typeof input === "string" ? input : input.en_US;
}
