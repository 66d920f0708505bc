/** The studio's API as the browser calls it: every request carries the session token. */
const token = document.querySelector<HTMLMetaElement>('meta[name="tailor-studio-token"]')?.content ?? '';

/** Rejects, in words for the marketer, when the studio does not answer (stopped, say). */
export async function call<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; data: T }> {
  const response = await fetch(url, {
    method,
    headers: { 'x-tailor-studio-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).catch((error: Error) => {
    throw new Error(`the studio did not answer (${error.message}); is it still running?`);
  });
  return { status: response.status, data: (await response.json()) as T };
}

/** Streams a plain-text answer line by line (publishing's progress). */
export async function stream(url: string, onText: (text: string) => void): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'x-tailor-studio-token': token } });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    onText(value);
  }
}

export interface FieldError {
  path: (string | number)[];
  message: string;
  line?: number;
  column?: number;
}

export interface AccountRow {
  id: string;
  file: string;
  name: string;
  status: 'published' | 'draft' | 'imported';
  locale: string;
  segment?: string;
  personas: string[];
  fit?: number;
  coverage?: string;
  errors: number;
  warnings: number;
  changed: string;
}

/** Server errors as rjsf's ErrorSchema: `{ field: { __errors: [...] } }`, nested along the path. */
export function errorSchema(errors: FieldError[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const error of errors) {
    let node = root;
    for (const key of error.path) node = (node[String(key)] ??= {}) as Record<string, unknown>;
    ((node.__errors ??= []) as string[]).push(error.message);
  }
  return root;
}
