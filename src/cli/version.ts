import { readFileSync } from 'node:fs';

/** kqlc's version, from package.json (the same file whether run from src/ or dist/). */
export function kqlcVersion(): string {
  try {
    return (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    ).version;
  } catch {
    return '0.0.0';
  }
}
