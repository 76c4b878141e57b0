import { z } from "zod";
import { lazySchema } from "./lazy-schema.js";

/**
 * A localised text as the daemon validates it: `en_US` is required, non-empty and under 1024 characters;
 * other locales (`zh_Hans`, `ja_JP`, `pt_BR`, ...) are optional and under 1024 characters too.
 */
const otherLocale = lazySchema(() => z.string().max(1023, "must be shorter than 1024 characters").optional());

export const I18nTextSchema = lazySchema(() =>
  z.looseObject(
    {
      en_US: z
        .string({ error: "en_US is required" })
        .min(1, "en_US must not be empty")
        .max(1023, "en_US must be shorter than 1024 characters"),
      zh_Hans: otherLocale,
      ja_JP: otherLocale,
      pt_BR: otherLocale,
    },
    {
      // What the SDK's builders accept: a plain string (English) or the localised object.
      error: (issue) =>
        issue.input === undefined
          ? 'is required: a string or { en_US: "..." }'
          : 'must be a string or { en_US: "..." }',
    },
  ),
);

/** A localised text (`{ en_US, zh_Hans?, ... }`). */
export type I18nText = z.infer<typeof I18nTextSchema>;

/**
 * A localised text as a plugin author writes it: a plain string (English) or `{ en_US, zh_Hans?, ja_JP?, pt_BR? }`.
 * Builders turn it into an {@link I18nText}.
 */
export type I18nInput =
  | string
  | { en_US: string; zh_Hans?: string; ja_JP?: string; pt_BR?: string; [locale: string]: string | undefined };
