// What npm test prints of its checks before Jest (scripts/checks.mjs): the checks that passed on one
// line, so that the tests' output comes first; each failed check's output whole, then which failed.
/** @param {{ name: string, code: number, output: string }[]} results @returns {{ stdout: string, stderr: string }} */
export function checkReport(results) {
  const passed = results.filter((r) => r.code === 0).map((r) => r.name);
  const failed = results.filter((r) => r.code !== 0);
  return {
    stdout: (passed.length ? `npm run ${passed.join(", ")}: passed\n` : "") + failed.map((r) => r.output).join(""),
    // Last, where they are seen: which checks failed.
    stderr: failed.map((r) => `npm run ${r.name} failed (exit ${r.code})\n`).join(""),
  };
}
