import { describe, expect, it } from "vitest";
import {
  DATASOURCE_PARAMETER_TYPES,
  DATASOURCE_PROVIDER_TYPES,
  DatasourceDeclarationSchema,
  DatasourceParameterSchema,
  DatasourceProviderDeclarationSchema,
} from "../src/datasource/index.js";
import firecrawl from "./fixtures/datasource-provider-firecrawl.json" with { type: "json" };
import notion from "./fixtures/datasource-provider-notion.json" with { type: "json" };

function messages(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string[] {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

// TestDatasourceDeclarationBasic (pkg/entities/plugin_entities/datasource_declaration_test.go).
const basicDatasource = {
  identity: {
    author: "test_author",
    name: "test_datasource",
    label: { en_US: "Test Datasource", zh_Hans: "测试数据源" },
    icon: "icon.svg",
  },
  parameters: [
    {
      name: "api_key",
      type: "secret-input",
      label: { en_US: "API Key", zh_Hans: "API密钥" },
      description: { en_US: "Your API key", zh_Hans: "您的API密钥" },
      required: true,
    },
  ],
  description: { en_US: "A test datasource", zh_Hans: "测试数据源" },
};

// The datasource of TestDatasourceParameterValidation, with the parameter type left open.
const datasourceWithParameterType = (type: string) => ({
  identity: { author: "test", name: "test", label: { en_US: "Test" } },
  parameters: [
    {
      name: "param",
      type,
      label: { en_US: "Param" },
      description: { en_US: "Description" },
      required: false,
    },
  ],
  description: { en_US: "Test" },
});

// TestDatasourceProviderDeclaration's YAML, as JSON.
const yamlProvider = {
  identity: {
    author: "test_author",
    name: "test_provider",
    description: { en_US: "Test Provider", zh_Hans: "测试提供者" },
    icon: "icon.svg",
    label: { en_US: "Test Provider", zh_Hans: "测试提供者" },
    tags: ["search", "analysis"],
  },
  credentials_schema: [
    {
      name: "api_key",
      type: "secret-input",
      required: true,
      label: { en_US: "API Key" },
      help: { en_US: "Your API key" },
    },
  ],
  provider_type: "online_document",
  datasources: [
    {
      identity: { author: "test_author", name: "datasource1", label: { en_US: "Datasource 1" } },
      parameters: [],
      description: { en_US: "First datasource" },
      output_schema: { type: "object", properties: { result: { type: "object" } } },
    },
  ],
};

// TestDatasourceProviderTypeValidation's YAML, as JSON, with the provider type left open.
const providerOfType = (providerType: string) => ({
  identity: {
    author: "test",
    name: "test",
    description: { en_US: "Test" },
    icon: "icon.svg",
    label: { en_US: "Test" },
  },
  provider_type: providerType,
  datasources: [],
});

describe("datasource declaration", () => {
  it("accepts the daemon's basic datasource vector (TestDatasourceDeclarationBasic)", () => {
    const parsed = DatasourceDeclarationSchema.parse(basicDatasource);
    expect(parsed.identity.author).toBe("test_author");
    expect(parsed.parameters).toHaveLength(1);
  });

  it("accepts the five parameter types the daemon's test lists and refuses invalid_type", () => {
    expect(DATASOURCE_PARAMETER_TYPES).toEqual(["string", "number", "boolean", "select", "secret-input"]);
    for (const type of DATASOURCE_PARAMETER_TYPES) {
      expect(DatasourceDeclarationSchema.safeParse(datasourceWithParameterType(type)).success).toBe(true);
    }
    const invalid = DatasourceDeclarationSchema.safeParse(datasourceWithParameterType("invalid_type"));
    expect(invalid.success).toBe(false);
    expect(messages(invalid)[0]).toContain(
      "type must be one of string, number, boolean, select, secret-input",
    );
  });

  it("refuses file and files parameters, which the Python SDK lists but the daemon does not", () => {
    expect(DatasourceDeclarationSchema.safeParse(datasourceWithParameterType("file")).success).toBe(false);
    expect(DatasourceDeclarationSchema.safeParse(datasourceWithParameterType("files")).success).toBe(false);
  });

  it("requires parameters to be an array, [] when empty (the daemon's required tag refuses null)", () => {
    expect(DatasourceDeclarationSchema.safeParse({ ...basicDatasource, parameters: [] }).success).toBe(true);
    const nulled = DatasourceDeclarationSchema.safeParse({ ...basicDatasource, parameters: null });
    expect(messages(nulled)).toEqual([
      "parameters is required: an array of parameters ([] when there are none), not null",
    ]);
    const { parameters: _omitted, ...withoutParameters } = basicDatasource;
    expect(DatasourceDeclarationSchema.safeParse(withoutParameters).success).toBe(false);
  });

  it("requires the datasource description and parameter descriptions", () => {
    const { description: _d, ...noDescription } = basicDatasource;
    expect(DatasourceDeclarationSchema.safeParse(noDescription).success).toBe(false);
    const [parameter] = basicDatasource.parameters;
    const { description: _p, ...parameterWithoutDescription } = parameter!;
    expect(DatasourceParameterSchema.safeParse(parameterWithoutDescription).success).toBe(false);
  });

  it("refuses any scope on a datasource parameter (the daemon's is_scope knows no datasource parameter)", () => {
    const parameter = basicDatasource.parameters[0]!;
    expect(DatasourceParameterSchema.safeParse({ ...parameter, scope: null }).success).toBe(true);
    for (const scope of ["llm", "", "all"]) {
      const result = DatasourceParameterSchema.safeParse({ ...parameter, scope });
      expect(messages(result)).toEqual([
        "scope must be null or absent on a datasource parameter: the daemon refuses every value",
      ]);
    }
  });

  it("allows only a string, number or boolean default (is_basic_type)", () => {
    const parameter = { ...basicDatasource.parameters[0]!, type: "number" };
    for (const value of [2, "x", true, null]) {
      expect(DatasourceParameterSchema.safeParse({ ...parameter, default: value }).success).toBe(true);
    }
    for (const value of [[1], { a: 1 }]) {
      expect(messages(DatasourceParameterSchema.safeParse({ ...parameter, default: value }))).toEqual([
        "default must be a string, number or boolean (is_basic_type)",
      ]);
    }
  });

  it("checks names (1-1023 characters) and select options (non-empty value)", () => {
    const parameter = basicDatasource.parameters[0]!;
    expect(DatasourceParameterSchema.safeParse({ ...parameter, name: "" }).success).toBe(false);
    expect(DatasourceParameterSchema.safeParse({ ...parameter, name: "n".repeat(1024) }).success).toBe(false);
    const select = { ...parameter, type: "select" };
    const option = { value: "a", label: { en_US: "A" } };
    expect(DatasourceParameterSchema.safeParse({ ...select, options: [option] }).success).toBe(true);
    expect(
      DatasourceParameterSchema.safeParse({ ...select, options: [{ ...option, value: "" }] }).success,
    ).toBe(false);
  });
});

describe("datasource provider declaration", () => {
  it("accepts the three provider types of TestDatasourceProviderTypeValidation and refuses invalid_type", () => {
    expect(DATASOURCE_PROVIDER_TYPES).toEqual(["website_crawl", "online_document", "online_drive"]);
    for (const type of DATASOURCE_PROVIDER_TYPES) {
      expect(DatasourceProviderDeclarationSchema.safeParse(providerOfType(type)).success).toBe(true);
    }
    const invalid = DatasourceProviderDeclarationSchema.safeParse(providerOfType("invalid_type"));
    expect(messages(invalid)).toEqual([
      "provider_type must be one of website_crawl, online_document, online_drive",
    ]);
  });

  it("refuses TestDatasourceProviderDeclaration's tag 'analysis' (that Go test skips validation) and accepts the rest", () => {
    const result = DatasourceProviderDeclarationSchema.safeParse(yamlProvider);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["identity", "tags", 1]);
    const fixed = { ...yamlProvider, identity: { ...yamlProvider.identity, tags: ["search"] } };
    const parsed = DatasourceProviderDeclarationSchema.parse(fixed);
    expect(parsed.provider_type).toBe("online_document");
    expect(parsed.datasources).toHaveLength(1);
  });

  it("reads an absent datasources or credentials_schema as the daemon does (both become [])", () => {
    const { datasources: _d, ...withoutDatasources } = providerOfType("online_drive");
    expect(DatasourceProviderDeclarationSchema.safeParse(withoutDatasources).success).toBe(true);
    expect(
      DatasourceProviderDeclarationSchema.safeParse({
        ...providerOfType("online_drive"),
        credentials_schema: null,
      }).success,
    ).toBe(true);
  });

  it("refuses the YAML-only map form of credentials_schema and file paths in datasources", () => {
    const asMap = {
      ...yamlProvider,
      identity: { ...yamlProvider.identity, tags: [] },
      credentials_schema: { api_key: { type: "secret-input", label: { en_US: "API Key" } } },
    };
    expect(messages(DatasourceProviderDeclarationSchema.safeParse(asMap))).toEqual([
      "credentials_schema must be an array of credential fields (the map form is only read from YAML)",
    ]);
    const withPath = { ...providerOfType("website_crawl"), datasources: ["datasources/crawl.yaml"] };
    expect(DatasourceProviderDeclarationSchema.safeParse(withPath).success).toBe(false);
  });

  it("requires the provider description, icon and label", () => {
    const base = providerOfType("website_crawl");
    const { description: _d, ...noDescription } = base.identity;
    const { icon: _i, ...noIcon } = base.identity;
    expect(DatasourceProviderDeclarationSchema.safeParse({ ...base, identity: noDescription }).success).toBe(
      false,
    );
    expect(messages(DatasourceProviderDeclarationSchema.safeParse({ ...base, identity: noIcon }))).toEqual([
      "icon is required",
    ]);
  });

  it("accepts the official Firecrawl provider as the Python SDK sends it (website_crawl, typed parameters)", () => {
    const parsed = DatasourceProviderDeclarationSchema.parse(firecrawl);
    expect(parsed.provider_type).toBe("website_crawl");
    expect(parsed.datasources?.[0]?.parameters.map((parameter) => parameter.name)).toEqual([
      "url",
      "crawl_subpages",
      "exclude_paths",
      "include_paths",
      "max_depth",
      "limit",
      "only_main_content",
    ]);
    expect(parsed).toHaveProperty("extra.python.source", "provider/firecrawl_datasource.py");
  });

  it("accepts the official Notion provider as the Python SDK sends it (online_document, OAuth schema)", () => {
    const parsed = DatasourceProviderDeclarationSchema.parse(notion);
    expect(parsed.provider_type).toBe("online_document");
    expect(parsed.oauth_schema?.client_schema?.map((field) => field.name)).toEqual([
      "client_id",
      "client_secret",
    ]);
    expect(parsed.datasources?.[0]?.parameters).toEqual([]);
  });
});
