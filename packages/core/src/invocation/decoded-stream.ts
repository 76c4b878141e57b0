import type { InvocationStream } from "./invocation-stream.js";

/**
 * The one stream wrapper every decoded reverse-call answer builds on (LLM chunks, app events, tool messages, TTS
 * audio): it reads the raw items of an {@link InvocationStream}, turns each into zero or more typed items with
 * `decode`, and offers them through ONE cursor. Iterating twice continues where the first loop stopped; breaking
 * out of a `for await` cancels the call; `toArray()` reads whatever is left (everything, when nothing was read).
 * Subclasses add their own views (`result()`, `text()`, ...) on top.
 */
export abstract class DecodedStream<Item> implements AsyncIterable<Item> {
  /** The raw stream of the call. */
  protected readonly source: InvocationStream<unknown>;
  private cursor: AsyncGenerator<Item, void, undefined> | undefined;
  private whole: Promise<Item[]> | undefined;

  protected constructor(source: InvocationStream<unknown>) {
    this.source = source;
  }

  /** The `backwards_request_id` of the call. */
  get id(): string {
    return this.source.id;
  }

  /** True once reading has started (by iteration or a helper). */
  protected get started(): boolean {
    return this.cursor !== undefined;
  }

  /** Turns one raw reply item into the items it stands for (none, one or several). */
  protected abstract decode(raw: unknown): Iterable<Item> | Item | undefined;

  /** Called once the call ended normally, before the cursor finishes: throw to fail the read (e.g. a torn blob). */
  protected end(): void {}

  /** The single cursor over the decoded items. */
  [Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    this.cursor ??= this.read();
    return this.cursor;
  }

  /**
   * Reads every item not read yet and returns them in order: all of them when `toArray` is what started the read
   * (later calls then return the same array); what was left, when a loop had already started.
   */
  toArray(): Promise<Item[]> {
    if (this.whole !== undefined) return this.whole;
    const fromStart = !this.started;
    const cursor = this[Symbol.asyncIterator]();
    const items = (async () => {
      const out: Item[] = [];
      for (let step = await cursor.next(); !step.done; step = await cursor.next()) out.push(step.value);
      return out;
    })();
    if (fromStart) this.whole = items;
    return items;
  }

  /** Reads the rest of the stream, discarding the items (their effects on the subclass's state remain). */
  protected async drain(): Promise<void> {
    const cursor = this[Symbol.asyncIterator]();
    for (let step = await cursor.next(); !step.done; step = await cursor.next()) {
      // each item was folded by decode()
    }
  }

  private async *read(): AsyncGenerator<Item, void, undefined> {
    for await (const raw of this.source) {
      const decoded = this.decode(raw);
      if (decoded === undefined) continue;
      if (isIterableResult(decoded)) yield* decoded;
      else yield decoded;
    }
    this.end();
  }
}

function isIterableResult<Item>(value: Iterable<Item> | Item): value is Iterable<Item> {
  return Array.isArray(value) || (typeof value === "object" && value !== null && isGenerator(value));
}

function isGenerator(value: object): boolean {
  return Symbol.iterator in value && typeof (value as { next?: unknown }).next === "function";
}
