'use strict';
// Preloaded with `node -r bench/peak-rss.js …` by the benchmark: at exit,
// writes the process's peak resident set size (getrusage maxrss, kB) to the
// file named by STRAP_BENCH_PEAK_FILE.
const file = process.env.STRAP_BENCH_PEAK_FILE;
if (file) {
  process.on('exit', () => {
    try {
      require('fs').writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
    } catch {
      // the benchmark reports n/a
    }
  });
}
