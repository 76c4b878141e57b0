import type { Session } from "@x/core";
import { describe, expectTypeOf, it } from "vitest";
import type {
  ClassificationResult,
  ExtractedOutputs,
  ExtractionFailure,
  ExtractionResult,
  ExtractionSuccess,
  ParameterInput,
  WorkflowNodeClient,
} from "../src/index.js";
import { unwrapExtraction } from "../src/index.js";
import type { NodeSession } from "./support.js";

// These checks run in `tsc` (the package typecheck includes tests); the `it` bodies only keep vitest honest.

const MODEL = { provider: "langgenius/openai/openai", model: "gpt-4o-mini" };

type Weather = {
  city: string;
  days?: number;
  unit?: "c" | "f";
  rain?: boolean;
  tags?: string[];
  temps?: number[];
  stops?: Record<string, unknown>[];
};

async function extractWithoutAsConst(session: NodeSession) {
  // No `as const`: the const type parameter keeps the literals.
  const result = await session.workflowNode.parameterExtractor.invoke({
    parameters: [
      { name: "city", type: "string", required: true },
      { name: "days", type: "number" },
      { name: "unit", type: "select", options: ["c", "f"] },
      { name: "rain", type: "boolean" },
      { name: "tags", type: "array[string]" },
      { name: "temps", type: "array[number]" },
      { name: "stops", type: "array[object]" },
    ],
    model: MODEL,
    query: "q",
  });
  return result;
}

async function extractPositional(session: NodeSession) {
  return session.workflowNode.parameterExtractor.invoke({
    parameters: [
      { name: "ok", type: "bool", required: true },
      { name: "mode", type: "string", options: ["fast", "slow"], required: true },
    ],
    model: MODEL,
    query: "q",
  });
}

async function extractThrowing(session: NodeSession) {
  return session.workflowNode.parameterExtractor.invoke(
    { parameters: [{ name: "n", type: "number", required: true }], model: MODEL, query: "q" },
    { throwOnFailure: true, timeout: 1000 },
  );
}

async function classify(session: NodeSession) {
  return session.workflowNode.questionClassifier.invoke({
    classes: [
      { id: "1", name: "weather" },
      { id: "2", name: "sports" },
    ],
    model: MODEL,
    query: "q",
  });
}

async function classifyWithOptions(session: NodeSession) {
  return session.workflowNode.questionClassifier.invoke(
    { classes: [{ id: "a", name: "yes" }], model: MODEL, query: "q", instruction: "" },
    {
      idleTimeout: 5,
    },
  );
}

describe("typed results", () => {
  it("types outputs from a literal parameter list without as const", () => {
    type Result = Awaited<ReturnType<typeof extractWithoutAsConst>>;
    expectTypeOf<Extract<Result, { ok: true }>["outputs"]>().toEqualTypeOf<Weather>();
    expectTypeOf<Extract<Result, { ok: false }>>().toEqualTypeOf<ExtractionFailure>();
    expectTypeOf<Result["ok"]>().toEqualTypeOf<boolean>();
  });

  it("types outputs from an as const list, boolean and bool alike, strings with options as unions", () => {
    const parameters = [
      { name: "a", type: "boolean", required: true },
      { name: "b", type: "bool" },
      { name: "c", type: "string", options: ["x", "y"], required: true },
      { name: "d", type: "string", required: false },
    ] as const;
    expectTypeOf<ExtractedOutputs<typeof parameters>>().toEqualTypeOf<{
      a: boolean;
      b?: boolean;
      c: "x" | "y";
      d?: string;
    }>();
  });

  it("types the positional form like the object form", () => {
    type Result = Awaited<ReturnType<typeof extractPositional>>;
    expectTypeOf<Extract<Result, { ok: true }>["outputs"]>().toEqualTypeOf<{
      ok: boolean;
      mode: "fast" | "slow";
    }>();
  });

  it("narrows to the success branch with throwOnFailure and unwrapExtraction", () => {
    type Thrown = Awaited<ReturnType<typeof extractThrowing>>;
    expectTypeOf<Thrown["ok"]>().toEqualTypeOf<true>();
    expectTypeOf<Thrown["outputs"]>().toEqualTypeOf<{ n: number }>();
    type Result = ExtractionResult<readonly [{ name: "x"; type: "array[string]"; required: true }]>;
    expectTypeOf(unwrapExtraction<readonly [{ name: "x"; type: "array[string]"; required: true }]>)
      .parameter(0)
      .toEqualTypeOf<Result>();
    expectTypeOf<
      ReturnType<typeof unwrapExtraction<readonly [{ name: "x"; type: "array[string]"; required: true }]>>
    >().toEqualTypeOf<ExtractionSuccess<readonly [{ name: "x"; type: "array[string]"; required: true }]>>();
  });

  it("degrades to a record of every value type for a non-literal list", () => {
    expectTypeOf<ExtractedOutputs<ParameterInput[]>>().toEqualTypeOf<{
      [x: string]: string | number | boolean | string[] | number[] | Record<string, unknown>[] | undefined;
    }>();
  });

  it("types class_name as the union of class names, with the matching class_id", () => {
    type Result = Awaited<ReturnType<typeof classify>>;
    expectTypeOf<Result["outputs"]>().toEqualTypeOf<
      { class_name: "weather"; class_id: "1" } | { class_name: "sports"; class_id: "2" }
    >();
    expectTypeOf<Result["usage"]>().toEqualTypeOf<ClassificationResult["usage"]>();
    type WithOptions = Awaited<ReturnType<typeof classifyWithOptions>>;
    expectTypeOf<WithOptions["outputs"]["class_name"]>().toEqualTypeOf<"yes">();
  });

  it("types session.workflowNode only where workflowNodeExtension is used", () => {
    expectTypeOf<NodeSession["workflowNode"]>().toEqualTypeOf<WorkflowNodeClient>();
    expectTypeOf<Session>().not.toHaveProperty("workflowNode");
    function forgotten(session: Session) {
      // @ts-expect-error: a session without `uses: [workflowNodeExtension]` has no workflowNode
      return session.workflowNode.questionClassifier;
    }
    expectTypeOf(forgotten).toBeFunction();
  });

  it("rejects wrong requests at compile time", () => {
    async function wrong(session: NodeSession) {
      const { parameterExtractor, questionClassifier } = session.workflowNode;
      await parameterExtractor.invoke({
        // @ts-expect-error: unknown parameter type
        parameters: [{ name: "x", type: "date" }],
        model: MODEL,
        query: "q",
      });
      await questionClassifier.invoke({
        classes: [{ id: "1", name: "a" }],
        // @ts-expect-error: the model reference needs `model`
        model: { provider: "p" },
        query: "q",
      });
      await parameterExtractor.invoke(
        { parameters: [{ name: "x", type: "string" }], model: MODEL, query: "q" },
        // @ts-expect-error: a misspelt option is caught
        { timeot: 1 },
      );
      // @ts-expect-error: the Python SDK's positional order is not accepted: one options object per call
      await questionClassifier.invoke([{ id: "1", name: "a" }], MODEL, "q");
    }
    expectTypeOf(wrong).toBeFunction();
  });
});
