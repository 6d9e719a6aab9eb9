import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatPretty } from '../../index.js';
import { importWorkbook } from '../../load/import-workbook.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../io.js';
import type { RegisterCommand } from '../main.js';

/** kqlc import-workbook <file.json> [--out file.yaml]: a portal (gallery JSON) workbook in kqlc's YAML form. */
export const registerImportWorkbook: RegisterCommand = (program, io, exit) => {
  program
    .command('import-workbook')
    .description(
      "convert a gallery JSON workbook (Notebook/1.0, as exported from the portal) to kqlc's YAML form",
    )
    .argument('<file>', 'the gallery JSON file')
    .option('--out <file>', 'write the YAML to this file instead of standard output')
    .option('--id <guid>', 'the workbook id (default: derived from the file)')
    .option('--title <title>', 'the workbook title (default: the file name)')
    .action(async (file: string, options: { out?: string; id?: string; title?: string }) => {
      const absolute = path.resolve(io.cwd, file);
      let text: string;
      try {
        text = await readFile(absolute, 'utf8');
      } catch (e) {
        throw new UsageError(
          `cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
      const shown = path.relative(io.cwd, absolute).split(path.sep).join('/');
      const { yaml, diagnostics } = importWorkbook(text.replace(/^\uFEFF/, ''), shown, options);
      if (diagnostics.length) {
        const color = io.isTTY && !io.env.NO_COLOR;
        io.stderr(formatPretty(diagnostics, { sources: new Map([[shown, text]]), color }));
      }
      if (yaml === undefined) {
        exit(EXIT_FINDINGS);
        return;
      }
      if (options.out) {
        const out = path.resolve(io.cwd, options.out);
        await mkdir(path.dirname(out), { recursive: true });
        await writeFile(out, yaml);
        io.stderr(`kqlc: wrote ${options.out}\n`);
      } else io.stdout(yaml);
      exit(EXIT_OK);
    });
};
