/** A mailto with no recipient (the visitor picks the colleague), a subject and a body. Pure. */
export function shareMailto(subject: string, body: string): string {
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}
