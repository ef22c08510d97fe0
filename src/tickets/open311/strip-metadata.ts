// Photos published by Open311 (media_url) lose their metadata first (issue 17): a phone's EXIF
// carries the GPS position of where it was taken, often a home, and the device's serial number.
// JPEG: APP1 (EXIF, XMP), APP12, APP13 (IPTC) and comments are dropped; PNG: text, time and eXIf
// chunks; WebP: EXIF and XMP chunks. Anything else is not published (undefined).

export type StrippedImage = { contentType: string, data: Buffer }

function stripJpeg (data: Buffer): Buffer | undefined {
  if (data.length < 4 || data[0] !== 0xFF || data[1] !== 0xD8) return undefined
  const parts: Buffer[] = [data.subarray(0, 2)]
  let i = 2
  while (i + 4 <= data.length) {
    if (data[i] !== 0xFF) return undefined
    const marker = data[i + 1]
    // Start of scan: the rest is image data, copied as it is.
    if (marker === 0xDA) { parts.push(data.subarray(i)); return Buffer.concat(parts) }
    if (marker === 0xD9) break
    const length = data.readUInt16BE(i + 2)
    if (length < 2 || i + 2 + length > data.length) return undefined
    const drop = marker === 0xE1 || marker === 0xEC || marker === 0xED || marker === 0xFE
    if (!drop) parts.push(data.subarray(i, i + 2 + length))
    i += 2 + length
  }
  return undefined
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
const PNG_DROPPED = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME'])

function stripPng (data: Buffer): Buffer | undefined {
  if (data.length < 8 || !data.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined
  const parts: Buffer[] = [PNG_SIGNATURE]
  let i = 8
  while (i + 12 <= data.length) {
    const length = data.readUInt32BE(i)
    const type = data.toString('latin1', i + 4, i + 8)
    const end = i + 12 + length
    if (end > data.length) return undefined
    if (!PNG_DROPPED.has(type)) parts.push(data.subarray(i, end))
    i = end
    if (type === 'IEND') return Buffer.concat(parts)
  }
  return undefined
}

function stripWebp (data: Buffer): Buffer | undefined {
  if (data.length < 12 || data.toString('latin1', 0, 4) !== 'RIFF' || data.toString('latin1', 8, 12) !== 'WEBP') return undefined
  const parts: Buffer[] = []
  let i = 12
  while (i + 8 <= data.length) {
    const type = data.toString('latin1', i, i + 4)
    const size = data.readUInt32LE(i + 4)
    const end = i + 8 + size + (size % 2)
    if (i + 8 + size > data.length) return undefined
    if (type === 'VP8X') {
      const chunk = Buffer.from(data.subarray(i, Math.min(end, data.length)))
      chunk[8] &= ~(0x08 | 0x04) // the EXIF and XMP flags: their chunks are gone
      parts.push(chunk)
    } else if (type !== 'EXIF' && type !== 'XMP ') {
      parts.push(data.subarray(i, Math.min(end, data.length)))
    }
    i = end
  }
  const body = Buffer.concat(parts)
  const header = Buffer.alloc(12)
  header.write('RIFF', 0, 'latin1')
  header.writeUInt32LE(body.length + 4, 4)
  header.write('WEBP', 8, 'latin1')
  return Buffer.concat([header, body])
}

const STRIPPERS: Record<string, (data: Buffer) => Buffer | undefined> = {
  'image/jpeg': stripJpeg,
  'image/jpg': stripJpeg,
  'image/pjpeg': stripJpeg,
  'image/png': stripPng,
  'image/webp': stripWebp,
}

export const PUBLISHED_IMAGE_TYPES = Object.keys(STRIPPERS)

export function stripImageMetadata (contentType: string, data: Buffer): StrippedImage | undefined {
  const type = contentType.split(';')[0].trim().toLowerCase()
  const stripped = STRIPPERS[type]?.(data)
  return stripped && { contentType: type === 'image/jpg' || type === 'image/pjpeg' ? 'image/jpeg' : type, data: stripped }
}

export function imageExtension (contentType: string): string {
  const type = contentType.split(';')[0].trim().toLowerCase()
  return type === 'image/png' ? 'png' : type === 'image/webp' ? 'webp' : 'jpg'
}
