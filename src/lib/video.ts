/**
 * Where a piece's video plays: YouTube (privacy-enhanced, no cookies), Vimeo (do-not-track) or a
 * file the site serves itself. Nothing is requested from the provider until the visitor presses
 * play (the <Video> component shows a local placeholder until then). Pure.
 */

export interface VideoSource {
  provider: 'youtube' | 'vimeo' | 'file';
  /** Loaded only after the visitor presses play. */
  playUrl: string;
  /** Where the video can be watched without JavaScript. */
  watchUrl: string;
  /** Host named in the "watch on" link. */
  host: string;
}

/** The video behind an author's `src`, or undefined when it is not one we can play. */
export function videoSource(src: string): VideoSource | undefined {
  if (/^\/(?!\/)[\w./-]+\.(mp4|webm|ogg|mov)$/i.test(src) && !src.includes('..')) {
    return { provider: 'file', playUrl: src, watchUrl: src, host: '' };
  }
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:') return undefined;
  const host = url.hostname.replace(/^(www\.|m\.)/, '');
  const youtubeId =
    host === 'youtu.be' ? url.pathname.slice(1)
    : host === 'youtube.com' || host === 'youtube-nocookie.com' ? (url.searchParams.get('v') ?? /^\/(?:embed|shorts|live)\/([^/]+)/.exec(url.pathname)?.[1])
    : undefined;
  if (youtubeId !== undefined) {
    if (!/^[\w-]{11}$/.test(youtubeId)) return undefined;
    return {
      provider: 'youtube',
      playUrl: `https://www.youtube-nocookie.com/embed/${youtubeId}?autoplay=1&rel=0`,
      watchUrl: `https://www.youtube.com/watch?v=${youtubeId}`,
      host: 'YouTube',
    };
  }
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    const id = /^\/(?:video\/)?(\d{6,12})\/?$/.exec(url.pathname)?.[1];
    if (!id) return undefined;
    return { provider: 'vimeo', playUrl: `https://player.vimeo.com/video/${id}?autoplay=1&dnt=1`, watchUrl: `https://vimeo.com/${id}`, host: 'Vimeo' };
  }
  return undefined;
}
