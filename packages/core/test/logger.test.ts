import { createLogger, silentLogger } from "@x/core";
import { type LogRecord, redact, stderrSink } from "@x/core/internal";
import { describe, expect, it } from "vitest";

describe("logger", () => {
  it("writes level, message and a seconds timestamp, filtered by level", () => {
    const records: LogRecord[] = [];
    const logger = createLogger({ level: "info", sink: (r) => records.push(r) });
    logger.debug("hidden");
    logger.info("shown");
    logger.warn("careful");
    logger.error("bad");
    expect(records.map((r) => [r.level, r.message])).toEqual([
      ["info", "shown"],
      ["warning", "careful"],
      ["error", "bad"],
    ]);
    expect(records[0]!.timestamp).toBeGreaterThan(1_600_000_000);
    expect(records[0]!.timestamp).toBeLessThan(10_000_000_000);
  });

  it("never prints credentials: secret-looking keys are redacted and listed secrets masked", () => {
    const records: LogRecord[] = [];
    const logger = createLogger({ sink: (r) => records.push(r), secrets: ["debug-key-1234"] });
    logger.info("connecting with debug-key-1234", {
      credentials: { api_key: "sk-1" },
      nested: { token: "t", Authorization: "Bearer x", ok: "visible" },
      list: [{ password: "p" }],
    });
    const text = records[0]!.message;
    for (const secret of ["debug-key-1234", "sk-1", '"t"', "Bearer x", '"p"'])
      expect(text).not.toContain(secret);
    expect(text).toContain("visible");
    expect(redact({ api_key: "x", apiKey: "y", key: "z", keyboard: "k" })).toEqual({
      api_key: "[redacted]",
      apiKey: "[redacted]",
      key: "[redacted]",
      keyboard: "k",
    });
  });

  it("writes to stderr, never stdout, by default", () => {
    const lines: string[] = [];
    const sink = stderrSink({
      write: (text: string) => lines.push(text),
    } as unknown as NodeJS.WritableStream);
    sink({ level: "warning", message: "m", timestamp: 1 });
    expect(lines).toEqual(["[warning] m\n"]);
    expect(() => silentLogger.error("nothing")).not.toThrow();
  });
});
