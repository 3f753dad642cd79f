// Preloaded by the benchmark (node --require) so every measured process reports its own peak
// memory on exit, without the product carrying any benchmark code.
process.on('exit', () => {
  process.stderr.write(`\nPEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
