/**
 * Tailor's private working files (never published, never committed): the collector manifest, the
 * embedded conversion log, the local personal-link secret and exports. `TAILOR_STATE_DIR`
 * moves them (tests and the bench use their own).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const stateDir = () => path.resolve(process.env.TAILOR_STATE_DIR ?? '.tailor');
export const manifestFile = () => path.join(stateDir(), 'manifest.json');
export const logFile = () => process.env.TAILOR_LOG_FILE ?? path.join(stateDir(), 'conversions.db');

/**
 * The personal-link secret: `TAILOR_LINK_SECRET` from the environment. For the local demo only,
 * one is generated once into the state directory (outside the repo) when the variable is unset.
 */
export function linkSecret(): string {
  const fromEnv = process.env.TAILOR_LINK_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('TAILOR_LINK_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)');
    return fromEnv;
  }
  const file = path.join(stateDir(), 'link-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(stateDir(), { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret + '\n', { mode: 0o600 });
    console.warn(`[tailor] TAILOR_LINK_SECRET is not set: generated a local one in ${file} (set the variable in production)`);
    return secret;
  }
}

/** Writes a file in the state directory, creating it. */
export function writeStateFile(name: string, text: string): string {
  const file = path.join(stateDir(), name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}
