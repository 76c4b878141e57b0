import { defineDatasourceProvider, defineWebsiteCrawl, type WebSiteInfoDetail } from "@x/datasource";
import { ICON_FILE } from "./manifest.js";

/** What the crawler reads from one HTML page. */
export interface PageSummary {
  /** `<title>`. */
  title: string;
  /** `<meta name="description">`. */
  description: string;
  /** The visible text, tags removed, whitespace collapsed. */
  text: string;
  /** Every `href`, resolved against the page's URL. */
  links: URL[];
}

/** Reads the title, description, text and links of an HTML page (small sites only: a regex reader, not a parser). */
export function summarize(html: string, base: URL): PageSummary {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim() ?? "";
  const description = /<meta\s+name="description"\s+content="([^"]*)"/i.exec(html)?.[1] ?? "";
  const links: URL[] = [];
  for (const match of html.matchAll(/href="([^"#]+)"/gi)) {
    try {
      links.push(new URL(match[1] ?? "", base));
    } catch {
      // An href that is not a URL is skipped.
    }
  }
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const text = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return { title, description, text, links };
}

/**
 * `site`: a breadth-first crawl from `url` that stays on the start URL's origin, reads at most `limit` pages and
 * follows links at most `max_depth` levels deep. After every URL it reports progress (`completed` URLs fetched of
 * `total` found so far), then the pages it could read.
 */
export const siteCrawl = defineWebsiteCrawl({
  identity: { name: "site", label: "Crawl a site" },
  description: "Crawls a documentation site from a start URL, following links on the same origin.",
  parameters: {
    url: { type: "string", required: true, label: "Start URL", placeholder: "https://docs.example.com/" },
    limit: { type: "number", default: 10, min: 1, max: 100, label: "Page limit" },
    max_depth: { type: "number", default: 2, min: 0, label: "Maximum depth" },
  },
  async *crawl({ url, limit, max_depth }, { signal, logger }) {
    const start = new URL(url);
    const queue: Array<{ url: URL; depth: number }> = [{ url: start, depth: 0 }];
    const seen = new Set([start.href]);
    const pages: WebSiteInfoDetail[] = [];
    let visited = 0;
    while (queue.length > 0 && visited < limit) {
      const next = queue.shift() as { url: URL; depth: number };
      visited += 1;
      const response = await fetch(next.url, { signal, redirect: "follow" });
      const type = response.headers.get("content-type") ?? "";
      if (!response.ok || !type.includes("text/html")) {
        logger.info(`skipped ${next.url.pathname}: ${response.status} ${type}`);
        await response.body?.cancel();
      } else {
        const page = summarize(await response.text(), next.url);
        pages.push({
          source_url: next.url.href,
          title: page.title,
          description: page.description,
          content: page.text,
        });
        if (next.depth < max_depth) {
          for (const link of page.links) {
            link.hash = "";
            if (link.origin !== start.origin || seen.has(link.href)) continue;
            seen.add(link.href);
            queue.push({ url: link, depth: next.depth + 1 });
          }
        }
      }
      yield { status: "processing", total: Math.min(limit, seen.size), completed: visited };
    }
    yield { status: "completed", web_info_list: pages, total: pages.length, completed: pages.length };
  },
});

/** The `local_docs_crawler` provider: one website-crawl datasource, no credentials. */
export const crawlerProvider = defineDatasourceProvider({
  identity: {
    author: "xsdk",
    name: "local_docs_crawler",
    label: "Local docs crawler",
    description: "Crawls a documentation site into a knowledge base.",
    icon: ICON_FILE,
    tags: ["rag"],
  },
  datasources: [siteCrawl],
});
