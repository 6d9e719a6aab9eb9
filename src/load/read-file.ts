import { readFileSync, statSync } from 'node:fs';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { SourceFile } from './source-file.js';

/** Content files larger than this are refused rather than parsed (a 5 MB query is a mistake, not content). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a text file; an unreadable, binary, non-UTF-8 or oversized file becomes a diagnostic.
 * Synchronous underneath: for thousands of small content files, fs/promises' round trips through
 * the thread pool cost more than the reads themselves (see bench/check).
 */
export async function readSourceFile(
  absolutePath: string,
  relativePath: string,
): Promise<{ file?: SourceFile; diagnostics: Diagnostic[] }> {
  const at = { file: relativePath, start: { line: 1, column: 1 } };
  try {
    const info = statSync(absolutePath);
    if (info.size > MAX_FILE_BYTES) {
      return {
        diagnostics: [
          diagnostic('fileTooLarge', `file is ${info.size} bytes; the limit is ${MAX_FILE_BYTES}`, at),
        ],
      };
    }
    const bytes = readFileSync(absolutePath);
    if (bytes.includes(0))
      return { diagnostics: [diagnostic('notText', 'file contains NUL bytes: it is not text', at)] };
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return { diagnostics: [diagnostic('notText', 'file is not valid UTF-8', at)] };
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { file: new SourceFile(relativePath, text), diagnostics: [] };
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return { diagnostics: [diagnostic('fileUnreadable', `cannot read file: ${reason}`, at)] };
  }
}
