import * as fs from "fs";
import * as path from "path";

/** The project root: links and pointers are resolved from here. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** Markdown without its fenced code blocks, where a `#` line is a shell comment, not a heading. */
export function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
export const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

/** The headings of a Markdown file, as written (without the leading #s). */
export function headings(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(/^#{1,6} +(.+?) *#*$/gm)].map((m) => m[1]);
}

/** The anchors GitHub gives a Markdown file's headings: a repeated heading gets -1, -2, … */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const heading of headings(markdown)) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** The targets of a Markdown file's links and images, outside code blocks and code spans. */
export function linkTargets(markdown: string): string[] {
  const prose = withoutCode(markdown).replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/** Why a relative link from `file` (relative to ROOT) is broken, or undefined when it resolves. */
export function brokenLink(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:: not ours to check
  const [pathPart, anchor] = target.split("#", 2);
  const resolved = pathPart === "" ? path.join(ROOT, file) : path.join(ROOT, path.dirname(file), decodeURIComponent(pathPart));
  if (!fs.existsSync(resolved)) return `${file}: ${target}: no file ${path.relative(ROOT, resolved)}`;
  if (anchor === undefined) return undefined;
  if (!resolved.endsWith(".md")) return `${file}: ${target}: an anchor into a file that is not Markdown`;
  if (!anchors(fs.readFileSync(resolved, "utf8")).has(anchor)) return `${file}: ${target}: no heading with anchor #${anchor}`;
  return undefined;
}

/** The documentation pages: README.md, SECURITY.md, docs/*.md and any README.md under examples/ and bench/. */
export function markdownFiles(): string[] {
  const files = ["README.md", "SECURITY.md"];
  for (const f of fs.readdirSync(path.join(ROOT, "docs"))) if (f.endsWith(".md")) files.push(path.join("docs", f));
  for (const dir of ["examples", "bench"]) {
    for (const f of fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })) {
      if (f.endsWith(".md")) files.push(path.join(dir, f));
    }
  }
  return files;
}

/** Files whose comments and messages may point into the documentation. */
export function pointerSources(): string[] {
  const files = ["main.ts", ".ci/run"];
  for (const dir of ["src", "scripts", "bench", "examples"]) {
    for (const f of fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })) {
      if (/\.(ts|js|mjs|cjs|tf|sh)$/.test(f) && !f.endsWith("bundled.js")) files.push(path.join(dir, f));
    }
  }
  return files;
}

const POINTER = /\b(README(?:\.md)?|SECURITY\.md|docs\/[\w.-]+\.md)\b(, section "([^"]+)"|#([\w-]+))?/g;

/** A section named after a file in a form that cannot be checked: `, "Heading"`, `, section Heading`, `(see FILE: heading)`. */
const namesSectionUncheckably = (before: string, after: string) =>
  /^(?:,\s*["“]|\s+["“]\p{Lu}|,\s*section\b)/u.test(after) || (/(?:\(|\bsee)\s*$/.test(before) && /^:\s*\S/.test(after));

/**
 * Why the pointers into the documentation in `text` are broken. A pointer names a file (README,
 * README.md, SECURITY.md or docs/NAME.md), and a part of it as `, section "Heading"` (the heading as
 * written) or `#anchor`; any other way of naming a section (`README: Configuration`,
 * `README, "Protection"`) cannot be checked and is refused.
 */
export function brokenPointers(text: string, read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8")): string[] {
  const broken: string[] = [];
  for (const m of text.matchAll(POINTER)) {
    const [found, name, , section, anchor] = m;
    const file = name === "README" ? "README.md" : name;
    let markdown: string;
    try {
      markdown = read(file);
    } catch {
      broken.push(`${found}: no file ${file}`);
      continue;
    }
    const after = text.slice(m.index + found.length);
    if (section !== undefined && !headings(markdown).includes(section)) broken.push(`${found}: ${file} has no heading "${section}"`);
    else if (anchor !== undefined && !anchors(markdown).has(anchor)) broken.push(`${found}: ${file} has no heading with anchor #${anchor}`);
    else if (section === undefined && anchor === undefined && namesSectionUncheckably(text.slice(0, m.index), after))
      broken.push(`${found}${after.slice(0, 30)}…: name the heading as ${file}, section "Heading as written"`);
  }
  return broken;
}
