/**
 * Why this exists: `npm run policy -- FILE...` judges any synthesized stack, not only this app's
 * (which writes its policies with JSON.stringify). A cdktf app that builds a policy with references
 * uses `Fn.jsonencode`, which synthesizes `${jsonencode({…})}`; without this reader such a policy
 * could only be reported as unreadable.
 *
 * A reader for the small part of Terraform's expression syntax that cdktf's `Fn.jsonencode` writes:
 * objects, tuples, quoted strings (with `${…}` interpolations), numbers, booleans, null and plain
 * references such as `aws_cloudwatch_log_group.flow_log_group.arn`. References come back as the
 * string `${reference}`, the way cdktf writes them in plain JSON. Anything else (function calls,
 * conditionals, for-expressions, operators) is an HclError: the caller must not guess at it.
 */
export type HclValue = string | number | boolean | null | HclValue[] | { [key: string]: HclValue };

export class HclError extends Error {}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };

class Reader {
  private pos = 0;
  constructor(private readonly text: string) {}

  /** The text is `jsonencode(<value>)`; returns the value. */
  jsonencodeCall(): HclValue {
    this.expectWord("jsonencode");
    this.expect("(");
    const value = this.value();
    this.expect(")");
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail("unexpected text after jsonencode(…)");
    return value;
  }

  private value(): HclValue {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.tuple();
    if (c === '"') return this.quoted();
    if (c !== undefined && /[-0-9]/.test(c)) return this.number();
    if (c !== undefined && /[A-Za-z_]/.test(c)) return this.wordValue();
    return this.fail("expected a value");
  }

  private object(): { [key: string]: HclValue } {
    this.expect("{");
    const result: { [key: string]: HclValue } = {};
    for (;;) {
      this.skipSpace(",");
      if (this.peek("}")) break;
      const key = this.text[this.pos] === '"' ? this.quoted() : this.identifier();
      this.skipSpace();
      if (!this.peek("=") && !this.peek(":")) this.fail("expected = or : after an object key");
      this.pos++;
      result[key] = this.value();
    }
    this.pos++;
    return result;
  }

  private tuple(): HclValue[] {
    this.expect("[");
    const result: HclValue[] = [];
    for (;;) {
      this.skipSpace(",");
      if (this.peek("]")) break;
      result.push(this.value());
    }
    this.pos++;
    return result;
  }

  /** A quoted template; interpolations are kept as written, `${…}`. */
  private quoted(): string {
    this.expect('"');
    let out = "";
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail("unterminated string");
      if (c === '"') break;
      if (c === "\\") {
        const e = this.text[this.pos + 1];
        if (e === "u") {
          out += String.fromCharCode(parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else if (e in ESCAPES) {
          out += ESCAPES[e];
          this.pos += 2;
        } else this.fail(`unknown escape \\${e}`);
      } else if (this.text.startsWith("$${", this.pos) || this.text.startsWith("%%{", this.pos)) {
        out += this.text.slice(this.pos + 1, this.pos + 3);
        this.pos += 3;
      } else if (this.text.startsWith("${", this.pos)) {
        out += this.interpolation();
      } else if (this.text.startsWith("%{", this.pos)) {
        this.fail("template directives are not supported");
      } else {
        out += c;
        this.pos++;
      }
    }
    this.pos++;
    return out;
  }

  /** `${ … }` with nested braces and strings, returned verbatim. */
  private interpolation(): string {
    const start = this.pos;
    this.pos += 2;
    let depth = 1;
    while (depth > 0) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail("unterminated interpolation");
      if (c === '"') {
        this.quoted();
        continue;
      }
      if (c === "{") depth++;
      if (c === "}") depth--;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  private number(): number {
    const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(this.text.slice(this.pos));
    if (!m) return this.fail("expected a number");
    this.pos += m[0].length;
    return Number(m[0]);
  }

  /** true/false/null, or a reference `a.b.c` / `a.b[0].c`, returned as `${a.b.c}`. */
  private wordValue(): HclValue {
    const start = this.pos;
    const first = this.identifier();
    if (first === "true" || first === "false") return first === "true";
    if (first === "null") return null;
    for (;;) {
      if (this.text[this.pos] === ".") {
        this.pos++;
        this.identifier();
      } else if (/^\[\d+\]/.test(this.text.slice(this.pos))) {
        this.pos = this.text.indexOf("]", this.pos) + 1;
      } else break;
    }
    const reference = this.text.slice(start, this.pos);
    this.skipSpace();
    if (this.peek("(")) this.fail(`function call ${first}(…)`);
    if (!reference.includes(".")) this.fail(`bare word ${reference}`);
    if (/^[-+*/%<>=!&|?]/.test(this.text[this.pos] ?? "")) this.fail("operators are not supported");
    return `\${${reference}}`;
  }

  private identifier(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.pos));
    if (!m) return this.fail("expected a name");
    this.pos += m[0].length;
    return m[0];
  }

  private skipSpace(extra = "") {
    while (this.pos < this.text.length && (/\s/.test(this.text[this.pos]) || extra.includes(this.text[this.pos]))) this.pos++;
  }

  private peek(s: string): boolean {
    this.skipSpace();
    return this.text.startsWith(s, this.pos);
  }

  private expect(s: string) {
    if (!this.peek(s)) this.fail(`expected ${s}`);
    this.pos += s.length;
  }

  private expectWord(word: string) {
    this.skipSpace();
    if (this.identifier() !== word) this.fail(`expected ${word}`);
  }

  private fail(why: string): never {
    throw new HclError(`${why} at character ${this.pos}: ${JSON.stringify(this.text.slice(this.pos, this.pos + 40))}`);
  }
}

/** The argument of `jsonencode(…)`, the text between `${` and `}` of a synthesized attribute. */
export function parseJsonencodeCall(text: string): HclValue {
  return new Reader(text).jsonencodeCall();
}
