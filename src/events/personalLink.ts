/**
 * Personal-link tokens: a stakeholder's link carries `?t=<token>`, an HMAC-SHA256-signed claim
 * "this is stakeholder S of account A". Web Crypto only, so the same code signs in Node and
 * verifies in Node and Workers. The secret comes from the environment, never from the repo.
 */

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Bytes of the MAC kept in the token: 128 bits. */
const MAC_BYTES = 16;
/** Shortest secret accepted: 32 characters. */
export const MIN_SECRET_LENGTH = 32;

export interface StakeholderClaim {
  /** Account id. */
  a: string;
  /** Stakeholder id within the account. */
  s: string;
}

const keys = new Map<string, Promise<CryptoKey>>();
function keyFor(secret: string): Promise<CryptoKey> {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the personal-link secret must be at least ${MIN_SECRET_LENGTH} characters (set TAILOR_LINK_SECRET)`);
  }
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

async function mac(secret: string, payload: string): Promise<Uint8Array> {
  const signature = await crypto.subtle.sign('HMAC', await keyFor(secret), encoder.encode(payload));
  return new Uint8Array(signature).slice(0, MAC_BYTES);
}

/** A token naming one stakeholder of one account. */
export async function signStakeholder(secret: string, claim: StakeholderClaim): Promise<string> {
  const payload = base64url(encoder.encode(`${claim.a}:${claim.s}`));
  return `${payload}.${base64url(await mac(secret, payload))}`;
}

/** The claim of a genuine token, or undefined for anything forged, altered or malformed. */
export async function verifyStakeholder(secret: string, token: string): Promise<StakeholderClaim | undefined> {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const given = fromBase64url(signature);
  if (!given || given.length !== MAC_BYTES) return undefined;
  const expected = await mac(secret, payload);
  let diff = 0;
  for (let i = 0; i < MAC_BYTES; i++) diff |= (given[i] as number) ^ (expected[i] as number);
  if (diff !== 0) return undefined;
  const decoded = fromBase64url(payload);
  if (!decoded) return undefined;
  const [a, s, more] = new TextDecoder().decode(decoded).split(':');
  if (!a || !s || more !== undefined) return undefined;
  return { a, s };
}

/**
 * A stakeholder's e-mail as the collector may know it: an HMAC under the link secret, so that the
 * manifest (bundled into the Worker) holds no address, yet a booking webhook's attendee e-mail can
 * be matched to the stakeholder.
 */
export async function contactKey(secret: string, email: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', await keyFor(secret), encoder.encode(`contact:${email.trim().toLowerCase()}`));
  return [...new Uint8Array(signature).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
