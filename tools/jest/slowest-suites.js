// A jest reporter: the ten slowest test files of the run, so what `npm test` costs stays
// in sight (the whole run must stay under 20 minutes on a 2-core machine). Listed before
// 'default' in jest.config.js, so jest's own summary still closes the output.
class SlowestSuites {
  onRunComplete(_contexts, results) {
    const suites = results.testResults
      .map((r) => ({
        file: r.testFilePath.replace(`${process.cwd()}/`, ''),
        ms: r.perfStats.end - r.perfStats.start,
      }))
      .filter((s) => Number.isFinite(s.ms))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10);
    if (suites.length < 2) return;
    const total = (
      results.testResults.reduce((n, r) => n + (r.perfStats.end - r.perfStats.start), 0) / 1000
    ).toFixed(0);
    const lines = suites.map((s) => `  ${(s.ms / 1000).toFixed(1).padStart(6)} s  ${s.file}`);
    process.stderr.write(
      `\nSlowest test files (of ${total} s in test files):\n${lines.join('\n')}\n`,
    );
  }
}
module.exports = SlowestSuites;
