import { DatasourceCredentialsError } from "@x/datasource";

/** One page of the notebook. */
export interface Note {
  /** Stable id, what Dify sends back to read the page. */
  id: string;
  /** Title shown in Dify's page picker. */
  title: string;
  /** The id of the page it sits under, or null at the top. */
  parent: string | null;
  /** When it last changed (Unix seconds). */
  updated: number;
  /** Its text, as Markdown. */
  markdown: string;
}

/** One workspace of pages. */
export interface Notebook {
  /** Workspace id. */
  id: string;
  /** Workspace name. */
  name: string;
  /** Its pages. */
  notes: Note[];
}

// Stands in for the service's API: replace these two functions with `fetch` calls (pass `signal`), keeping
// their shapes. A real API is asked with the user's credentials and says 401/403 when it refuses them.
const NOTEBOOKS: Notebook[] = [
  {
    id: "team",
    name: "Team notebook",
    notes: [
      {
        id: "handbook",
        title: "Handbook",
        parent: null,
        updated: 1_764_000_000,
        markdown: "# Handbook\n\nHow we work.",
      },
      {
        id: "onboarding",
        title: "Onboarding",
        parent: "handbook",
        updated: 1_764_100_000,
        markdown: "# Onboarding\n\nYour first week.",
      },
    ],
  },
];

/** Refuses credentials the (pretend) service would refuse: its keys start with `nb-`. */
export function checkApiKey(credentials: Readonly<Record<string, unknown>>): void {
  const key = credentials.api_key;
  if (typeof key !== "string" || !key.startsWith("nb-")) {
    throw new DatasourceCredentialsError("the notebook service refused the API key");
  }
}

/** Every workspace the credentials can read. */
export async function listNotebooks(credentials: Readonly<Record<string, unknown>>): Promise<Notebook[]> {
  checkApiKey(credentials);
  return NOTEBOOKS;
}

/** One page, or undefined when there is none with that id. */
export async function readNote(
  credentials: Readonly<Record<string, unknown>>,
  notebookId: string,
  noteId: string,
): Promise<Note | undefined> {
  checkApiKey(credentials);
  return NOTEBOOKS.find((notebook) => notebook.id === notebookId)?.notes.find((note) => note.id === noteId);
}
