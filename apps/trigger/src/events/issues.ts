import { defineTriggerEvent } from "@x/trigger";
import { z } from "zod";

/** What an `issues` webhook body holds that the event reads. */
const IssuesPayload = z.looseObject({
  action: z.string(),
  repository: z.looseObject({ full_name: z.string() }),
  issue: z.looseObject({
    number: z.number(),
    title: z.string(),
    body: z.string().nullish(),
    html_url: z.string().default(""),
    user: z.looseObject({ login: z.string() }),
    labels: z.array(z.looseObject({ name: z.string() })).default([]),
  }),
});

const ACTIONS = ["opened", "edited", "closed", "reopened", "labeled"] as const;

/** `issues`: an issue changed; a workflow picks the actions and may require a label. */
export const issuesEvent = defineTriggerEvent({
  identity: { name: "issues", label: "Issue activity" },
  description: "An issue was opened, edited, closed, reopened or labeled",
  parameters: {
    actions: {
      type: "checkbox",
      label: "Actions",
      multiple: true,
      default: ["opened"],
      options: ACTIONS.map((value) => ({ value })),
    },
    label: { type: "string", label: "Label", description: "Only issues carrying this label (empty: any)" },
  },
  outputSchema: z.object({
    repository: z.string(),
    action: z.enum(ACTIONS),
    number: z.number().int(),
    title: z.string(),
    body: z.string(),
    author: z.string(),
    labels: z.array(z.string()),
    url: z.string(),
  }),
  invoke({ payload, parameters, ignore }) {
    const { action, issue, repository } = IssuesPayload.parse(payload);
    const known = ACTIONS.find((value) => value === action);
    if (!known || !parameters.actions.includes(known)) return ignore(`action ${action} is not selected`);
    const labels = issue.labels.map((label) => label.name);
    if (parameters.label && !labels.includes(parameters.label)) return ignore(`no label ${parameters.label}`);
    return {
      repository: repository.full_name,
      action: known,
      number: issue.number,
      title: issue.title,
      body: issue.body ?? "",
      author: issue.user.login,
      labels,
      url: issue.html_url,
    };
  },
});
