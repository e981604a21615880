import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The PDF's text and page count, as poppler reads them (pdftotext, pdfinfo). */
export function readPdf(pdf: Buffer): { text: string; pages: string[]; pageCount: number } {
  const dir = mkdtempSync(join(tmpdir(), 'ol-pack-'));
  try {
    const file = join(dir, 'pack.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pageCount = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect([size[1], size[2]]).toEqual(['595.28', '841.89']); // A4
    return { text, pages: text.split('\f').filter((p) => p.trim() !== ''), pageCount };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
