import { defineEndpoint, defineEndpointSettings } from "@x/endpoint";

/** The form a user fills in when creating the endpoint in Dify; it types `settings` in the endpoints below. */
export const settings = defineEndpointSettings({
  secret: {
    type: "secret-input",
    required: true,
    label: "Shared secret",
    help: "Callers send it in the X-Secret header",
  },
});

/** POST /hello {"name": "..."}: checks the caller's secret and answers a greeting as JSON. */
export const hello = defineEndpoint({
  settings,
  path: "/hello",
  method: "POST",
  async invoke(request, { settings }) {
    if (request.headers.get("x-secret") !== settings.secret) {
      return new Response("forbidden", { status: 403 });
    }
    const body = (await request.json().catch(() => null)) as { name?: unknown } | null;
    if (typeof body?.name !== "string") {
      return Response.json({ error: 'send {"name": "..."}' }, { status: 400 });
    }
    return Response.json({ message: `Hello, ${body.name}!` });
  },
});
