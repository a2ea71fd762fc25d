/** A synthesized stack as far as this file reads it. */
interface StackJson {
  "//"?: { outputs?: DisplayTree };
  output?: Record<string, { value?: unknown }>;
}
/** cdktf's display list of outputs: construct path segments down to the output's name. */
type DisplayTree = { [segment: string]: DisplayTree | string };

/**
 * Leaves the outputs whose value synthesizes as null out of cdktf's display list (the `//`
 * metadata of the stack), and keeps them declared.
 *
 * Why: after an apply, `cdktn deploy` and `cdktn output` look every listed output up in
 * `terraform output`, and Terraform stores no null output, so the CLI fails on the missing value
 * (`TypeError: Cannot convert undefined or null to object`) after a successful deploy. The
 * contract does not change: a null output is absent from the state either way, and consumers read
 * it with try(). An output may be null only when it is null at synth (Token.nullValue()); one that
 * turns null at apply time would still trip the CLI, and a test holds every environment to that.
 */
export function hideNullOutputsFromDisplay<T extends StackJson>(stack: T): T {
  const tree = stack["//"]?.outputs;
  if (!tree) return stack;
  const isNull = (name: string) => stack.output?.[name] !== undefined && stack.output[name].value === null;
  const prune = (node: DisplayTree): DisplayTree => {
    const kept: DisplayTree = {};
    for (const [key, child] of Object.entries(node)) {
      if (typeof child !== "string") kept[key] = prune(child);
      else if (!isNull(child)) kept[key] = child;
    }
    return kept;
  };
  stack["//"]!.outputs = prune(tree);
  return stack;
}
