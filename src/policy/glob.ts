/**
 * A `*` wildcard pattern as an anchored RegExp: `*` is any text, every other character itself.
 * SECURITY.md's stack and address patterns are case-sensitive (Terraform names are); IAM's action
 * and resource patterns in endpoint policies are matched without case, as IAM matches actions.
 */
export function globRegExp(pattern: string, options: { ignoreCase?: boolean } = {}): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, options.ignoreCase ? "i" : "");
}
