// Preloaded into every node process a benchmark starts (NODE_OPTIONS=--require): reports the
// process's peak RSS on exit, so the benchmark can take the maximum over a command's processes.
process.on("exit", () => {
  process.stderr.write(`\n__BENCH_MAX_RSS_KB__=${process.resourceUsage().maxRSS}\n`);
});
