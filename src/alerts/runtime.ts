/**
 * The instant alerts' place in each runtime: a conversion log that, once rows are stored (and only
 * then), hands them to the alerter in the background; the settings the bundle and the embedded
 * server share. The beacon's answer never waits for an alert: `append` settles when the rows are
 * committed, as before, and the alerter's work is only handed to `track` (Workers: ctx.waitUntil).
 */
import type { LogRow } from '../events/schema.ts';
import type { Manifest } from '../events/manifest.ts';
import type { ConversionLog } from '../collector/logSql.ts';
import type { ScoringConfig } from '../schemas/scoring.ts';
import type { SiteSettings } from '../schemas/vendor.ts';
import type { Alerter, AlerterOptions } from './alerter.ts';

/** What the alerter needs from the build and the content files, as data (bundled into the Worker). */
export interface AlertSettings {
  config: Pick<ScoringConfig, 'weights' | 'intent' | 'instant'>;
  crm?: SiteSettings['crm'];
}

export function alertSettings(config: ScoringConfig, settings: SiteSettings | undefined): AlertSettings {
  return { config: { weights: config.weights, intent: config.intent, instant: config.instant }, ...(settings?.crm ? { crm: settings.crm } : {}) };
}

/** The alerter's options that come from the manifest and the settings. */
export function fromBuild(manifest: Manifest, settings: AlertSettings): Pick<AlerterOptions, 'pieces' | 'personas' | 'config' | 'crm'> {
  return { pieces: manifest.pieces ?? {}, personas: manifest.personas ?? {}, config: settings.config, crm: settings.crm };
}

/** The report's address in links: TAILOR_REPORT_URL, else where `npm start` serves it on this machine. */
export const reportUrlOf = (env: Record<string, string | undefined>, fallback: string) => {
  const url = env.TAILOR_REPORT_URL || fallback;
  return url.endsWith('/') ? url : `${url}/`;
};

/**
 * `log`, telling the alerter of every stored batch without making the append wait for it. The
 * alerter may be given later (a function): the embedded server knows its origin only once it
 * listens, after its booking hooks are made.
 */
export function alertingLog(log: ConversionLog, alerter: Alerter | undefined | (() => Alerter | undefined), track: (work: Promise<unknown>) => void): ConversionLog {
  if (alerter === undefined || (typeof alerter !== 'function' && !alerter.active)) return log;
  const current = typeof alerter === 'function' ? alerter : () => alerter;
  return {
    async append(rows: LogRow[]) {
      await log.append(rows);
      const a = current();
      if (a?.active) track(a.onStored(rows));
    },
  };
}
