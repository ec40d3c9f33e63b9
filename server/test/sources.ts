/** The server's own source files (not tests, not migrations) whose text matches, relative to server/. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export function serverSourcesMatching(pattern: RegExp): string[] {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'migrations') walk(path);
      } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
        if (pattern.test(readFileSync(path, 'utf8'))) found.push(relative(root, path));
      }
    }
  };
  walk(root);
  return found.sort();
}
