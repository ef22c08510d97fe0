// Issue 17, the pure parts: metadata stripping of PNG and WebP, Latin-1 form bodies, titles,
// and what the public sees of a ticket's history.
import { describe, expect, it } from 'vitest'
import { stripImageMetadata } from '../../../src/tickets/open311/strip-metadata.ts'
import { parseForm } from '../../../src/tickets/open311/form-charset.ts'
import { ticketTitle } from '../../../src/tickets/ticket-title.ts'
import { currentStatusNote, lastPublicChange, publicStatusNotes, type HistoryEvent } from '../../../src/tickets/open311/public-history.ts'

function pngChunk (type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)])
}

function riffChunk (type: string, data: Buffer): Buffer {
  const size = Buffer.alloc(4)
  size.writeUInt32LE(data.length)
  return Buffer.concat([Buffer.from(type, 'latin1'), size, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)])
}

describe('photo metadata', () => {
  it('drops the text, time and eXIf chunks of a PNG and keeps the image', () => {
    const signature = Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    const ihdr = pngChunk('IHDR', Buffer.alloc(13, 1))
    const idat = pngChunk('IDAT', Buffer.from('pixels'))
    const png = Buffer.concat([signature, ihdr, pngChunk('tEXt', Buffer.from('Author\u0000Marie Dupont')), pngChunk('eXIf', Buffer.from('GPS 47.39')), idat, pngChunk('IEND', Buffer.alloc(0))])
    const out = stripImageMetadata('image/png', png)!
    expect(out.contentType).toBe('image/png')
    expect(out.data.toString('latin1')).not.toMatch(/Marie|GPS|tEXt|eXIf/)
    expect(out.data).toEqual(Buffer.concat([signature, ihdr, idat, pngChunk('IEND', Buffer.alloc(0))]))
  })

  it('drops the EXIF and XMP chunks of a WebP and clears their flags', () => {
    const vp8x = Buffer.alloc(10)
    vp8x[0] = 0x08 | 0x04 | 0x10 // EXIF, XMP, alpha
    const webp = (chunks: Buffer[]) => { const body = Buffer.concat(chunks); const size = Buffer.alloc(4); size.writeUInt32LE(body.length + 4); return Buffer.concat([Buffer.from('RIFF'), size, Buffer.from('WEBP'), body]) }
    const image = riffChunk('VP8L', Buffer.from('pixels!'))
    const out = stripImageMetadata('image/webp', webp([riffChunk('VP8X', vp8x), image, riffChunk('EXIF', Buffer.from('GPS 47.39 N')), riffChunk('XMP ', Buffer.from('<x:creator>Marie</x:creator>'))]))!
    expect(out.data.toString('latin1')).not.toMatch(/GPS|Marie|EXIF|XMP/)
    const cleared = Buffer.from(vp8x)
    cleared[0] = 0x10
    expect(out.data).toEqual(webp([riffChunk('VP8X', cleared), image]))
  })

  it('publishes nothing it cannot clean: other types, truncated or fake images', () => {
    expect(stripImageMetadata('application/pdf', Buffer.from('%PDF-1.4'))).toBeUndefined()
    expect(stripImageMetadata('image/gif', Buffer.from('GIF89a'))).toBeUndefined()
    expect(stripImageMetadata('image/jpeg', Buffer.from([0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00]))).toBeUndefined()
    expect(stripImageMetadata('image/png', Buffer.from('not a png'))).toBeUndefined()
  })
})

describe('form bodies in their charset', () => {
  it('reads Latin-1 with or without charset, UTF-8 as UTF-8, and repeated keys as arrays', () => {
    expect(parseForm(Buffer.from('description=Arbre%20tomb%E9&x=1&x=2'), 'application/x-www-form-urlencoded')).toEqual({ description: 'Arbre tombé', x: ['1', '2'] })
    expect(parseForm(Buffer.from('d=Arbre+tomb%E9'), 'application/x-www-form-urlencoded; charset=ISO-8859-1')).toEqual({ d: 'Arbre tombé' })
    expect(parseForm(Buffer.from('d=Arbre+tomb%C3%A9'), 'application/x-www-form-urlencoded')).toEqual({ d: 'Arbre tombé' })
    // Declared Latin-1: bytes that would be valid UTF-8 are still read as Latin-1.
    expect(parseForm(Buffer.from('d=%C3%A9'), 'application/x-www-form-urlencoded; charset=iso-8859-1')).toEqual({ d: 'Ã©' })
    expect(parseForm(Buffer.from('d=%E9t%E9'), 'application/x-www-form-urlencoded; charset="windows-1252"')).toEqual({ d: 'été' })
    expect(parseForm(Buffer.from('a=%ZZ&b'), undefined)).toEqual({ a: '%ZZ', b: '' })
  })
})

describe('ticket titles', () => {
  it('takes the first sentence on one line, at most 80 characters on a word boundary', () => {
    expect(ticketTitle('Arbre tombé.\r\nIl bloque la rue', 'x')).toBe('Arbre tombé')
    expect(ticketTitle('  Lampadaire\téteint !  Depuis hier', 'x')).toBe('Lampadaire éteint !')
    expect(ticketTitle('Panneau n° 12.5 tordu', 'x')).toBe('Panneau n° 12.5 tordu')
    expect(ticketTitle('\r\n', 'Voirie')).toBe('Voirie')
    const long = ticketTitle('a'.repeat(30) + ' ' + 'b'.repeat(30) + ' ' + 'c'.repeat(30), 'x')
    expect(long).toBe(`${'a'.repeat(30)} ${'b'.repeat(30)}…`)
    expect(ticketTitle('x'.repeat(200), 'x').length).toBe(80)
  })
})

describe('public history', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute))
  const event = (minute: number, e: Partial<HistoryEvent>): HistoryEvent => ({ id: String(minute), type: 'note', toStatus: null, note: null, isPublic: false, createdAt: at(minute), ...e })

  it('shows the note of the current status only and dates the last public change', () => {
    const events = [
      event(1, { type: 'status_changed', toStatus: 'in_progress', note: 'Prévu lundi', isPublic: true }),
      event(2, { type: 'note', note: 'interne', isPublic: false }),
    ]
    expect(currentStatusNote(events)).toBe('Prévu lundi')
    expect(lastPublicChange(at(0), events)).toEqual(at(1))
    const later = [...events, event(3, { type: 'status_changed', toStatus: 'resolved' })]
    expect(currentStatusNote(later)).toBeUndefined()
    expect(lastPublicChange(at(0), later)).toEqual(at(3))
    expect(currentStatusNote([...later, event(4, { type: 'note', note: 'Merci', isPublic: true })])).toBe('Merci')
  })

  it('masks the note and hides it for a person\'s own affairs', () => {
    expect(publicStatusNotes('resolved', 'Appelez Mme Durand au 06 12 34 56 78', true)).toBe('Résolue. Appelez Mme [nom masqué] au [téléphone masqué]')
    expect(publicStatusNotes('resolved', 'IBAN FR76 3000 6000 0112 3456 7890 189', false)).toBe('Résolue')
  })
})
