/** CSV for CRMs and spreadsheets: quoting, and no formulas smuggled in through imported names. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvLine } from '../../src/cli/links.ts';

test('fields are quoted as RFC 4180 says, and formula-looking text is neutralised; numbers are not', () => {
  assert.equal(csvLine(['a,b', 'say "hi"', 'plain']), '"a,b","say ""hi""",plain\r\n');
  assert.equal(csvLine(['=HYPERLINK("https://evil.example","x")', '+1 555', '@SUM(A1)', '-500', '-2.5', '-x']), `"'=HYPERLINK(""https://evil.example"",""x"")",'+1 555,'@SUM(A1),-500,-2.5,'-x\r\n`);
});
