import { join, resolve, sep } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  cacheControlFor,
  contentTypeFor,
  resolveAppRequestFile,
  resolveStaticPath,
} from '../../../electron/static-files';

const root = resolve('/srv/renderer');

describe('resolveStaticPath', () => {
  it('maps / to index.html and plain paths inside the root', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
  });

  it('refuses traversal, encoded traversal, backslashes, NUL bytes and malformed escapes', () => {
    for (const path of [
      '/../etc/passwd',
      '/assets/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2fetc%2fpasswd',
      '/assets\\..\\..\\x',
      '/index.html%00.js',
      '/%E0%A4%A',
    ]) {
      expect(resolveStaticPath(root, path), path).toBeNull();
    }
  });

  it('gives each asset its content type', () => {
    expect(contentTypeFor('a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a.HTML')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('codicon.ttf')).toBe('font/ttf');
    expect(contentTypeFor('unknown.bin')).toBe('application/octet-stream');
  });
});

describe("resolveAppRequestFile (the desktop app's app:// handler)", () => {
  it('serves app://rolecall/… from the renderer directory (Node gives custom schemes the origin "null")', () => {
    expect(new URL('app://rolecall/index.html').origin).toBe('null');
    expect(resolveAppRequestFile(root, 'app://rolecall/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppRequestFile(root, 'app://rolecall/')).toBe(join(root, 'index.html'));
    expect(resolveAppRequestFile(root, 'app://rolecall/assets/index-abc.js?v=1#x')).toBe(
      join(root, 'assets', 'index-abc.js'),
    );
  });

  it('refuses other hosts, credentials, other schemes and malformed URLs', () => {
    for (const url of [
      'app://evil/index.html',
      'app://rolecall.evil/index.html',
      'app://user@rolecall/index.html',
      'app://rolecall:81/index.html',
      'file:///etc/passwd',
      'https://rolecall/index.html',
      'not a url',
      '',
    ]) {
      expect(resolveAppRequestFile(root, url), url).toBeNull();
    }
  });

  it('refuses traversal, plain or percent-encoded', () => {
    for (const url of [
      'app://rolecall/..%2f..%2fetc%2fpasswd',
      'app://rolecall/assets/..%5c..%5cx',
      'app://rolecall/index.html%00.js',
      'app://rolecall/%E0%A4%A',
    ]) {
      expect(resolveAppRequestFile(root, url), url).toBeNull();
    }
    // The URL parser already folds plain `..` segments, which can then only land inside the root.
    expect(resolveAppRequestFile(root, 'app://rolecall/../../etc/passwd')).toBe(join(root, 'etc', 'passwd'));
  });

  test.prop([
    fc.string({ maxLength: 60 }),
    fc.array(fc.constantFrom('..', '%2e%2e', '.', '%2f', '%5c', 'a', '%00', '/'), { maxLength: 8 }),
  ])('never answers with a file outside the renderer directory', (tail, parts) => {
    for (const url of [
      `app://rolecall/${tail}`,
      `app://rolecall/${parts.join('/')}`,
      `app://rolecall/${parts.join('')}`,
    ]) {
      const file = resolveAppRequestFile(root, url);
      if (file !== null) expect(file === root || file.startsWith(root + sep), url).toBe(true);
    }
  });
});

describe('cacheControlFor', () => {
  it('lets content-hashed assets be kept and revalidates everything else', () => {
    expect(cacheControlFor('/assets/index-BVagwGnG.css')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('/assets/editor.worker-B_SSoi_h.js')).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/favicon.svg', '/assets/app.js', '/assets/sub/x-BVagwGnG.js'])
      expect(cacheControlFor(path), path).toBe('no-cache');
  });
});
