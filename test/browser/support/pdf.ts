// A printed page as a reader holds it: Chromium's PDF, read back with pdf.js, each page's lines of text with their place.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One run of text on a printed page: its words, where its baseline starts (millimetres from the page's top left), its width. */
export interface PrintedText {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

/** Each page of the PDF: its size in millimetres and its runs of text, top to bottom. */
export interface PrintedPage {
  readonly width: number;
  readonly height: number;
  readonly texts: readonly PrintedText[];
}

const MM_PER_POINT = 25.4 / 72;

/** What pdfPagesAsPng uses of @napi-rs/canvas. */
interface CanvasModule {
  readonly createCanvas: (
    width: number,
    height: number,
  ) => {
    readonly width: number;
    readonly height: number;
    getContext(kind: '2d'): { fillStyle: string; fillRect(x: number, y: number, width: number, height: number): void };
    toBuffer(type: 'image/png'): Buffer;
  };
}
const CANVAS_MODULE: string = '@napi-rs/canvas';

/** The PDF's pages, read by pdf.js (the text as a PDF reader extracts it, not the HTML it came from). */
export async function readPdf(bytes: Uint8Array): Promise<PrintedPage[]> {
  const document = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false })
    .promise;
  try {
    const pages: PrintedPage[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const [, , width = 0, height = 0] = page.view;
      const content = await page.getTextContent();
      const texts = content.items
        .flatMap((item) => ('str' in item && item.str.trim() ? [item] : []))
        .map((item) => ({
          text: item.str,
          x: item.transform[4] * MM_PER_POINT,
          y: (height - item.transform[5]) * MM_PER_POINT,
          width: item.width * MM_PER_POINT,
        }))
        .sort((a, b) => a.y - b.y || a.x - b.x);
      pages.push({ width: width * MM_PER_POINT, height: height * MM_PER_POINT, texts });
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

/**
 * Each page of the PDF drawn as a PNG at `scale` (1 = 72 dpi), by pdf.js on @napi-rs/canvas: for people to look at
 * what a printer gets, margin boxes included, which a screenshot of the print media does not show.
 */
export async function pdfPagesAsPng(bytes: Uint8Array, scale = 1.5): Promise<Buffer[]> {
  // pdf.js's optional dependency, so not typed from its package: `npm test`'s type check must pass where npm skipped it.
  const { createCanvas } = (await import(CANVAS_MODULE)) as CanvasModule;
  const document = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  try {
    const pictures: Buffer[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const viewport = page.getViewport({ scale });
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const context = canvas.getContext('2d');
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      // pdf.js draws on any 2D context with the DOM's API; @napi-rs/canvas's is that API, typed on its own.
      await page.render({
        canvas: canvas as unknown as HTMLCanvasElement,
        canvasContext: context as unknown as CanvasRenderingContext2D,
        viewport,
      }).promise;
      pictures.push(canvas.toBuffer('image/png'));
    }
    return pictures;
  } finally {
    await document.destroy();
  }
}
