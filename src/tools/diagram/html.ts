/** Graphviz HTML-like labels: escaping, wrapping and the look shared by the picture and the table. */

/**
 * Graphviz sizes boxes from built-in font metrics; DejaVu Sans is the widest common sans-serif
 * (Linux's usual fallback), so laying out with it leaves Helvetica and Arial text a margin.
 * `renderSvg` then asks the browser for the common family.
 */
export const LAYOUT_FONT = "DejaVu Sans";
export const FONT_FAMILY = "Helvetica,Arial,sans-serif";

export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Greedy word wrap, so long descriptions make the table taller rather than very wide. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.length ? lines : [""];
}

/** Escaped lines joined by left-aligned breaks. */
export const lines = (texts: string[], align: "LEFT" | "CENTER" = "LEFT") =>
  texts.map(escapeHtml).join(`<BR ALIGN="${align}"/>`) + (align === "LEFT" ? '<BR ALIGN="LEFT"/>' : "");

export const small = (html: string, color = "#444444") => `<FONT POINT-SIZE="10" COLOR="${color}">${html}</FONT>`;
export const bold = (html: string) => `<B>${html}</B>`;

/** Soft fills for security groups, in group order; the table's header cell and the badge share one. */
const PALETTE = ["#f6d5d1", "#d4e6f7", "#d9efcf", "#fbe6bd", "#e6daf2", "#d2ecea", "#f3dfcf", "#e0e0e0"];
export const groupColor = (index: number) => PALETTE[index % PALETTE.length];
