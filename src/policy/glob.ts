/**
 * A `*` wildcard pattern as an anchored RegExp: `*` is any text, every other character itself.
 * Case counts unless `ignoreCase`: Terraform names (SECURITY.md's patterns), IAM resources and
 * condition values are case-sensitive; IAM actions are not.
 */
export function globRegExp(pattern: string, options: { ignoreCase?: boolean } = {}): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, options.ignoreCase ? "i" : "");
}
