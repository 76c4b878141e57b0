import { createTestHarness, type DatasourceRun } from "@x/testing";
import { DOCS_API_TOKEN, startDocsSite } from "../site/docs-site.js";
import { createCrawlerPlugin, createWikiPlugin } from "../src/plugins.js";

// Runs both sample datasources in process under @x/testing's fake daemon (the real runtime and codec) against a
// docs site started here on 127.0.0.1, and prints what Dify would send and receive.

const write = (line = "") => process.stdout.write(`${line}\n`);
const short = (value: unknown, width = 96) => {
  const text = JSON.stringify(value);
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
};

function outcome(run: DatasourceRun): void {
  if (run.error) write(`  ✗ ${run.error.error_type}: ${run.error.message}`);
  else write(`  ✓ ${run.items.length} reply item(s)`);
}

const site = await startDocsSite();
const crawler = createTestHarness(createCrawlerPlugin());
const wiki = createTestHarness(createWikiPlugin());
let failed = false;
try {
  write(`local_docs demo: two datasource plugins against a docs site on ${site.url} (no Dify, no internet).`);

  write();
  write("━━ 1. local_docs_crawler ━━ datasource/invoke_website_datasource_get_crawl");
  const parameters = { url: `${site.url}/`, limit: 10, max_depth: 2 };
  write(`  datasource_parameters: ${short(parameters)}`);
  const crawl = await crawler.datasource.crawl({
    provider: "local_docs_crawler",
    datasource: "site",
    parameters,
  });
  for (const state of crawl.states) {
    write(`  ← result: status=${state.status} completed=${state.completed}/${state.total}`);
  }
  for (const page of crawl.pages) {
    write(
      `     page ${new URL(page.source_url).pathname.padEnd(15)} "${page.title}" ${short(page.content, 60)}`,
    );
  }
  outcome(crawl);
  failed ||= crawl.error !== null;

  const credentials = { api_base_url: site.url, api_token: DOCS_API_TOKEN };
  const target = { provider: "local_docs_wiki", datasource: "pages", credentials };

  write();
  write("━━ 2. local_docs_wiki ━━ datasource/validate_datasource_credentials");
  const good = await wiki.datasource.validateCredentials(target);
  write(`  right token  ← ${short(good.items[0])}`);
  const bad = await wiki.datasource.validateCredentials({
    ...target,
    credentials: { ...credentials, api_token: "wrong" },
  });
  write(`  wrong token  ← ${bad.error?.error_type}: ${bad.error?.message}`);
  failed ||= !good.valid || bad.valid;

  write();
  write("━━ 3. local_docs_wiki ━━ datasource/invoke_online_document_datasource_get_pages");
  const pages = await wiki.datasource.pages(target);
  for (const workspace of pages.workspaces) {
    write(`  ← workspace ${workspace.workspace_id} "${workspace.workspace_name}" (${workspace.total} pages)`);
    for (const page of workspace.pages) {
      const indent = page.parent_id ? "      └ " : "    • ";
      write(`${indent}${page.page_id} "${page.page_name}" edited ${page.last_edited_time}`);
    }
  }
  outcome(pages);
  failed ||= pages.error !== null;

  write();
  write("━━ 4. local_docs_wiki ━━ datasource/invoke_online_document_datasource_get_page_content");
  const page = { workspace_id: "eng", page_id: "oncall", type: "page" };
  write(`  page: ${short(page)}`);
  const content = await wiki.datasource.pageContent({ ...target, page });
  for (const [name, value] of Object.entries(content.variables))
    write(`  ← variable ${name} = ${short(value, 70)}`);
  outcome(content);
  failed ||= content.error !== null;

  write();
  write(`The docs site served ${site.requests.length} requests: ${site.requests.join(" ")}`);
} finally {
  await crawler.close();
  await wiki.close();
  await site.close();
}
process.exitCode = failed ? 1 : 0;
