import { fileTypeFromBuffer } from 'file-type';

/** Raster images a browser may show inline: none of them can carry script (SVG and HTML can). */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
]);

/** How many leading bytes are read for sniffing and image dimensions (JPEG metadata may come first). */
export const HEADER_BYTES = 512 * 1024;

/**
 * The type of a file from its first bytes; what the uploader declared is never consulted. Content with
 * no binary signature that decodes as UTF-8 without NUL bytes is plain text; anything else unknown is
 * `application/octet-stream`.
 */
export async function sniffContentType(header: Uint8Array): Promise<string> {
  const detected = await fileTypeFromBuffer(header);
  if (detected) return detected.mime;
  if (header.length > 0 && !header.includes(0)) {
    try {
      // `stream: true` tolerates a character cut in half at the end of the header.
      new TextDecoder('utf-8', { fatal: true }).decode(header, { stream: true });
      return 'text/plain';
    } catch {
      return 'application/octet-stream';
    }
  }
  return 'application/octet-stream';
}

export interface Dimensions {
  width: number;
  height: number;
}

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  String.fromCharCode(...bytes.subarray(start, start + length));

function pngDimensions(view: DataView, bytes: Uint8Array): Dimensions | undefined {
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function gifDimensions(view: DataView, bytes: Uint8Array): Dimensions | undefined {
  if (bytes.length < 10) return undefined;
  return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
}

function webpDimensions(view: DataView, bytes: Uint8Array): Dimensions | undefined {
  if (bytes.length < 30) return undefined;
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ') {
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    const width = 1 + (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16));
    const height = 1 + (bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16));
    return { width, height };
  }
  return undefined;
}

/** Start-of-frame markers carry the size; C4 (Huffman), C8 (reserved) and CC (arithmetic) do not. */
const isStartOfFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function jpegDimensions(view: DataView, bytes: Uint8Array): Dimensions | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    // Markers without a length: start of image, restart markers, start of scan data.
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2;
      continue;
    }
    if (isStartOfFrame(marker)) {
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    if (marker === 0xda || marker === 0xd9) return undefined;
    offset += 2 + view.getUint16(offset + 2);
  }
  return undefined;
}

/** Width and height of a raster image from its header bytes; undefined when not found there. */
export function imageDimensions(contentType: string, header: Uint8Array): Dimensions | undefined {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const found =
    contentType === 'image/png'
      ? pngDimensions(view, header)
      : contentType === 'image/gif'
        ? gifDimensions(view, header)
        : contentType === 'image/webp'
          ? webpDimensions(view, header)
          : contentType === 'image/jpeg'
            ? jpegDimensions(view, header)
            : undefined;
  return found && found.width > 0 && found.height > 0 ? found : undefined;
}
