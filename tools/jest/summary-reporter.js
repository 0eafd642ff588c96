// Writes each jest run's counts to $JEST_SUMMARY_DIR so that .ci/run can print one
// "N passed, N failed" line over every project and suite, and the name and first message line of each failed
// test (a flaky failure in a long log is otherwise hard to find). Does nothing when the variable is unset.
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
      failures: failuresOf(results),
    };
    writeFileSync(join(dir, `${this.name}-${process.pid}-${Date.now()}.json`), JSON.stringify(summary));
  }
}

// At most 20 failures, each "file > test name: first line of the message", so the summary stays short.
function failuresOf(results) {
  const out = [];
  for (const suite of results.testResults) {
    const file = suite.testFilePath.split('/').slice(-2).join('/');
    if (suite.testExecError) out.push(`${file}: ${firstLine(suite.testExecError.message)}`);
    for (const test of suite.testResults) {
      if (test.status === 'failed') out.push(`${file} > ${test.fullName}: ${firstLine(test.failureMessages[0])}`);
    }
  }
  return out.slice(0, 20);
}

function firstLine(text) {
  const line = String(text ?? '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return (line ?? '').slice(0, 300);
}

module.exports = SummaryReporter;
