/** The bundled Worker in workerd (miniflare) with a D1, as the Worker tests start it. */
import { Miniflare } from 'miniflare';

/**
 * A Worker from the bundle at `scriptPath` (in `dir`: workerd resolves module paths under it), with
 * its D1 kept in `persist` and these environment bindings. A new one per call: a fresh isolate.
 */
export function startWorker(options: { dir: string; scriptPath: string; persist: string; bindings: Record<string, string> }): Miniflare {
  return new Miniflare({
    host: '127.0.0.1',
    port: 0,
    cf: false,
    modules: true,
    scriptPath: options.scriptPath,
    modulesRoot: options.dir,
    compatibilityDate: '2026-07-30',
    d1Databases: { DB: 'tailor-test' },
    d1Persist: options.persist,
    bindings: options.bindings,
  });
}
