/**
 * Runs a command under `/usr/bin/time -v` with its output in a log file, and reads back wall time
 * and peak RSS. Shared by the benchmark sections.
 */
import net from 'node:net';
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

export interface TimedRun {
  /** Exit status of the command (time -v passes it through). */
  exitCode: number;
  /** Wall-clock seconds measured here (time -v's own figure is in `timeWallSeconds`). */
  wallSeconds: number;
  /** Elapsed (wall clock) time as /usr/bin/time reports it. */
  timeWallSeconds: number | undefined;
  /** Maximum resident set size of the largest single process in the tree, in MB (MiB). */
  peakRssMb: number | undefined;
  userSeconds: number | undefined;
  systemSeconds: number | undefined;
  /** Percent of CPU this job got (user+sys / wall), e.g. 180 on two busy cores. */
  cpuPercent: number | undefined;
  log: string;
}

export interface TimedOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** File that receives the command's stdout and stderr, followed by time -v's report. */
  log: string;
  /** Called with each complete line of output (stdout and stderr), e.g. to count markers. */
  onLine?: (line: string) => void;
}

function parseElapsed(text: string): number | undefined {
  // "h:mm:ss" or "m:ss.ss"
  const parts = text.trim().split(':').map(Number);
  if (parts.some((n) => Number.isNaN(n))) return undefined;
  return parts.reduce((total, n) => total * 60 + n, 0);
}

function field(report: string, label: string): string | undefined {
  const line = report.split('\n').find((l) => l.trim().startsWith(label));
  return line?.slice(line.lastIndexOf(': ') + 2).trim();
}

export async function runTimed(command: string, args: string[], options: TimedOptions): Promise<TimedRun> {
  const timeReport = `${options.log}.time`;
  const out = createWriteStream(options.log);
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-v', '-o', timeReport, command, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const split = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      out.write(chunk);
      if (!options.onLine) return;
      const text = rest + chunk.toString('utf8');
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    });
    stream.on('end', () => {
      if (rest && options.onLine) options.onLine(rest);
    });
  };
  split(child.stdout);
  split(child.stderr);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const report = await readFile(timeReport, 'utf8').catch(() => '');
  await new Promise<void>((resolve) => out.end(`\n----- /usr/bin/time -v -----\n${report}`, () => resolve()));
  await rm(timeReport, { force: true });

  const elapsed = field(report, 'Elapsed (wall clock) time');
  const rssKb = Number(field(report, 'Maximum resident set size (kbytes)'));
  const num = (label: string) => {
    const v = Number.parseFloat(field(report, label) ?? '');
    return Number.isNaN(v) ? undefined : v;
  };
  return {
    exitCode,
    wallSeconds,
    timeWallSeconds: elapsed ? parseElapsed(elapsed) : undefined,
    peakRssMb: Number.isFinite(rssKb) && rssKb > 0 ? rssKb / 1024 : undefined,
    userSeconds: num('User time (seconds)'),
    systemSeconds: num('System time (seconds)'),
    cpuPercent: num('Percent of CPU this job got'),
    log: options.log,
  };
}

/** Counts files under `dir` whose names end with `suffix` (0 if the folder does not exist). */
export async function countFiles(dir: string, suffix: string): Promise<number> {
  try {
    const entries = await readdir(dir, { recursive: true, encoding: 'utf8' });
    return entries.filter((f) => f.endsWith(suffix)).length;
  } catch {
    return 0;
  }
}

/** The last `n` lines of a file, for showing why a run failed. */
export async function tail(file: string, n = 30): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-n).join('\n');
}

export const rel = (file: string, from = process.cwd()) => path.relative(from, file) || '.';

/** A TCP port free on the loopback interface right now (for a server a bench starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}
