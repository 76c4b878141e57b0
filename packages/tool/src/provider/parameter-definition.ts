import type { Logger, Session } from "@x/core";
import type { DifyFile } from "./dify-file.js";
import type { I18nInput } from "./i18n.js";

/** Who fills a parameter: `llm` (the model), `form` (the user, before the call) or `schema` (when adding the tool). */
export type ParameterForm = "llm" | "form" | "schema";

/** Fields every parameter definition may carry. */
interface ParameterBase {
  /** Label shown to users (default: the parameter name). */
  label?: I18nInput;
  /** Description shown to users (`human_description`; default: the label). */
  description?: I18nInput;
  /** Description the LLM reads (default for `form: "llm"`: the English description). */
  llmDescription?: string;
  /** Who fills it (default `llm`). */
  form?: ParameterForm;
  /** True when the tool cannot run without it. */
  required?: boolean;
  /** Lets Dify generate the value from a prompt instruction. */
  autoGenerate?: boolean;
  /** Enables Jinja templating of the value in workflows. */
  template?: boolean;
  /** Show this parameter only when another has a value (at most 16 conditions). */
  showOn?: ReadonlyArray<{ variable: string; value: string }>;
}

/** A text parameter (`string`, `secret-input`, `date`) → `string`. */
export interface StringParameter extends ParameterBase {
  type: "string" | "secret-input" | "date";
  default?: string;
}
/** One option a `dynamic-select` parameter's `options` function returns (the daemon's `ParameterOption`). */
export interface DynamicSelectOption {
  /** The value passed to the tool (non-empty). */
  value: string;
  /** Label shown to users: Dify's i18n object `{ en_US, zh_Hans?, ja_JP?, pt_BR? }` (a string is English). */
  label: I18nInput;
  /** Icon: a URL or a data URI. */
  icon?: string;
}
/** What a `dynamic-select` parameter's `options` function receives (a `fetch_parameter_options` request). */
export interface DynamicSelectContext {
  /** The provider's credentials, decrypted by Dify. Never log them. */
  readonly credentials: Readonly<Record<string, unknown>>;
  /** How the credentials were obtained: `api-key`, `oauth2` or `unauthorized`. */
  readonly credentialType: string;
  /** The parameter whose options are asked for. */
  readonly parameter: string;
  /** The provider's name. */
  readonly provider: string;
  /** The tool's name. */
  readonly tool: string;
  /** Aborts when the session ends or the connection drops: pass it to `fetch`. */
  readonly signal: AbortSignal;
  /** The daemon session (reverse calls are allowed). */
  readonly session: Session;
  /** The session's logger. */
  readonly logger: Logger;
}
/**
 * A `dynamic-select` parameter → `string`: Dify asks `options` for the choices when the user opens the list
 * (`fetch_parameter_options`), e.g. the channels the user's token can see.
 */
export interface DynamicSelectParameter extends ParameterBase {
  type: "dynamic-select";
  default?: string;
  /** Fetches the options; throw to show Dify an error. */
  options(
    context: DynamicSelectContext,
  ): readonly DynamicSelectOption[] | Promise<readonly DynamicSelectOption[]>;
}
/** A `number` parameter → `number`. */
export interface NumberParameter extends ParameterBase {
  type: "number";
  default?: number;
  min?: number;
  max?: number;
  precision?: number;
}
/** A `boolean` or `checkbox` parameter → `boolean`. */
export interface BooleanParameter extends ParameterBase {
  type: "boolean" | "checkbox";
  default?: boolean;
}
/** One option of a `select` parameter. */
export interface SelectOption {
  /** The value passed to the tool. */
  value: string;
  /** Label shown to users (default: the value). */
  label?: I18nInput;
  /** Icon URL or asset name. */
  icon?: string;
}
/** A `select` parameter → the union of its option values. */
export interface SelectParameter extends ParameterBase {
  type: "select";
  options: readonly SelectOption[];
  default?: string;
}
/** A `file` parameter → {@link DifyFile}. */
export interface FileParameter extends ParameterBase {
  type: "file";
}
/** A `files` parameter → `DifyFile[]`. */
export interface FilesParameter extends ParameterBase {
  type: "files";
}
/** A `model-selector` parameter → {@link ModelSelectorValue}; `scope` narrows the model type (e.g. `llm`). */
export interface ModelSelectorParameter extends ParameterBase {
  type: "model-selector";
  scope?: string;
}
/** An `app-selector` parameter → {@link AppSelectorValue}; `scope` narrows the app mode (e.g. `chat`). */
export interface AppSelectorParameter extends ParameterBase {
  type: "app-selector";
  scope?: string;
}
/** An `array` parameter → `unknown[]` (a JSON string holding an array is accepted too). */
export interface ArrayParameter extends ParameterBase {
  type: "array";
  default?: readonly unknown[];
}
/** An `object` parameter → `Record<string, unknown>` (a JSON string holding an object is accepted too). */
export interface ObjectParameter extends ParameterBase {
  type: "object";
  default?: Readonly<Record<string, unknown>>;
}
/** An `any` or `date-range` parameter → `unknown`, passed through as received. */
export interface AnyParameter extends ParameterBase {
  type: "any" | "date-range";
  scope?: string;
  default?: unknown;
}

/** A tool parameter definition; its `type` decides the TypeScript type the tool receives. */
export type ParameterDefinition =
  | StringParameter
  | DynamicSelectParameter
  | NumberParameter
  | BooleanParameter
  | SelectParameter
  | FileParameter
  | FilesParameter
  | ModelSelectorParameter
  | AppSelectorParameter
  | ArrayParameter
  | ObjectParameter
  | AnyParameter;

/** Parameter definitions keyed by parameter name, in declaration order. */
export type ParameterDefinitions = Readonly<Record<string, ParameterDefinition>>;

/** The value of a `model-selector` parameter: Dify's model config (extra keys kept). */
export interface ModelSelectorValue {
  provider: string;
  model: string;
  model_type?: string;
  mode?: string;
  completion_params?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The value of an `app-selector` parameter. */
export interface AppSelectorValue {
  app_id: string;
  inputs?: Record<string, unknown>;
  files?: unknown[];
  [key: string]: unknown;
}

/** The TypeScript type of one parameter's value. */
export type ParameterValue<P extends ParameterDefinition> = P extends StringParameter | DynamicSelectParameter
  ? string
  : P extends NumberParameter
    ? number
    : P extends BooleanParameter
      ? boolean
      : P extends SelectParameter
        ? P["options"][number]["value"]
        : P extends FileParameter
          ? DifyFile
          : P extends FilesParameter
            ? DifyFile[]
            : P extends ModelSelectorParameter
              ? ModelSelectorValue
              : P extends AppSelectorParameter
                ? AppSelectorValue
                : P extends ArrayParameter
                  ? unknown[]
                  : P extends ObjectParameter
                    ? Record<string, unknown>
                    : unknown;

type AlwaysPresent<P> = P extends { required: true }
  ? true
  : P extends { default: infer V }
    ? undefined extends V
      ? false
      : true
    : false;

type Simplify<T> = { [K in keyof T]: T[K] };

/**
 * The typed `tool_parameters` a tool receives: required parameters and those with a default are always
 * present; the others may be undefined.
 */
export type ToolParameters<D extends ParameterDefinitions> = Simplify<
  {
    -readonly [K in keyof D as AlwaysPresent<D[K]> extends true ? K : never]: ParameterValue<D[K]>;
  } & {
    -readonly [K in keyof D as AlwaysPresent<D[K]> extends true ? never : K]?:
      | ParameterValue<D[K]>
      | undefined;
  }
>;

/** The `default` of a parameter definition, if it has one. */
export function defaultOf(definition: ParameterDefinition): unknown {
  return "default" in definition ? definition.default : undefined;
}
