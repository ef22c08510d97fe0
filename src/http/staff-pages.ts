// What every staff page (/inbox, /manager, /manager/broadcasts|consultations|ideas, /admin) shares:
// one navigation, one sign-in form and one set of security headers. Each page's HTML holds
// `<!-- staff:nav <its path> -->` and `<!-- staff:sign-in -->`, filled once when the files are read,
// so a new page or link is added here and appears on every page. Texts are common.js's keys
// (French in the markup, English by its language switch).
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyReply } from 'fastify'
import { PAGES_CSP } from './security.ts'

type NavLink = { href: string, key: string, fr: string, managers?: true }

/** The staff navigation, in this order on every page; managers' links are hidden from agents by common.js. */
export const STAFF_NAV: readonly NavLink[] = [
  { href: '/inbox', key: 'navInbox', fr: 'Boîte de réception' },
  { href: '/manager', key: 'navDashboard', fr: 'Tableau de bord', managers: true },
  { href: '/manager/broadcasts', key: 'navBroadcasts', fr: 'Alertes', managers: true },
  { href: '/manager/consultations', key: 'navConsultations', fr: 'Consultations', managers: true },
  { href: '/manager/ideas', key: 'navIdeas', fr: 'Idées', managers: true },
  { href: '/admin', key: 'navAdmin', fr: 'Données de la commune', managers: true },
]

function navFor (current: string): string {
  if (!STAFF_NAV.some(link => link.href === current)) throw new Error(`staff:nav names ${current}, which is not in STAFF_NAV`)
  const items = STAFF_NAV.map(link => {
    const item = link.managers ? '<li data-requires="manager" hidden>' : '<li>'
    const currentPage = link.href === current ? ' aria-current="page"' : ''
    return `        ${item}<a href="${link.href}"${currentPage} data-i18n="${link.key}">${link.fr}</a></li>`
  })
  return ['<nav data-i18n-label="mainNav" aria-label="Navigation principale">', '      <ul>', ...items, '      </ul>', '    </nav>'].join('\n')
}

const SIGN_IN = `<section id="login-view" hidden aria-labelledby="login-title">
      <h2 id="login-title" data-i18n="signInTitle">Connexion</h2>
      <form id="login-form">
        <label for="email" data-i18n="email">Adresse e-mail</label>
        <input id="email" name="email" type="email" autocomplete="username" required>
        <label for="password" data-i18n="password">Mot de passe</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit" data-i18n="signIn">Se connecter</button>
        <p id="login-error" role="alert"></p>
      </form>
    </section>`

/** A staff page's HTML with its navigation and sign-in form put in. */
export function withStaffShell (html: string): string {
  return html
    .replace(/<!-- staff:nav (\S+) -->/, (_match, current: string) => navFor(current))
    .replace('<!-- staff:sign-in -->', SIGN_IN)
}

/** Every file of a pages folder, read once; its HTML pages get the shared shell. */
export function readStaffFiles (dir: string): Map<string, string> {
  const files = new Map<string, string>()
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name)
    if (!fs.statSync(file).isFile()) continue
    const text = fs.readFileSync(file, 'utf8')
    files.set(name, name.endsWith('.html') ? withStaffShell(text) : text)
  }
  return files
}

/** The staff pages' headers: the strict CSP (no inline script or style), and nothing kept by a cache (personal data). */
export function secureStaffReply (reply: FastifyReply): FastifyReply {
  return reply.header('content-security-policy', PAGES_CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('cache-control', 'no-store')
}
