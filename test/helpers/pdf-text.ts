import fs from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  pages: number;
  /** Page size in points of the first page (A4 ≈ 595 × 842, Letter 612 × 792). */
  width: number;
  height: number;
  /** Every page's text, items joined by spaces, pages by newlines. */
  text: string;
}

/** The text a person would read in a PDF, as pdf.js extracts it. */
export async function pdfText(file: string): Promise<PdfText> {
  const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), useSystemFonts: false })
    .promise;
  try {
    const first = await doc.getPage(1);
    const { width, height } = first.getViewport({ scale: 1 });
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(
        content.items
          .map((item) => ('str' in item ? item.str : ''))
          .join(' ')
          .replace(/\s+/g, ' '),
      );
    }
    return { pages: doc.numPages, width, height, text: pages.join('\n') };
  } finally {
    await doc.destroy();
  }
}
