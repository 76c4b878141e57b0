import { appExtension } from "@x/app";
import { defineEndpoint } from "@x/endpoint";
import { jsonError, readStringField } from "./json.js";
import { endpointSettings } from "./settings.js";

const encoder = new TextEncoder();

/** The next answer chunk of a chat app run (`message` / `agent_message` events), or undefined at its end. */
async function nextAnswer(iterator: AsyncIterator<unknown>): Promise<string | undefined> {
  for (;;) {
    const next = await iterator.next();
    if (next.done) return undefined;
    const event = next.value as { event?: string; answer?: unknown };
    if ((event.event === "message" || event.event === "agent_message") && typeof event.answer === "string") {
      return event.answer;
    }
  }
}

/** One server-sent event carrying an answer chunk: `data: {"answer":"..."}` and a blank line. */
export function answerEvent(answer: string): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify({ answer })}\n\n`);
}

/**
 * `POST /ask` with `{"query": "..."}`: asks the chat app chosen in the `app` setting (`session.app.chat`, streaming)
 * and relays each answer chunk as it arrives, as a server-sent event `data: {"answer":"<chunk>"}`. Without an app
 * setting, or with a bad body, it answers 400 JSON; when the app call fails before its first chunk, 502 JSON; a
 * failure after the stream started ends it with an `event: error` event.
 */
export const askEndpoint = defineEndpoint({
  settings: endpointSettings,
  uses: [appExtension],
  path: "/ask",
  method: "POST",
  async invoke(request, { session, settings, signal }) {
    const app = settings.app;
    if (!app?.app_id)
      return jsonError(400, "this endpoint has no app: choose one in the endpoint's `app` setting");
    const query = await readStringField(request, "query");
    if (!query.ok) return query.response;
    const events = session.app.chat.invoke(
      { app_id: app.app_id, query: query.value, inputs: app.inputs ?? {}, response_mode: "streaming" },
      { signal },
    );
    const iterator = events[Symbol.asyncIterator]();
    // The first answer chunk is awaited before answering, so a failed app call can still be a 502.
    let first: string | undefined;
    try {
      first = await nextAnswer(iterator);
    } catch (error) {
      return jsonError(502, `the app call failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (first === undefined) controller.close();
        else controller.enqueue(answerEvent(first));
      },
      // Pulled once per chunk the daemon takes: the next app event is read only when the last one was relayed.
      async pull(controller) {
        try {
          const answer = await nextAnswer(iterator);
          if (answer === undefined) controller.close();
          else controller.enqueue(answerEvent(answer));
        } catch (error) {
          // Status and headers are gone already: say it in the stream.
          const message = error instanceof Error ? error.message : String(error);
          controller.enqueue(encoder.encode(`event: error\ndata: ${JSON.stringify({ error: message })}\n\n`));
          controller.close();
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    });
    return new Response(body, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
    });
  },
});
