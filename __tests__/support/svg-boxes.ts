/**
 * Reading a Graphviz SVG in tests: the text and bounding box of a node or cluster by its DOT name,
 * and the text of an HTML-label cell by its ID, with character references decoded.
 */

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export const decode = (svg: string) =>
  svg
    .replace(/&#160;/g, " ")
    .replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
    .replace(/&gt;/g, ">")
    .replace(/&lt;/g, "<")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

/** The `<g>` Graphviz wrote for the node, edge or cluster titled `title` (its DOT name), or undefined. */
export function element(svg: string, title: string): string | undefined {
  return svg.split(/(?=<g id="[^"]*" class="(?:node|edge|cluster)">)/).find((part) => part.includes(`<title>${title}</title>`));
}

/** The texts of an element, in order. */
export const texts = (fragment: string) => [...fragment.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

/** The bounding box of an element's outline: its first ellipse, polygon or path. */
export function box(fragment: string): Box {
  const ellipse = /<ellipse[^>]* cx="([-\d.]+)" cy="([-\d.]+)" rx="([-\d.]+)" ry="([-\d.]+)"/.exec(fragment);
  const [cx, cy, rx, ry] = (ellipse ?? []).slice(1).map(Number);
  const shape = /<(?:polygon[^>]* points|path[^>]* d)="([^"]+)"/.exec(fragment);
  if (ellipse && (!shape || fragment.indexOf("<ellipse") < shape.index))
    return { left: cx - rx, right: cx + rx, top: cy - ry, bottom: cy + ry };
  if (!shape) throw new Error("no outline");
  const numbers = [...shape[1].matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
  const xs = numbers.filter((_, i) => i % 2 === 0);
  const ys = numbers.filter((_, i) => i % 2 === 1);
  return { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) };
}

export const inside = (inner: Box, outer: Box) =>
  inner.left >= outer.left && inner.right <= outer.right && inner.top >= outer.top && inner.bottom <= outer.bottom;

/** The texts of the HTML-label cell with ID `id` (Graphviz writes it as `<g id="a_<id>">`). */
export function cellTexts(svg: string, id: string): string[] | undefined {
  const start = svg.indexOf(`<g id="a_${id}">`);
  return start < 0 ? undefined : texts(svg.slice(start, svg.indexOf("</g>", start)));
}
