// Writes each jest run's counts to $JEST_SUMMARY_DIR so that .ci/run can print one
// "N passed, N failed" line over every project and suite. Does nothing when the variable is unset.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.name = globalConfig.rootDir.split('/').slice(-2).join('-');
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.JEST_SUMMARY_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const summary = {
      project: this.name,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailed: results.numFailedTestSuites,
    };
    writeFileSync(join(dir, `${this.name}-${process.pid}-${Date.now()}.json`), JSON.stringify(summary));
  }
}

module.exports = SummaryReporter;
