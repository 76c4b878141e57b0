import { relative } from "node:path";
import { type BrowseRun, createTestHarness, type DatasourceRun } from "@x/testing";
import { DOCS_API_TOKEN, startDocsSite } from "../site/docs-site.js";
import { DRIVE_ACCESS_TOKEN, DRIVE_ROOT } from "../src/drive.js";
import { createCrawlerPlugin, createDrivePlugin, createWikiPlugin } from "../src/plugins.js";

// Runs the three sample datasources in process under @x/testing's fake daemon (the real runtime and codec):
// the crawler and the wiki against a docs site started here on 127.0.0.1, the drive over the app's drive/
// folder. It prints what Dify would send and receive.

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
const drive = createTestHarness(createDrivePlugin());
let failed = false;

function listing(run: BrowseRun): void {
  for (const bucket of run.buckets) {
    const more = bucket.is_truncated ? ` next_page_parameters=${short(bucket.next_page_parameters)}` : "";
    write(
      `  ← bucket ${bucket.bucket} files=${bucket.files.length} is_truncated=${bucket.is_truncated}${more}`,
    );
    for (const file of bucket.files)
      write(`     ${file.type.padEnd(6)} ${file.id.padEnd(22)} size=${file.size}`);
  }
  outcome(run);
  failed ||= run.error !== null;
}

try {
  write(
    `local_docs demo: three datasource plugins, a docs site on ${site.url} and a local folder (no Dify, no internet).`,
  );

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

  const files = {
    provider: "local_docs_drive",
    datasource: "files",
    credentials: { access_token: DRIVE_ACCESS_TOKEN },
  };
  write();
  write(
    `━━ 5. local_docs_drive ━━ datasource/validate_datasource_credentials (root ${relative(process.cwd(), DRIVE_ROOT) || "."}/)`,
  );
  const opened = await drive.datasource.validateCredentials(files);
  write(`  right token  ← ${short(opened.items[0])}`);
  const shut = await drive.datasource.validateCredentials({
    ...files,
    credentials: { access_token: "wrong" },
  });
  write(`  wrong token  ← ${shut.error?.error_type}: ${shut.error?.message}`);
  failed ||= !opened.valid || shut.valid;

  write();
  write("━━ 6. local_docs_drive ━━ datasource/invoke_online_drive_browse_files");
  write('  request: {"bucket":null,"prefix":"","max_keys":3}  (no bucket: the buckets)');
  listing(await drive.datasource.browse({ ...files, maxKeys: 3 }));
  write('  request: {"bucket":"handbook","prefix":"","max_keys":3}  (page 1)');
  const page1 = await drive.datasource.browse({ ...files, bucket: "handbook", maxKeys: 3 });
  listing(page1);
  const next = page1.buckets[0]?.next_page_parameters ?? null;
  write(
    `  request: {"bucket":"handbook","prefix":"","max_keys":3,"next_page_parameters":${short(next)}}  (page 2)`,
  );
  listing(
    await drive.datasource.browse({ ...files, bucket: "handbook", maxKeys: 3, nextPageParameters: next }),
  );
  write('  request: {"bucket":"handbook","prefix":"policies/","max_keys":3}  (a folder)');
  listing(await drive.datasource.browse({ ...files, bucket: "handbook", prefix: "policies/", maxKeys: 3 }));

  write();
  write("━━ 7. local_docs_drive ━━ datasource/invoke_online_drive_download_file");
  for (const request of [
    { bucket: "reports", id: "2026-q3.csv" },
    { bucket: "handbook", id: "empty.txt" },
    { bucket: "handbook", id: "../../package.json" },
  ]) {
    write(`  request: ${short(request)}`);
    const download = await drive.datasource.download({ ...files, ...request });
    if (download.file) {
      const { bytes, fileName, mimeType } = download.file;
      write(
        `  ← blob file_name=${fileName} mime_type=${mimeType} ${bytes.byteLength} bytes ${short(new TextDecoder().decode(bytes), 50)}`,
      );
    } else {
      write(`  ← ${download.error?.error_type}: ${download.error?.message}`);
    }
    failed ||= (download.error === null) !== !request.id.startsWith("..");
  }
} finally {
  await crawler.close();
  await wiki.close();
  await drive.close();
  await site.close();
}
process.exitCode = failed ? 1 : 0;
