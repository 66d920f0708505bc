/** Video addresses an author may give <Video>, and where each plays (privacy-enhanced hosts only). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { videoSource } from '../../src/lib/video.ts';

test('YouTube, Vimeo and site files play from privacy-enhanced addresses; anything else is refused', () => {
  const youtube = 'https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1&rel=0';
  for (const src of ['https://www.youtube.com/watch?v=aqz-KE-bpKQ', 'https://youtu.be/aqz-KE-bpKQ', 'https://m.youtube.com/watch?v=aqz-KE-bpKQ&t=30', 'https://www.youtube.com/embed/aqz-KE-bpKQ', 'https://www.youtube.com/shorts/aqz-KE-bpKQ']) {
    assert.equal(videoSource(src)?.playUrl, youtube, src);
  }
  assert.deepEqual(videoSource('https://vimeo.com/76979871'), { provider: 'vimeo', playUrl: 'https://player.vimeo.com/video/76979871?autoplay=1&dnt=1', watchUrl: 'https://vimeo.com/76979871', host: 'Vimeo' });
  assert.equal(videoSource('/files/demo.mp4')?.provider, 'file');
  for (const src of ['http://www.youtube.com/watch?v=aqz-KE-bpKQ', 'https://www.youtube.com/watch?v=short', 'https://evil.example/v.mp4', '//cdn.example/v.mp4', '/files/../../secret.mp4', 'javascript:alert(1)', '/files/demo.exe', 'https://vimeo.com/channels/x']) {
    assert.equal(videoSource(src), undefined, src);
  }
});
