import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInsideRoot, resolveRelativeInsideRoot } from './paths';

const root = path.resolve('/srv/renderer');

describe('resolveInsideRoot (URL paths)', () => {
  it('maps paths inside the root, and folders to their index.html', () => {
    expect(resolveInsideRoot(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveInsideRoot(root, '/assets/a.js')).toBe(path.join(root, 'assets', 'a.js'));
    expect(resolveInsideRoot(root, '/fonts/Noto%20Sans%20Regular/0-255.pbf')).toBe(path.join(root, 'fonts', 'Noto Sans Regular', '0-255.pbf'));
    expect(resolveInsideRoot(root, '/docs/')).toBe(path.join(root, 'docs', 'index.html'));
  });

  it.each(['/../secret', '/%2e%2e/secret', '/..%2f..%2fetc%2fpasswd', '/%252e%252e/secret', '/..%5csecret', '/a\\..\\..\\x', '/a%00b', '/%zz', '/assets/./a.js', '/a//b'])(
    'refuses %s',
    (pathname) => {
      expect(resolveInsideRoot(root, pathname)).toBeNull();
    },
  );
});

describe('resolveRelativeInsideRoot (source folder paths)', () => {
  it('maps relative paths inside the root', () => {
    expect(resolveRelativeInsideRoot(root, 'scenarios/groen.geojson')).toBe(path.join(root, 'scenarios', 'groen.geojson'));
  });

  it.each(['../x', '/etc/passwd', 'C:/x', 'a/../../x', 'a\\..\\..\\x', 'a/./b', 'a//b', 'a/', '', 'a\u0000b', 'a%2e'])('refuses %j', (relative) => {
    expect(resolveRelativeInsideRoot(root, relative)).toBeNull();
  });
});
