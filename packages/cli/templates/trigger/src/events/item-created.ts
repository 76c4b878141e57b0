import { defineTriggerEvent } from "@x/trigger";
import { z } from "zod";

/** The webhook body of an `item.created` event, as the service sends it. */
export const ItemCreatedPayload = z.looseObject({
  id: z.string(),
  title: z.string(),
  author: z.string().nullish(),
});

/**
 * `item_created`: the service created an item. Its outputs become the variables the workflow starts with;
 * `keyword`, set on the workflow's trigger node, lets a workflow start only for items whose title contains it.
 */
export const itemCreated = defineTriggerEvent({
  identity: { name: "item_created", label: "Item created" },
  description: "An item was created on the service",
  parameters: {
    keyword: { type: "string", label: "Title keyword", description: "Start only when the title contains it" },
  },
  outputSchema: z.object({ id: z.string(), title: z.string(), author: z.string() }),
  invoke({ payload, parameters, ignore }) {
    const item = ItemCreatedPayload.parse(payload);
    const keyword = parameters.keyword?.trim();
    if (keyword && !item.title.toLowerCase().includes(keyword.toLowerCase())) {
      return ignore("the title does not contain the keyword");
    }
    return { id: item.id, title: item.title, author: item.author ?? "" };
  },
});
