import { defineOnlineDocument } from "@x/datasource";
import { listNotebooks, readNote } from "../notebook.js";

/**
 * `pages`: an online-document datasource. Dify's knowledge pipeline lists the pages (`getPages`), the user picks
 * some, and each picked page's text is read (`getContent`) and indexed.
 */
export const pages = defineOnlineDocument({
  identity: { name: "pages", label: "Notebook pages" },
  description: "Pages of the notebook, read as Markdown.",
  async getPages(_parameters, { credentials }) {
    const notebooks = await listNotebooks(credentials);
    return notebooks.map((notebook) => ({
      workspace_id: notebook.id,
      workspace_name: notebook.name,
      workspace_icon: "",
      total: notebook.notes.length,
      pages: notebook.notes.map((note) => ({
        page_id: note.id,
        page_name: note.title,
        type: "page",
        last_edited_time: String(note.updated),
        parent_id: note.parent,
      })),
    }));
  },
  async getContent(page, { credentials }) {
    const note = await readNote(credentials, page.workspace_id, page.page_id);
    if (!note) throw new Error(`no page ${page.page_id} in workspace ${page.workspace_id}`);
    return { content: note.markdown, variables: { title: note.title } };
  },
});
