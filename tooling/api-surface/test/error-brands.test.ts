import * as agent from "@x/agent";
import * as app from "@x/app";
import * as cli from "@x/cli";
import type * as coreRoot from "@x/core";
import * as core from "@x/core/internal";
import * as datasource from "@x/datasource";
import * as endpoint from "@x/endpoint";
import * as model from "@x/model";
import * as node from "@x/node";
import * as testing from "@x/testing";
import * as tool from "@x/tool";
import * as trigger from "@x/trigger";
import { describe, expect, it } from "vitest";

// Every error class any package exports, found by walking the exports (so a new class cannot be forgotten), built
// once with the arguments below, and checked along its whole class chain.

type ErrorClass = (new (...args: never[]) => Error) & { isInstance(value: unknown): boolean };

const details = { invokeType: "tool", backwardsRequestId: "r1", daemonMessage: "boom" };
const failure = { ok: false, reason: "no", outputs: {}, inputs: {}, processData: {}, usage: null, raw: {} };

/** Constructor arguments per class name; a class missing here fails the first test and says what to add. */
const ARGS: Record<string, unknown[]> = {
  DifyPluginError: ["DIFY_ERR_VALIDATION", "m"],
  AbortedError: [],
  ConfigError: ["X", "bad"],
  ConnectionClosedError: [],
  DaemonUnreachableError: ["h:1", 2],
  ExtensionNotInstalledError: ["workflowNode", "workflowNodeExtension", "@x/node"],
  FrameTooLargeError: ["outbound", 10, 5],
  HandlerNotFoundError: ["tool", "x"],
  InvocationError: [details],
  InvocationTimeoutError: [{ timer: "idle", ms: 1, invokeType: "tool", backwardsRequestId: "r1" }],
  PayloadTooLargeError: [10, 5],
  RawHttpRequestError: ["HPE_INVALID_METHOD", "bad"],
  OAuthError: ["m"],
  OAuthNotSupportedError: ["p"],
  ParameterOptionsNotFoundError: ["p", "a", "x"],
  PermissionDeniedError: [{ ...details, permission: "tool" }],
  ProtocolError: ["m"],
  RegistrationInvalidError: [[{ path: "p", message: "m" }]],
  RegistrationRejectedError: ["invalid_key", "handshake failed, invalid key", "hint"],
  SessionClosedError: ["s1"],
  SessionNotFoundError: [{ sessionId: "s1", backwardsRequestId: "r1", daemonMessage: "m" }],
  SessionTimeoutError: ["s1", 5],
  SessionLimitError: [1000],
  ShutdownError: ["SIGTERM"],
  ValidationError: ["m"],
  StorageSizeLimitError: [{ ...details, key: "k", valueBytes: 3 }],
  FileUploadError: ["m"],
  BlobTooLargeError: ["b", 10, 5],
  BlobIncompleteError: ["b", [1]],
  BlobLengthMismatchError: ["b", 10, 5],
  BlobChunkError: ["b", 0, "bad"],
  ToolCredentialsError: ["m"],
  DatasourceCredentialsError: ["m"],
  DatasourceNotFoundError: ["p", "d"],
  DatasourceParameterError: ["d", "p", "bad"],
  ToolNotFoundError: ["p", "t"],
  ToolParameterError: ["t", "p", "bad"],
  ToolResultConsumedError: [],
  ExtractionFailedError: [failure],
  InvalidNodeResponseError: [
    { invokeType: "x", backwardsRequestId: "r", node: "n", problem: "p", reply: {} },
  ],
  NoNodeResponseError: [{ invokeType: "x", backwardsRequestId: "r", node: "n" }],
  StructuredOutputError: ["m"],
  ReverseCallRefusedError: ["llm", "model"],
  InvokeError: ["m"],
  InvokeAuthorizationError: ["m", { status: 401 }],
  InvokeRateLimitError: ["m"],
  InvokeConnectionError: ["m"],
  InvokeServerUnavailableError: ["m"],
  InvokeBadRequestError: ["m"],
  CredentialsValidateFailedError: ["m"],
  AppRunError: ["a", "m"],
  EndpointSettingsError: ["app", "is required"],
  EndpointResponseError: ["GET /x", "nothing"],
  DaemonRequestTimeoutError: ["s1", 5],
  NotMockedError: [["llm"]],
  CassetteFormatError: ["x.jsonl:2", "not JSON"],
  CassetteMismatchError: ["llm", "exact", null],
  CassetteUnusedError: [["call 1: llm"]],
  PluginLaunchError: ["m", { stderr: "", exitCode: 1 }],
  RegistrationFailedError: ["m"],
  CheckFailedError: [[{ file: "f", message: "m", severity: "error" }]],
  PackageTooLargeError: [10, 5, []],
  PluginLoadError: ["f", "m"],
  ScaffoldError: ["m"],
  SigningError: ["m"],
  AgentParameterError: ["function_calling", "query", "is required"],
  AgentStrategyNotFoundError: ["p", "s"],
  ToolCallArgumentsError: ["call_1", "search", "not JSON"],
  TriggerNotFoundError: ["p", "e"],
  WebhookRejectedError: [403, "m"],
  WebhookSignatureError: ["mismatch", "X-Sig"],
  EventIgnoredError: [],
  TriggerCredentialsError: ["m"],
  TriggerSubscriptionError: ["m"],
  TriggerOutputError: ["e", "bad"],
};

const MODULES: Record<string, Record<string, unknown>> = {
  core,
  agent,
  app,
  cli,
  datasource,
  endpoint,
  model,
  node,
  testing,
  tool,
  trigger,
};

function exportedErrorClasses(): Map<string, ErrorClass> {
  const found = new Map<string, ErrorClass>();
  for (const exports of Object.values(MODULES)) {
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value === "function" && value.prototype instanceof Error)
        found.set(name, value as ErrorClass);
      if (value === core.DifyPluginError) found.set(name, value as ErrorClass);
    }
  }
  return found;
}

function build(name: string, cls: ErrorClass): Error {
  return new (cls as unknown as new (...args: unknown[]) => Error)(...(ARGS[name] ?? []));
}

/** The error classes `cls` descends from (itself included), up to DifyPluginError. */
function chain(cls: ErrorClass): ErrorClass[] {
  const out: ErrorClass[] = [];
  for (let c: unknown = cls; typeof c === "function" && c !== Error; c = Object.getPrototypeOf(c)) {
    out.push(c as ErrorClass);
  }
  return out;
}

describe("error classes", () => {
  const classes = exportedErrorClasses();

  it("are all SDK errors with arguments known to this test", () => {
    expect(classes.size).toBeGreaterThan(40);
    const unknown = [...classes.keys()].filter((name) => !(name in ARGS));
    expect(unknown).toEqual([]);
    for (const [name, cls] of classes) expect(build(name, cls)).toBeInstanceOf(core.DifyPluginError);
  });

  it("each carry their own brand, a DIFY_ERR_ code and an isInstance that holds for every ancestor", () => {
    for (const [name, cls] of classes) {
      expect(Object.hasOwn(cls, core.CLASS_BRAND), `${name} is branded`).toBe(true);
      const error = build(name, cls) as coreRoot.DifyPluginError;
      expect(error.code, name).toMatch(/^DIFY_ERR_[A-Z_]+$/);
      expect(error.name).toBe(name);
      for (const ancestor of chain(cls))
        expect(ancestor.isInstance(error), `${ancestor.name} ⊇ ${name}`).toBe(true);
      // Unbound, as in `errors.filter(X.isInstance)`.
      const guard = cls.isInstance;
      expect(guard(error)).toBe(true);
    }
  });

  it("are not instances of unrelated classes", () => {
    for (const [name, cls] of classes) {
      const error = build(name, cls);
      const ancestors = new Set(chain(cls));
      for (const [other, otherCls] of classes) {
        if (!ancestors.has(otherCls)) expect(otherCls.isInstance(error), `${other} ⊉ ${name}`).toBe(false);
      }
      expect(cls.isInstance(new Error("plain"))).toBe(false);
      expect(cls.isInstance(null)).toBe(false);
    }
  });

  it("are recognised across two copies of the package (a duplicated bundle)", async () => {
    // The built copy of @x/core is a second set of classes, as a bundle would carry.
    const copy = (await import(
      new URL("../../../packages/core/dist/internal.js", import.meta.url).href
    )) as typeof core;
    expect(copy.InvocationError).not.toBe(core.InvocationError);
    const fromSource = new core.PermissionDeniedError({ ...details, permission: "tool" });
    expect(copy.PermissionDeniedError.isInstance(fromSource)).toBe(true);
    expect(copy.InvocationError.isInstance(fromSource)).toBe(true);
    expect(copy.DifyPluginError.isInstance(fromSource)).toBe(true);
    expect(
      core.StorageSizeLimitError.isInstance(
        new copy.StorageSizeLimitError({ ...details, key: "k", valueBytes: 1 }),
      ),
    ).toBe(true);
    expect(copy.ValidationError.isInstance(fromSource)).toBe(false);
  });
});
