import { z } from "zod";
import { RESERVED_KEYS, reservedKeyProblem } from "./json-file";

/** How a setting is written as text in an environment variable, derived from its schema. */
export type TextKind = "string" | "list" | "boolean" | "number" | "tags";

export function kindOf(schema: z.ZodType): TextKind {
  const type = (schema as unknown as { _zod: { def: { type: string } } })._zod.def.type;
  switch (type) {
    case "array":
      return "list";
    case "boolean":
      return "boolean";
    case "number":
      return "number";
    case "record":
      return "tags";
    default:
      return "string";
  }
}

/** What a value of `kind` looks like, for "expected …" messages. */
export const EXPECTED: Record<TextKind, { json: string; variable: string }> = {
  string: { json: "a string", variable: "text" },
  list: { json: 'a list of strings, e.g. ["a", "b"]', variable: "a comma-separated list, e.g. a,b" },
  boolean: { json: "true or false (a JSON boolean, not a string)", variable: "true or false" },
  number: { json: "a number (not a string)", variable: "a number in decimal digits, e.g. 30 or 2.5" },
  tags: {
    json: 'an object of tag names to string values, e.g. {"team": "mlops"}',
    variable: "key=value pairs, e.g. team=mlops,cost-center=42",
  },
};

/**
 * The value an empty variable (`MLOPS_X=`, or only spaces) stands for: the kind's empty value,
 * which the setting's schema may accept (empty text turns an optional ARN or name off, an empty
 * list or tag set clears the file's) or refuse. Booleans and numbers have none: for them, as for
 * every setting whose schema refuses the empty value, an empty variable is an error, never a
 * silent `false` or `0` (`MLOPS_PROTECT=` would otherwise unprotect prod).
 */
export function emptyValue(kind: TextKind): { value: unknown } | undefined {
  switch (kind) {
    case "string":
      return { value: "" };
    case "list":
      return { value: [] };
    case "tags":
      return { value: {} };
    default:
      return undefined;
  }
}

/**
 * A number written in decimal digits (spaces around it allowed), or undefined. JavaScript's
 * Number() would also read "0x10" as 16, "1e1" as 10 and "" as 0: spellings nobody means for a
 * port or a number of days, so they are refused rather than read as something else.
 */
export function decimalNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return /^[+-]?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** Reads an environment variable's text as a value of `kind`; an Error says why it cannot. */
export function parseVariableText(kind: TextKind, text: string): unknown {
  const items = () =>
    text
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  switch (kind) {
    case "string":
      return text.trim();
    case "list":
      return items();
    case "boolean":
      if (/^(true|1|yes|on)$/i.test(text.trim())) return true;
      if (/^(false|0|no|off)$/i.test(text.trim())) return false;
      return new Error(`expected ${EXPECTED.boolean.variable}`);
    case "number":
      return decimalNumber(text) ?? new Error(`expected ${EXPECTED.number.variable}`);
    case "tags": {
      const tags: Record<string, string> = {};
      for (const pair of items()) {
        const eq = pair.indexOf("=");
        if (eq <= 0) return new Error(`expected ${EXPECTED.tags.variable}; got "${pair}"`);
        const key = pair.slice(0, eq).trim();
        if (RESERVED_KEYS.includes(key)) return new Error(`the tag ${reservedKeyProblem(key)}`);
        if (Object.hasOwn(tags, key))
          return new Error(`the tag ${key} is given twice (${key}=${tags[key]}, then ${pair.trim()}); give each key once`);
        tags[key] = pair.slice(eq + 1).trim();
      }
      return tags;
    }
  }
}
