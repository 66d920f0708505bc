/**
 * Import benchmark: a 1,000-row HubSpot company export (plus 3,000 contacts) into a copy of the
 * demo content, then the same import again (everything unchanged). Target: under 2 s for 1,000 rows.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runImport } from '../src/cli/import.ts';

export interface ImportBenchResult {
  ok: boolean;
  rows: number;
  firstMs: number;
  secondMs: number;
  created: number;
  unchanged: number;
  targetMet: boolean;
}

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function hubspotExports(companies: number, contactsPer: number) {
  const industries = ['TELECOMMUNICATIONS', 'CHEMICALS', 'CONSTRUCTION', 'NON_PROFIT_ORGANIZATION_MANAGEMENT', 'MACHINERY', 'INFORMATION_TECHNOLOGY_AND_SERVICES'];
  const countries = ['Finland', 'Vietnam', 'Iran', 'United Kingdom', 'United States'];
  const titles = ['Chief Executive Officer', 'CFO', 'Head of IT', 'VP Sales', 'Operations Specialist'];
  const companyLines = ['Record ID,Company name,Company Domain Name,Industry,Number of Employees,Company owner,Country/Region'];
  const contactLines = ['Record ID,First Name,Last Name,Email,Job Title,Associated Company ID,Associated Company'];
  for (let i = 0; i < companies; i++) {
    const name = `Benchmark Company ${i}, Ltd`;
    const domain = `bench-company-${i}.example`;
    companyLines.push([`77${i}`, name, domain, industries[i % industries.length]!, String(100 + i), 'Grace Okafor', countries[i % countries.length]!].map(csvField).join(','));
    for (let j = 0; j < contactsPer; j++) {
      contactLines.push([`88${i}x${j}`, `Person${j}`, `Surname${i}`, `person${j}@${domain}`, titles[(i + j) % titles.length]!, `77${i}`, name].map(csvField).join(','));
    }
  }
  return { companies: companyLines.join('\n') + '\n', contacts: contactLines.join('\n') + '\n' };
}

export async function runImportBench(options: { rows?: number } = {}): Promise<ImportBenchResult> {
  const rows = options.rows ?? 1000;
  const root = mkdtempSync(path.join(tmpdir(), 'tailor-import-bench-'));
  try {
    cpSync('accounts', path.join(root, 'accounts'), { recursive: true });
    cpSync('content', path.join(root, 'content'), { recursive: true });
    const { companies, contacts } = hubspotExports(rows, 3);
    mkdirSync(path.join(root, 'crm'));
    const files = [path.join(root, 'crm/companies.csv'), path.join(root, 'crm/contacts.csv')];
    writeFileSync(files[0]!, companies);
    writeFileSync(files[1]!, contacts);
    console.log(`import: ${rows} companies + ${rows * 3} contacts (HubSpot columns) into a copy of the demo content`);
    let t = performance.now();
    const first = await runImport(files, { root, dryRun: false });
    const firstMs = performance.now() - t;
    t = performance.now();
    const second = await runImport(files, { root, dryRun: false });
    const secondMs = performance.now() - t;
    const result: ImportBenchResult = {
      ok: first.rejected.length === 0 && first.created.length === rows && second.unchanged.length === rows,
      rows,
      firstMs,
      secondMs,
      created: first.created.length,
      unchanged: second.unchanged.length,
      targetMet: firstMs < 2000 && secondMs < 2000,
    };
    console.log(`| run | rows | time ms | result |`);
    console.log(`|---|---:|---:|---|`);
    console.log(`| first import | ${rows} + ${rows * 3} | ${firstMs.toFixed(0)} | ${first.created.length} drafts created, ${first.rejected.length} rejected |`);
    console.log(`| re-import | ${rows} + ${rows * 3} | ${secondMs.toFixed(0)} | ${second.unchanged.length} unchanged |`);
    console.log(`target: ${rows} rows under 2 s: ${result.targetMet ? 'met' : 'NOT met'}`);
    mkdirSync('bench/out', { recursive: true });
    writeFileSync('bench/out/import-results.json', JSON.stringify(result, null, 2));
    return result;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// `node bench/import.ts [--rows N]`: the import bench alone (the build bench runs it at its size).
if (import.meta.main) {
  const at = process.argv.indexOf('--rows');
  await runImportBench(at > 0 ? { rows: Number(process.argv[at + 1]) } : {});
}
