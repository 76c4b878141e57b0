import type { Category } from "./triage-config.js";

/** What the `triage` tool found, in the key order of its `json` message. */
export interface TriageReport {
  /** The class name the Question Classifier chose. */
  category: Category;
  /** The chosen class's id. */
  class_id: string;
  /** True when the Parameter Extractor succeeded. */
  extracted: boolean;
  /** The extracted fields, or null (class `other`, or a failed extraction). */
  fields: Record<string, unknown> | null;
  /** Dify's reason when the extraction failed, else null. */
  reason: string | null;
  /** The text messages of the lookup tool (empty without a lookup). */
  lookup: string[];
}

/** One line for humans that names the category, e.g. `Triaged as billing: invoice INV-1001, amount 120.5.` */
export function summarize(report: TriageReport): string {
  let line = `Triaged as ${report.category}`;
  if (report.extracted && report.fields) {
    const details = Object.entries(report.fields)
      .filter(([, value]) => value !== undefined && value !== null && value !== "")
      .map(
        ([name, value]) =>
          `${name.replace(/_/g, " ")} ${typeof value === "string" ? value : JSON.stringify(value)}`,
      );
    line += details.length > 0 ? `: ${details.join(", ")}.` : ".";
  } else if (report.reason !== null) {
    line += `; details could not be extracted (${report.reason}).`;
  } else {
    line += "; no details to extract.";
  }
  if (report.lookup.length > 0) {
    line += ` Lookup returned ${report.lookup.length} ${report.lookup.length === 1 ? "text" : "texts"}.`;
  }
  // A reason or a value with line breaks must not break the one-line promise.
  return line.replace(/\s+/g, " ").trim();
}
