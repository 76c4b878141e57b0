export * from "./declare-form.js";
export * from "./form-fields.js";
