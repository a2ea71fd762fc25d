/**
 * A synthesized stack without its `import` blocks (an adopted network's, npm run adopt). An offline
 * plan has no account to read the adopted resources from, so terraform would fail on each import;
 * without them it plans those resources against the state given, as created when they are not in it.
 * Other files are returned as they are.
 */
export function withoutImports(fileName: string, content: string): string {
  if (!fileName.endsWith(".tf.json")) return content;
  const json = JSON.parse(content) as Record<string, unknown>;
  if (!("import" in json)) return content;
  delete json.import;
  return JSON.stringify(json, null, 2);
}
