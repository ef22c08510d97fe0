// Canned responses by typing « / » in the reply (issue 18): « /horaires » filters them, arrows
// choose, Enter or Tab inserts, Escape closes. The textarea keeps the focus; the choice is
// shown in a list and read out through the page's status region.
import { el } from './common.js'

const normalize = text => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

export class CannedPicker {
  #input
  #list
  #items
  #say
  #t
  #matches = []
  #active = 0
  #start = -1

  constructor (input, list, items, { announce, t }) {
    this.#input = input
    this.#list = list
    this.#items = items
    this.#say = announce
    this.#t = t
    input.addEventListener('input', () => this.#update())
    input.addEventListener('keydown', event => this.#key(event))
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150))
  }

  isOpen () { return !this.#list.hidden }

  close () {
    this.#list.hidden = true
    this.#start = -1
  }

  // The query runs from a « / » at the start of the text or of a line, up to the caret.
  #query () {
    const before = this.#input.value.slice(0, this.#input.selectionStart)
    const slash = before.lastIndexOf('/')
    if (slash < 0 || (slash > 0 && !/\s/.test(before[slash - 1])) || /\n/.test(before.slice(slash))) return null
    return { start: slash, text: before.slice(slash + 1) }
  }

  #update () {
    const query = this.#query()
    if (!query) { this.close(); return }
    const wanted = normalize(query.text)
    this.#matches = this.#items().filter(c => normalize(`${c.title} ${c.text}`).includes(wanted)).slice(0, 8)
    this.#start = query.start
    this.#active = 0
    this.#render()
    this.#say(this.#matches.length ? `${this.#matches.length} ${this.#t('cannedCount')} ${this.#matches[0].title}` : this.#t('cannedNone'))
  }

  #render () {
    this.#list.replaceChildren(...this.#matches.map((c, i) => el('li', {
      role: 'option', id: `canned-${i}`, 'aria-selected': String(i === this.#active), class: 'canned-option',
      onmousedown: event => { event.preventDefault(); this.#active = i; this.#insert() },
    }, el('strong', {}, c.title), ` (${c.lang}) `, el('span', { class: 'canned-text' }, c.text))))
    this.#list.hidden = this.#matches.length === 0
  }

  #key (event) {
    if (!this.isOpen()) return
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      this.#active = (this.#active + (event.key === 'ArrowDown' ? 1 : this.#matches.length - 1)) % this.#matches.length
      this.#render()
      this.#say(this.#matches[this.#active].title)
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault()
      this.#insert()
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      this.close()
    }
  }

  #insert () {
    const chosen = this.#matches[this.#active]
    if (!chosen) return
    const value = this.#input.value
    const end = this.#input.selectionStart
    this.#input.value = value.slice(0, this.#start) + chosen.text + value.slice(end)
    const caret = this.#start + chosen.text.length
    this.#input.setSelectionRange(caret, caret)
    this.close()
    this.#say(this.#t('cannedInserted'))
  }
}
