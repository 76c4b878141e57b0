import { defineTriggerEvent } from "@x/trigger";
import { z } from "zod";

/** What a `push` webhook body holds that the event reads (the rest is ignored). */
const PushPayload = z.looseObject({
  ref: z.string(),
  compare: z.string().default(""),
  repository: z.looseObject({ full_name: z.string() }),
  pusher: z.looseObject({ name: z.string() }),
  commits: z.array(z.looseObject({ message: z.string() })).default([]),
  head_commit: z.looseObject({ message: z.string() }).nullish(),
});

/** `push`: commits were pushed; a workflow may limit it to one branch. */
export const pushEvent = defineTriggerEvent({
  identity: { name: "push", label: "Push" },
  description: "Commits were pushed to a branch or tag of the repository",
  parameters: {
    branch: {
      type: "string",
      label: "Branch",
      description: "Only pushes to this branch (empty: every branch)",
    },
  },
  outputSchema: z.object({
    repository: z.string().describe("owner/name"),
    ref: z.string().describe("The full ref, e.g. refs/heads/main"),
    branch: z.string().describe("The branch name, or the ref when it is not a branch"),
    pusher: z.string(),
    commits: z.number().int().describe("How many commits the push carried"),
    head_message: z.string().describe("The newest commit's message"),
    compare_url: z.string(),
  }),
  invoke({ payload, parameters, ignore }) {
    const push = PushPayload.parse(payload);
    const branch = push.ref.startsWith("refs/heads/") ? push.ref.slice("refs/heads/".length) : push.ref;
    if (parameters.branch && parameters.branch !== branch)
      return ignore(`push to ${branch}, not ${parameters.branch}`);
    return {
      repository: push.repository.full_name,
      ref: push.ref,
      branch,
      pusher: push.pusher.name,
      commits: push.commits.length,
      head_message: push.head_commit?.message ?? push.commits.at(-1)?.message ?? "",
      compare_url: push.compare,
    };
  },
});
