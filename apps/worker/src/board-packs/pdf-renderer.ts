import { Injectable } from '@nestjs/common';
import type { BoardPackPdfDocument } from '@ol/outcomes';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';

/** Roboto as shipped with pdfmake: the same glyphs on every machine, no system fonts needed. */
const FONT_DIR = join(dirname(require.resolve('pdfmake/package.json')), 'build', 'fonts', 'Roboto');

let configured = false;

function configure(): void {
  if (configured) return;
  pdfmake.setFonts({
    Roboto: {
      normal: join(FONT_DIR, 'Roboto-Regular.ttf'),
      bold: join(FONT_DIR, 'Roboto-Medium.ttf'),
      italics: join(FONT_DIR, 'Roboto-Italic.ttf'),
      bolditalics: join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
    },
  });
  // A document reads its fonts and nothing else: no file outside them, no URL.
  pdfmake.setLocalAccessPolicy((path: string) => path.startsWith(FONT_DIR));
  pdfmake.setUrlAccessPolicy(() => false);
  configured = true;
}

/** A rendered PDF: its bytes and its page count. */
export interface RenderedPdf {
  pdf: Buffer;
  pages: number;
}

/** Renders a board pack's document definition (libs/outcomes) to PDF bytes with pdfmake. */
@Injectable()
export class PdfRenderer {
  async render(document: BoardPackPdfDocument): Promise<RenderedPdf> {
    configure();
    let pages = 0;
    const footer = document.footer;
    const definition = {
      ...document,
      footer: (current: number, count: number) => {
        pages = Math.max(pages, count);
        return footer(current, count);
      },
    };
    const output = pdfmake.createPdf(definition as never);
    const pdf = await output.getBuffer();
    return { pdf, pages };
  }
}
