// Sums the per-run jest summaries in the folder given as argument and prints "N passed, N failed", with the
// failed tests each run recorded.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.argv[2];
const totals = { passed: 0, failed: 0, skipped: 0 };
let files = [];
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.json'));
} catch {
  files = [];
}
for (const file of files) {
  const s = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  totals.passed += s.passed;
  totals.failed += s.failed;
  totals.skipped += s.skipped;
  console.log(`  ${s.project}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  for (const failure of s.failures ?? []) console.log(`    failed: ${failure}`);
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
