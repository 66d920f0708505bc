/** Loads `content/scoring.yaml` with errors that name the file and the field. */
import { readFileSync } from 'node:fs';
import { loadYaml, YamlError } from '../content/yaml.ts';
import { resolveScoringConfig, scoringConfigSchema, type ScoringConfig } from '../schemas/scoring.ts';
import { suggest } from '../lib/crossref.ts';

export const SCORING_CONFIG_FILE = 'content/scoring.yaml';

export class ScoringConfigError extends Error {
  override name = 'ScoringConfigError';
}

export function loadScoringConfig(file = `${process.env.TAILOR_CONTENT_ROOT ?? '.'}/${SCORING_CONFIG_FILE}`): ScoringConfig {
  let raw: unknown;
  try {
    raw = loadYaml(readFileSync(file, 'utf8'), file) ?? {};
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return resolveScoringConfig({});
    if (error instanceof YamlError) throw new ScoringConfigError(error.message);
    throw new ScoringConfigError(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const result = scoringConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const field = issue.path.join('.') || '(file)';
      if (issue.code === 'unrecognized_keys') {
        const parentShape = knownKeys(issue.path);
        return issue.keys.map((k) => {
          const hint = suggest(k, parentShape);
          return `${file}: ${[...issue.path, k].join('.')}: unknown field` + (hint ? ` (did you mean "${hint}"?)` : parentShape.length ? ` (known: ${parentShape.join(', ')})` : '');
        }).join('\n');
      }
      return `${file}: ${field}: ${issue.message}`;
    });
    throw new ScoringConfigError(lines.join('\n'));
  }
  return resolveScoringConfig(raw);
}

/** Field names allowed at a path of the config, for suggestions. */
function knownKeys(path: PropertyKey[]): string[] {
  let schema: unknown = scoringConfigSchema;
  for (const key of path) {
    const s = unwrap(schema) as { shape?: Record<string, unknown> };
    schema = s.shape?.[String(key)];
  }
  const s = unwrap(schema) as { shape?: Record<string, unknown> };
  return s?.shape ? Object.keys(s.shape) : [];
}

function unwrap(schema: unknown): unknown {
  let s = schema as { def?: { innerType?: unknown } } | undefined;
  for (let i = 0; i < 5 && s?.def?.innerType; i++) s = s.def.innerType as typeof s;
  return s;
}
export type { ScoringConfig };
