/**
 * A value that satisfies a (simple) JSON schema, for default structured-output and tool-call answers, like the
 * daemon mock's `GenerateValidateJson`: `const`/`enum` first values, every property of an object (required or
 * not), one item per array, minimums honoured. Unsupported keywords are ignored.
 */
export function sampleFromJsonSchema(schema: unknown, depth = 0): unknown {
  if (typeof schema !== "object" || schema === null || depth > 8) return null;
  const s = schema as Record<string, unknown>;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if ("default" in s) return s.default;
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0) return sampleFromJsonSchema(options[0], depth + 1);
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object": {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(properties))
        out[name] = sampleFromJsonSchema(property, depth + 1);
      return out;
    }
    case "array": {
      const count = typeof s.minItems === "number" && s.minItems > 1 ? s.minItems : 1;
      return Array.from({ length: count }, () => sampleFromJsonSchema(s.items ?? {}, depth + 1));
    }
    case "integer":
      return typeof s.minimum === "number" ? Math.ceil(s.minimum) : 1;
    case "number":
      return typeof s.minimum === "number" ? s.minimum : 1.5;
    case "boolean":
      return true;
    case "string": {
      const length = typeof s.minLength === "number" ? s.minLength : 0;
      return "sample".padEnd(length, "x");
    }
    case "null":
      return null;
    default:
      return s.properties ? sampleFromJsonSchema({ ...s, type: "object" }, depth) : null;
  }
}
