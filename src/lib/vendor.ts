/**
 * Reads `content/site.yaml` (the vendor, src/schemas/vendor.ts) for the pages and the social
 * cards. `npm run check` (and so the build) has already validated it; here a broken file throws
 * naming the file and field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadYaml } from '../content/yaml.ts';
import { siteSettingsSchema, type SiteSettings } from '../schemas/vendor.ts';

export const SITE_SETTINGS_FILE = 'content/site.yaml';

let cached: SiteSettings | undefined;

export function siteSettings(root = process.env.TAILOR_CONTENT_ROOT ?? '.'): SiteSettings {
  if (cached && !import.meta.env?.DEV) return cached;
  const file = path.join(root, SITE_SETTINGS_FILE);
  const parsed = siteSettingsSchema.safeParse(loadYaml(readFileSync(file, 'utf8'), SITE_SETTINGS_FILE));
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${SITE_SETTINGS_FILE}: ${i.path.join('.') || '(file)'}: ${i.message}`).join('\n'));
  cached = parsed.data;
  return cached;
}
