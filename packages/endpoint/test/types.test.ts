import { type AppClient, appExtension } from "@x/app";
import { describe, expectTypeOf, it } from "vitest";
import {
  type AppSelectorValue,
  defineEndpoint,
  defineEndpointSettings,
  type EndpointSettings,
  type ModelSelectorValue,
  type PathParams,
  type ToolSelectorValue,
} from "../src/index.js";

describe("inferred types", () => {
  it("types settings from the settings form: required and defaulted ones always present", () => {
    const settings = defineEndpointSettings({
      token: { type: "secret-input", required: true },
      note: { type: "text-input" },
      flag: { type: "boolean", default: false },
      mode: { type: "select", options: [{ value: "fast" }, { value: "slow" }], required: true },
      model: { type: "model-selector", scope: "llm", required: true },
      app: { type: "app-selector" },
      tools: { type: "array[tools]" },
    });
    expectTypeOf<EndpointSettings<typeof settings>>().toEqualTypeOf<{
      readonly token: string;
      readonly flag: boolean;
      readonly mode: "fast" | "slow";
      readonly model: ModelSelectorValue;
      readonly note?: string | undefined;
      readonly app?: AppSelectorValue | undefined;
      readonly tools?: ToolSelectorValue[] | undefined;
    }>();
    defineEndpoint({
      settings,
      path: "/x",
      method: "POST",
      invoke(_request, context) {
        expectTypeOf(context.settings.model.provider).toEqualTypeOf<string>();
        expectTypeOf(context.settings.app).toEqualTypeOf<AppSelectorValue | undefined>();
        return new Response("");
      },
    });
  });

  it("types path parameters from the path", () => {
    expectTypeOf<PathParams<"/users/{id}/posts/{post}">>().toEqualTypeOf<{
      readonly id: string;
      readonly post: string;
    }>();
    expectTypeOf<PathParams<"/files/<path:rest>">>().toEqualTypeOf<{ readonly rest: string }>();
    expectTypeOf<PathParams<"/duck/<app_id>">>().toEqualTypeOf<{ readonly app_id: string }>();
    defineEndpoint({
      path: "/users/{id}",
      method: "GET",
      invoke(_request, { params }) {
        expectTypeOf(params.id).toEqualTypeOf<string>();
        // @ts-expect-error: the path has no `name` variable
        params.name;
        return new Response("");
      },
    });
  });

  it("types the session by what the endpoint uses", () => {
    defineEndpoint({
      uses: [appExtension],
      path: "/ask",
      method: "POST",
      invoke(_request, { session }) {
        expectTypeOf(session.app).toEqualTypeOf<AppClient>();
        return new Response("");
      },
    });
    defineEndpoint({
      path: "/plain",
      method: "GET",
      invoke(_request, { session }) {
        // @ts-expect-error: appExtension is not in `uses`
        session.app;
        return new Response("");
      },
    });
  });
});
