/**
 * The front page and the reference under docs/ link to each other and to the repository's files: every such link
 * must lead somewhere. A relative link must name a file or folder of this repository (never a path outside it), and
 * a `#anchor`, on its own or after a Markdown file, a heading of that file, by GitHub's rule for heading anchors
 * (github-slugger, which github.com uses: the heading's text lowercased, every character but letters, marks,
 * numbers, connectors such as `_`, `-` and spaces dropped, each space made a `-`, and `-1`, `-2`... added to a repeat).
 * Links to other sites (`https:`, `mailto:`) are not followed. Text inside code (fenced blocks, `inline`) is not a link.
 */
import * as assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, relative, resolve, sep } from "node:path";

const ROOT = resolve(__dirname, "..");
const DOCS = join(ROOT, "docs");

/** README.md and every Markdown page of docs/, as paths relative to the repository. */
function pages(): string[] {
  const docs = existsSync(DOCS) ? readdirSync(DOCS).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`) : [];
  return ["README.md", ...docs];
}

/** The lines of a Markdown text that are not inside a fenced code block, with their line numbers. */
function proseLines(text: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let fence: string | undefined;
  text.split("\n").forEach((line, i) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) fence = marker;
    else if (fence !== undefined && marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    else if (fence === undefined) lines.push({ line: i + 1, text: line });
  });
  return lines;
}

/** A heading's anchor as github.com makes it from the heading's text (github-slugger `slug`). */
function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // a link or image shows its text
    .replace(/<[^>]+>/g, "") // HTML tags
    .replace(/`/g, "") // code spans keep their text
    .replace(/(\*\*|__|\*)/g, ""); // emphasis
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
}

/** The anchors of a Markdown file's headings, repeats numbered as github.com numbers them. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const { text: line } of proseLines(text)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(\s+#+)?\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = githubSlug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** Every inline link of a Markdown text outside code: `[text](target)`, with its line number. */
function links(text: string): { line: number; target: string }[] {
  return proseLines(text).flatMap(({ line, text: prose }) =>
    [...prose.replace(/`[^`]*`/g, "").matchAll(/\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => ({ line, target: m[1] })),
  );
}

/** Why a link of `page` to `target` does not resolve, or undefined when it does. */
function problem(page: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) return undefined; // another site
  const [path, anchor] = target.split("#", 2);
  const file = path === "" ? join(ROOT, page) : resolve(ROOT, dirname(page), decodeURIComponent(path));
  const inside = relative(ROOT, file);
  if (inside.startsWith("..") || inside.startsWith(sep) || path.startsWith("/")) return `${target} leads outside the repository`;
  if (!existsSync(file)) return `${target}: no such file or folder`;
  if (anchor === undefined) return undefined;
  if (statSync(file).isDirectory() || extname(file) !== ".md") return `${target}: an anchor on a file that is not Markdown`;
  if (!anchors(readFileSync(file, "utf8")).has(anchor)) return `${target}: ${inside} has no heading with the anchor #${anchor}`;
  return undefined;
}

describe("docs: the links of README.md and docs/", () => {
  it("GitHub's heading anchors, as this spec makes them", () => {
    assert.equal(githubSlug("Against moto (`npm run test:live`)"), "against-moto-npm-run-testlive");
    assert.equal(githubSlug("Deploying: `pulumi up` per environment"), "deploying-pulumi-up-per-environment");
    assert.equal(githubSlug("Why not `@pulumi/awsx`"), "why-not-pulumiawsx");
    assert.equal(githubSlug("Pulumi.yaml and the CLI's rules"), "pulumiyaml-and-the-clis-rules");
    assert.equal(githubSlug("The `replication.` fields"), "the-replication-fields");
    assert.deepEqual([...anchors("# A\n\n```md\n# B\n```\n\n## A\n")], ["a", "a-1"]);
  });

  it("there are pages to check: the front page and the docs index at least", () => {
    const all = pages();
    assert.ok(all.includes("README.md") && all.includes("docs/README.md"), all.join(", "));
  });

  for (const page of pages()) {
    it(`${page}: every link inside the repository names a file that exists, and an anchor a heading it has`, () => {
      const text = readFileSync(join(ROOT, page), "utf8");
      const broken = links(text).flatMap(({ line, target }) => {
        const why = problem(page, target);
        return why === undefined ? [] : [`${page}:${line}: ${why}`];
      });
      assert.deepEqual(broken, []);
    });
  }

  it("the docs index links every page of docs/", () => {
    const index = readFileSync(join(DOCS, "README.md"), "utf8");
    const linked = new Set(links(index).map(({ target }) => target.split("#")[0]));
    const missing = pages().filter((p) => p.startsWith("docs/") && p !== "docs/README.md").map((p) => p.slice(5)).filter((p) => !linked.has(p));
    assert.deepEqual(missing, []);
  });

  it("README.md stays a front page: at most 300 lines, the reference in docs/", () => {
    const lines = readFileSync(join(ROOT, "README.md"), "utf8").replace(/\n$/, "").split("\n").length;
    assert.ok(lines <= 300, `README.md has ${lines} lines`);
  });
});
