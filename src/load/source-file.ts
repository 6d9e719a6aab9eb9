import { LineIndex } from '../diagnostics/line-index.js';

/** A file read into memory: its project-relative path, its text and a line index for positions. */
export class SourceFile {
  private index: LineIndex | undefined;

  constructor(
    /** Project-relative path with forward slashes. */
    readonly path: string,
    readonly text: string,
  ) {}

  get lines(): LineIndex {
    this.index ??= new LineIndex(this.text);
    return this.index;
  }
}
