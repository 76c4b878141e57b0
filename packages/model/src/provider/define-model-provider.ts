import { type Logger, type Plugin, type Session, ValidationError } from "@x/core";
import type { PluginComponent } from "@x/core/internal";
import { parseInput } from "@x/core/internal";
import {
  type ConfigurateMethod,
  type I18nInput,
  type ModelDeclaration,
  type ModelProviderDeclaration,
  ModelProviderDeclarationSchema,
  type ModelType,
} from "@x/protocol";
import { type CredentialFieldsInput, declareCredentialFields, declareModel, toI18n } from "./declarations.js";
import type { AnyModelDefinition, CredentialsResult, ModelKind } from "./define-models.js";
import { registerModelProvider } from "./model-handlers.js";

/** What the provider's `validateCredentials` receives besides the credentials. */
export interface ModelProviderContext {
  /** The daemon session (model sessions cannot make reverse calls, §4.2). */
  readonly session: Session;
  /** Aborts when the session ends. */
  readonly signal: AbortSignal;
  /** The session's logger. Never log credentials. */
  readonly logger: Logger;
  /** The provider's name. */
  readonly provider: string;
  /** The end user (may be `""`). */
  readonly userId: string;
}

/** The definition of a model provider, as given to {@link defineModelProvider}. */
export interface ModelProviderDefinitionInput {
  /** Identity: `name` (the provider id Dify routes on), `label`, and optional texts and icons (asset file names). */
  provider: {
    name: string;
    label: I18nInput;
    description?: I18nInput;
    iconSmall?: I18nInput;
    iconLarge?: I18nInput;
    iconSmallDark?: I18nInput;
    iconLargeDark?: I18nInput;
    /** Card background colour, e.g. `#F9FAFB`. */
    background?: string;
    /** A "how to get a key" link. */
    help?: { title: I18nInput; url: I18nInput };
  };
  /**
   * Credential forms: `provider` fields (`provider_credential_schema`, for predefined models) and `model` (the
   * form users fill per custom model, `model_credential_schema`, for customizable models).
   */
  credentials?: {
    provider?: CredentialFieldsInput;
    model?: { label: I18nInput; placeholder?: I18nInput; fields: CredentialFieldsInput };
  };
  /** One definition per model type (`defineLLM(...)`, `defineTextEmbedding(...)`, ...). */
  models: readonly AnyModelDefinition[];
  /** Default: `predefined-model` when a definer lists `models`, `customizable-model` when `credentials.model` is set. */
  configurateMethods?: readonly ConfigurateMethod[];
  /**
   * Checks the provider credentials a user saves (`validate_provider_credentials`): throw
   * `CredentialsValidateFailedError` to reject them, return an object to store other credentials.
   */
  validateCredentials?(
    credentials: Readonly<Record<string, unknown>>,
    context: ModelProviderContext,
  ): CredentialsResult | Promise<CredentialsResult>;
}

/** The model type a kind is declared as: multimodal kinds are declared like the Python SDK does. */
export const DECLARED_MODEL_TYPE: Readonly<Record<ModelKind, ModelType>> = {
  llm: "llm",
  "text-embedding": "text-embedding",
  "multimodal-embedding": "text-embedding",
  rerank: "rerank",
  "multimodal-rerank": "rerank",
  tts: "tts",
  speech2text: "speech2text",
  moderation: "moderation",
};

const POSITION_KEYS: Partial<
  Record<ModelType, "llm" | "text_embedding" | "rerank" | "tts" | "speech2text" | "moderation">
> = {
  llm: "llm",
  "text-embedding": "text_embedding",
  rerank: "rerank",
  tts: "tts",
  speech2text: "speech2text",
  moderation: "moderation",
};

/**
 * A model provider: `plugin.register(provider)` declares it (`model_declaration`) and routes the 16 `model`
 * actions (§2.3) to its model definitions. A model plugin declares nothing else (§1.3.2).
 */
export class ModelProvider implements PluginComponent {
  /** The provider's name. */
  readonly name: string;
  /** The declaration the daemon validates, built and checked when the provider was defined. */
  readonly declaration: ModelProviderDeclaration;
  /** The definition it was built from. */
  readonly definition: ModelProviderDefinitionInput;
  /** @internal Each kind's definition. */
  readonly byKind: ReadonlyMap<ModelKind, AnyModelDefinition>;
  /** @internal Each kind's predefined models, checked. */
  readonly predefined: ReadonlyMap<ModelKind, readonly ModelDeclaration[]>;

  /** @internal Use {@link defineModelProvider}. */
  constructor(definition: ModelProviderDefinitionInput) {
    this.definition = definition;
    const { byKind, predefined } = indexModels(definition);
    this.byKind = byKind;
    this.predefined = predefined;
    this.declaration = declareProvider(definition, byKind, predefined);
    this.name = this.declaration.provider;
  }

  /** Registers the provider on `plugin`: the model routes and the `model` declaration. */
  install(plugin: Plugin): void {
    registerModelProvider(plugin, this);
    plugin.declare("model", this.declaration);
  }
}

/**
 * Defines a model provider from its identity, credential forms and model definitions. Throws `ValidationError`
 * naming the field when the declaration would fail the daemon's checks (`model_declaration.go`).
 */
export function defineModelProvider(definition: ModelProviderDefinitionInput): ModelProvider {
  return new ModelProvider(definition);
}

function indexModels(definition: ModelProviderDefinitionInput) {
  if (typeof definition !== "object" || definition === null) {
    throw new ValidationError("definition must be an object");
  }
  const list: readonly AnyModelDefinition[] = definition.models;
  if (!Array.isArray(list as unknown)) {
    throw new ValidationError("must be an array of model definitions (defineLLM(...), ...)", {
      field: "models",
    });
  }
  const byKind = new Map<ModelKind, AnyModelDefinition>();
  const predefined = new Map<ModelKind, ModelDeclaration[]>();
  const names = new Map<string, string>();
  for (const [i, model] of list.entries()) {
    const field = `models[${i}]`;
    if (typeof model !== "object" || model === null || model.kind !== "model") {
      throw new ValidationError("must come from a definer (defineLLM, defineTextEmbedding, ...)", { field });
    }
    if (byKind.has(model.modelKind)) {
      throw new ValidationError(`a second ${model.modelKind} definition: list all its models in one`, {
        field,
      });
    }
    byKind.set(model.modelKind, model);
    const type = DECLARED_MODEL_TYPE[model.modelKind];
    const declarations = (model.definition.models ?? []).map((input, j) =>
      declareModel(input, type, `${field}.models[${j}]`),
    );
    for (const [j, declaration] of declarations.entries()) {
      const key = `${type}/${declaration.model}`;
      const previous = names.get(key);
      if (previous !== undefined) {
        throw new ValidationError(
          `${type} model ${declaration.model} is declared twice (also at ${previous})`,
          {
            field: `${field}.models[${j}].model`,
          },
        );
      }
      names.set(key, `${field}.models[${j}]`);
    }
    predefined.set(model.modelKind, declarations);
  }
  return { byKind, predefined };
}

function declareProvider(
  definition: ModelProviderDefinitionInput,
  byKind: ReadonlyMap<ModelKind, AnyModelDefinition>,
  predefined: ReadonlyMap<ModelKind, readonly ModelDeclaration[]>,
): ModelProviderDeclaration {
  const id = definition.provider;
  if (typeof id !== "object" || id === null) throw new ValidationError("is required", { field: "provider" });
  const models = [...predefined.values()].flat();
  const supported = [...new Set([...byKind.keys()].map((kind) => DECLARED_MODEL_TYPE[kind]))];
  const methods: ConfigurateMethod[] = definition.configurateMethods
    ? [...definition.configurateMethods]
    : [
        ...(models.length > 0 || definition.credentials?.model === undefined
          ? ["predefined-model" as const]
          : []),
        ...(definition.credentials?.model === undefined ? [] : ["customizable-model" as const]),
      ];
  const position: NonNullable<ModelProviderDeclaration["position"]> = {};
  for (const model of models) {
    const key = POSITION_KEYS[model.model_type];
    if (!key) continue;
    position[key] = [...(position[key] ?? []), model.model];
  }
  const credentials = definition.credentials;
  const declaration = {
    provider: id.name,
    label: toI18n(id.label),
    ...(id.description === undefined ? {} : { description: toI18n(id.description) }),
    ...(id.iconSmall === undefined ? {} : { icon_small: toI18n(id.iconSmall) }),
    ...(id.iconLarge === undefined ? {} : { icon_large: toI18n(id.iconLarge) }),
    ...(id.iconSmallDark === undefined ? {} : { icon_small_dark: toI18n(id.iconSmallDark) }),
    ...(id.iconLargeDark === undefined ? {} : { icon_large_dark: toI18n(id.iconLargeDark) }),
    ...(id.background === undefined ? {} : { background: id.background }),
    ...(id.help === undefined ? {} : { help: { title: toI18n(id.help.title), url: toI18n(id.help.url) } }),
    supported_model_types: supported,
    configurate_methods: methods,
    ...(credentials?.provider === undefined
      ? {}
      : {
          provider_credential_schema: {
            credential_form_schemas: declareCredentialFields(credentials.provider, "credentials.provider"),
          },
        }),
    ...(credentials?.model === undefined
      ? {}
      : {
          model_credential_schema: {
            model: {
              label: toI18n(credentials.model.label),
              ...(credentials.model.placeholder === undefined
                ? {}
                : { placeholder: toI18n(credentials.model.placeholder) }),
            },
            credential_form_schemas: declareCredentialFields(
              credentials.model.fields,
              "credentials.model.fields",
            ),
          },
        }),
    ...(Object.keys(position).length === 0 ? {} : { position }),
    models,
  };
  return parseInput(ModelProviderDeclarationSchema, declaration, { what: "model provider" });
}
