// An attachment as agents see it (issue 18): images as thumbnails that open full size, PDFs in a
// new tab, anything else as a download. The file name came from a citizen: text only.
import { el } from './common.js'

const IMAGE = /^image\/(png|jpeg|gif|webp)$/
const url = a => `/api/attachments/${encodeURIComponent(a.id)}`

export function attachmentView (a, t) {
  const type = (a.contentType ?? '').toLowerCase()
  if (IMAGE.test(type)) {
    return el('p', { class: 'attachment' },
      el('a', { href: url(a), target: '_blank', rel: 'noopener', class: 'thumbnail-link' },
        el('img', { src: url(a), alt: `${t('attachment')} : ${a.filename}`, class: 'thumbnail', loading: 'lazy' })),
      el('span', { class: 'filename' }, a.filename))
  }
  if (type === 'application/pdf') {
    // Opened in a new tab; the download is there too, for browsers whose PDF viewer refuses sandboxed documents.
    return el('p', { class: 'attachment' }, `${t('attachment')} : `,
      el('a', { href: url(a), target: '_blank', rel: 'noopener' }, el('span', { class: 'filename' }, a.filename), ` ${t('pdfNewTab')}`), ' · ',
      el('a', { href: `${url(a)}?download=1`, download: '' }, `${t('downloadAttachment')} ${a.filename}`))
  }
  return el('p', { class: 'attachment' }, `${t('attachment')} : `,
    el('a', { href: `${url(a)}?download=1`, download: '' }, el('span', { class: 'filename' }, a.filename), ` (${t('downloadAttachment')})`))
}
