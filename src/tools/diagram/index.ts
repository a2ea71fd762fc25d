/**
 * The architecture diagram, generated from synthesized stacks so it cannot drift from the code.
 * `architectureDot` returns Graphviz DOT; `renderSvg` lays it out.
 */
import { parseStack } from "../../synthesized/stack-json";
import { FONT_FAMILY } from "./html";
import { architectureDot as drawing } from "./dot";
import { architectureModel } from "./model";

export { architectureModel } from "./model";

export function architectureDot(networkJson: string, demoAlbJson?: string): string {
  return drawing(architectureModel(parseStack(networkJson), demoAlbJson ? parseStack(demoAlbJson) : undefined));
}

/** Lays the diagram out with Graphviz compiled to WebAssembly (no system binary needed). */
export async function renderSvg(dot: string): Promise<string> {
  const { instance } = await import("@viz-js/viz");
  const result = (await instance()).render(dot, { format: "svg" });
  if (result.status !== "success") throw new Error(`Graphviz: ${result.errors.map((e) => e.message).join("; ")}`);
  // Boxes were sized for the layout font; the viewer picks the best common sans-serif it has.
  return result.output.replace(/font-family="[^"]*"/g, `font-family="${FONT_FAMILY}"`);
}
