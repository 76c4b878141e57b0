/** Shortest value masked: shorter strings (`"1"`, `"yes"`) would turn ordinary text into `[redacted]` noise. */
export const MIN_SECRET_LENGTH = 6;

/** Most values remembered; past it the oldest are forgotten (the set is per process and must stay bounded). */
export const MAX_SECRETS = 4096;

const REDACTED = "[redacted]";

/**
 * Every secret value the process has been given (debug key, the credentials and settings of each request), masked
 * by value wherever text leaves the SDK: log lines, error payloads sent to the daemon, top-level error frames.
 * Masking by value, not only by key name, is what catches a credential quoted inside someone else's error text.
 */
export class SecretValues {
  private readonly values = new Map<string, true>();
  private pattern: RegExp | undefined;

  constructor(initial: Iterable<string> = []) {
    for (const value of initial) this.add(value);
  }

  /** Remembers one value (ignored when shorter than {@link MIN_SECRET_LENGTH}). */
  add(value: unknown): void {
    if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH || this.values.has(value)) return;
    this.values.set(value, true);
    if (this.values.size > MAX_SECRETS) {
      const oldest = this.values.keys().next().value;
      if (oldest !== undefined) this.values.delete(oldest);
    }
    this.pattern = undefined;
  }

  /** Remembers every string found in `value` (an object of credentials or settings, nested at most 6 deep). */
  addAll(value: unknown, depth = 0): void {
    if (typeof value === "string") this.add(value);
    else if (Array.isArray(value) && depth < 6) for (const item of value) this.addAll(item, depth + 1);
    else if (typeof value === "object" && value !== null && depth < 6)
      for (const item of Object.values(value)) this.addAll(item, depth + 1);
  }

  /** How many values are remembered. */
  get size(): number {
    return this.values.size;
  }

  /** `text` with every remembered value replaced by `[redacted]`. */
  mask(text: string): string {
    if (this.values.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
    this.pattern ??= new RegExp(
      [...this.values.keys()]
        .sort((a, b) => b.length - a.length)
        .map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("|"),
      "g",
    );
    return text.replace(this.pattern, REDACTED);
  }
}
