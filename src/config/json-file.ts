import * as fs from "fs";
import { getNodeValue, Node, parseTree, ParseError, printParseErrorCode } from "jsonc-parser";

/** `offset` of `text` as `line:column`, both from 1, as editors show them. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/**
 * Keys a JavaScript object does not keep as plain data: `__proto__` replaces the object's prototype
 * (the key and its value vanish), `constructor` and `prototype` shadow what every object has.
 */
export const RESERVED_KEYS = ["__proto__", "constructor", "prototype"];

export const reservedKeyProblem = (key: string) =>
  `${JSON.stringify(key)} is a name JavaScript objects reserve (${RESERVED_KEYS.join(", ")}); rename it`;

/** Far deeper than a configuration file nests; the parser recurses, so depth is checked before it runs. */
const MAX_DEPTH = 64;

/** The offset where `text` nests deeper than MAX_DEPTH (strings skipped), or -1. */
function tooDeep(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{" || c === "[") {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === "}" || c === "]") depth--;
  }
  return -1;
}

/**
 * Duplicate keys of every object in the tree (JSON.parse would silently keep the last), and
 * reserved keys (RESERVED_KEYS).
 */
function keyProblems(node: Node | undefined, text: string, where: string[] = []): string[] {
  if (!node?.children) return [];
  const found: string[] = [];
  if (node.type === "object") {
    const seen = new Map<string, number>();
    for (const property of node.children) {
      const key = property.children![0];
      const name = key.value as string;
      if (RESERVED_KEYS.includes(name))
        found.push(`${position(text, key.offset)}: key ${JSON.stringify([...where, name].join("."))}: ${reservedKeyProblem(name)}`);
      else if (seen.has(name)) {
        found.push(
          `${position(text, key.offset)}: duplicate key ${JSON.stringify([...where, name].join("."))} (first at ${position(text, seen.get(name)!)}); remove one, JSON keeps only the last`,
        );
      } else {
        seen.set(name, key.offset);
      }
      found.push(...keyProblems(property.children![1], text, [...where, name]));
    }
  } else {
    node.children.forEach((child, i) => found.push(...keyProblems(child, text, [...where, String(i)])));
  }
  return found;
}

/** Parses strict JSON; problems are `line:column: …` messages (syntax errors, too deep, duplicate or reserved keys). */
export function parseStrictJson(raw: string): { value?: unknown; problems: string[] } {
  // Editors on Windows may save a byte-order mark first: it is no JSON, but no mistake either.
  const text = raw.replace(/^\uFEFF/, "");
  if (text.trim() === "") return { problems: [`1:1: the file is empty; it holds {"environments": {"prod": {}}} at least`] };
  const deep = tooDeep(text);
  if (deep >= 0)
    return { problems: [`${position(text, deep)}: nested more than ${MAX_DEPTH} levels deep; this is not a file the tool reads`] };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    // The first error only: the parser's recovery makes the later ones noise.
    const first = errors[0];
    // The parser's codes in words: "PropertyNameExpected" → "property name expected".
    const words = printParseErrorCode(first.error)
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .toLowerCase();
    return { problems: [`${position(text, first.offset)}: JSON syntax error: ${words}`] };
  }
  const problems = keyProblems(tree, text);
  return { value: problems.length === 0 && tree ? getNodeValue(tree) : undefined, problems };
}

/** Reads and parses `file`; `shown` is how messages name it (as the user gave it). */
export function readStrictJson(file: string, shown = file): { value?: unknown; problems: string[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    return { problems: [`${shown}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`] };
  }
  const { value, problems } = parseStrictJson(text);
  return { value, problems: problems.map((p) => `${shown}:${p}`) };
}
