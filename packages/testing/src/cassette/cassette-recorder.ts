import { SecretValues } from "@x/core/internal";
import type { FrameDirection } from "../daemon/daemon-peer.js";
import { CREDENTIAL_KEY, encodeEntry, type RawReplyEvent } from "./cassette-codec.js";
import { formatCassette, writeCassette } from "./cassette-file.js";
import { CASSETTE_KIND, CASSETTE_VERSION, type Cassette, type CassetteEntry } from "./cassette-schema.js";

/** Options of {@link CassetteRecorder}. */
export interface CassetteRecorderOptions {
  /** What the header says wrote the cassette (default `@x/testing`). */
  recordedBy?: string;
  /** Values to mask wherever they appear, besides the credentials and settings seen in requests. */
  secrets?: Iterable<string>;
  /** Sees each finished call, in call order (a later call that finished first waits for the earlier ones). */
  onEntry?: (entry: CassetteEntry) => void;
}

interface PendingCall {
  readonly call: number;
  readonly session: number;
  readonly type: string;
  readonly request: Record<string, unknown>;
  readonly events: RawReplyEvent[];
  done: boolean;
}

type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/**
 * Writes a cassette from the frames of one plugin connection: feed it every frame with {@link observe} (the dev
 * proxy does, and so does a harness given `record`). Each reverse call the plugin makes (`invoke`, §4.1) becomes an
 * entry holding its request and the daemon's `backwards_response` events up to `end`, in the order the calls
 * were made. Credentials are masked by key (`api_key`, `credentials`, `password`, ... anywhere) and by value: every
 * value of each request's `credentials` and `system_credentials` (as the runtime masks them in logs,
 * `packages/core/src/runtime/runtime.ts`), its `settings` fields declared `secret-input` at registration or named
 * like a credential, the remote-debugging key of the handshake, and `options.secrets`. Other settings (a model,
 * an app) stay readable.
 */
export class CassetteRecorder {
  private readonly options: CassetteRecorderOptions;
  private readonly secrets: SecretValues;
  private readonly calls: PendingCall[] = [];
  private readonly open = new Map<string, PendingCall>();
  private readonly sessions = new Map<string, number>();
  private readonly secretSettings = new Set<string>();
  private readonly startedAt = new Date().toISOString();
  private flushed = 0;
  private plugin: string | undefined;

  constructor(options: CassetteRecorderOptions = {}) {
    this.options = options;
    this.secrets = new SecretValues(options.secrets ?? []);
  }

  /** Feeds one frame: `in` = plugin → daemon, `out` = daemon → plugin (the `observe` signature of the harness). */
  readonly observe = (direction: FrameDirection, frame: unknown): void => {
    const f = record(frame);
    if (!f) return;
    if (direction === "in") this.fromPlugin(f);
    else this.fromDaemon(f);
  };

  /** Masks `value` from now on wherever it appears (values shorter than 6 characters are ignored). */
  addSecret(value: string): void {
    this.secrets.add(value);
  }

  /** The finished calls, in call order, encoded and masked as the cassette stores them. */
  get entries(): CassetteEntry[] {
    return this.calls.filter((call) => call.done).map((call) => this.encode(call));
  }

  /** The cassette so far: every call, those still waiting for `end` marked `end: false`. */
  cassette(): Cassette {
    const header = {
      cassette: CASSETTE_KIND,
      version: CASSETTE_VERSION,
      recorded_at: this.startedAt,
      recorded_by: this.options.recordedBy ?? "@x/testing",
      ...(this.plugin === undefined ? {} : { plugin: this.plugin }),
    };
    return { header, entries: this.calls.map((call) => this.encode(call)) };
  }

  /** The cassette as JSON lines (see {@link CassetteRecorder.cassette}). */
  toJsonl(): string {
    return formatCassette(this.cassette());
  }

  /** Writes the cassette to `file`. */
  save(file: string | URL): void {
    writeCassette(file, this.cassette());
  }

  private encode(call: PendingCall): CassetteEntry {
    return encodeEntry({ ...call, end: call.done }, this.secrets);
  }

  private session(id: unknown): number {
    const key = String(id);
    let n = this.sessions.get(key);
    if (n === undefined) {
      n = this.sessions.size + 1;
      this.sessions.set(key, n);
    }
    return n;
  }

  private fromPlugin(frame: Json): void {
    // Registration frames (remote debugging, §1.3.2): the key is a secret; the manifest names the plugin.
    if (frame.type === "handshake") {
      const key = record(frame.data)?.key;
      if (typeof key === "string") this.secrets.add(key);
      return;
    }
    if (frame.type === "manifest_declaration") {
      const m = record(frame.data) ?? {};
      this.plugin = `${String(m.author)}/${String(m.name)}:${String(m.version)}`;
      return;
    }
    if (frame.type === "endpoint_declaration" && Array.isArray(frame.data)) {
      for (const group of frame.data) {
        const settings = record(group)?.settings;
        for (const field of Array.isArray(settings) ? settings : []) {
          const f = record(field);
          if (f?.type === "secret-input" && typeof f.name === "string") this.secretSettings.add(f.name);
        }
      }
      return;
    }
    if (frame.event !== "session") return;
    const message = record(frame.data);
    const payload = record(message?.data);
    if (message?.type !== "invoke" || !payload) return;
    const call: PendingCall = {
      call: this.calls.length + 1,
      session: this.session(frame.session_id),
      type: String(payload.type),
      request: record(payload.request) ?? {},
      events: [],
      done: false,
    };
    this.calls.push(call);
    this.open.set(`${String(frame.session_id)}\u0000${String(payload.backwards_request_id)}`, call);
  }

  private fromDaemon(frame: Json): void {
    if (frame.event === "request") {
      const data = record(frame.data) ?? {};
      this.session(frame.session_id);
      this.secrets.addAll(data.credentials);
      for (const [name, value] of Object.entries(record(data.settings) ?? {})) {
        if (this.secretSettings.has(name) || CREDENTIAL_KEY.test(name)) this.secrets.addAll(value);
      }
      this.secrets.addAll(data.system_credentials);
      return;
    }
    if (frame.event !== "backwards_response") return;
    const data = record(frame.data) ?? {};
    const key = `${String(frame.session_id)}\u0000${String(data.backwards_request_id)}`;
    const call = this.open.get(key);
    if (!call) return;
    if (data.event === "response") {
      call.events.push({ kind: "response", message: String(data.message), data: data.data });
    } else if (data.event === "error") {
      call.events.push({ kind: "error", message: String(data.message) });
    } else if (data.event === "end") {
      call.done = true;
      this.open.delete(key);
      this.flush();
    }
  }

  private flush(): void {
    while (this.flushed < this.calls.length && this.calls[this.flushed]?.done) {
      const call = this.calls[this.flushed] as PendingCall;
      this.flushed++;
      this.options.onEntry?.(this.encode(call));
    }
  }
}
