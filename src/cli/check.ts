/** `npm run check`: validates all content without building; exit code 1 on errors. */
import { checkContent } from '../content/checkContent.ts';
import { formatProblem } from '../lib/crossref.ts';
import { fitReasons } from '../scoring/fit.ts';

const started = performance.now();
const report = await checkContent();
const ms = Math.round(performance.now() - started);
for (const p of report.errors) console.log(`error    ${formatProblem(p)}`);
for (const p of report.warnings) console.log(`warning  ${formatProblem(p)}`);
if (report.drafts.length > 0) {
  console.log('\nDrafts by fit to the ideal customer profile (content/icp.yaml), best first:');
  for (const d of report.drafts) console.log(`  ${String(d.fit.score).padStart(3)}  ${d.fit.tier.padEnd(9)}  ${d.file}  (${fitReasons(d.fit)})`);
}
const { accounts, drafts, personas, pieces, proof } = report.counts;
console.log(
  `\nChecked ${accounts} account(s) (+${drafts} draft(s)), ${personas} persona(s), ${pieces} piece(s), ${proof} proof point(s) in ${ms} ms: ` +
    `${report.errors.length} error(s), ${report.warnings.length} warning(s).`,
);
process.exitCode = report.errors.length > 0 ? 1 : 0;
