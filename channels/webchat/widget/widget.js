// The town's chat widget. Inline in a page that has <div id="mairie-chat">, otherwise a button in
// the corner of the town's site. Nothing is stored in the browser until the citizen opens it.
// Citizen and assistant text is always inserted as text, never as markup.
(function () {
  'use strict'
  var script = document.currentScript
  var base = script && script.src ? new URL(script.src).origin : location.origin
  var STORE = 'mairie-chat-session'
  var en = /^en\b/i.test(document.documentElement.lang || '')
  var T = en
    ? { open: 'Ask the town hall', title: 'Town hall assistant', close: 'Close the chat', label: 'Your message', send: 'Send', log: 'Conversation', you: 'You', bot: 'Assistant', agent: 'Town hall staff', error: 'The message could not be sent. Please try again.', sending: 'Sending…', placeholder: 'Your question', examples: 'Examples of questions', privacy: 'How we handle your data' }
    : { open: 'Poser une question à la mairie', title: 'Assistant de la mairie', close: 'Fermer la discussion', label: 'Votre message', send: 'Envoyer', log: 'Conversation', you: 'Vous', bot: 'Assistant', agent: 'Agent de la mairie', error: 'Le message n’a pas pu être envoyé. Veuillez réessayer.', sending: 'Envoi…', placeholder: 'Votre question', examples: 'Exemples de questions', privacy: 'Vos données personnelles' }

  var css = '.mc-panel{font-family:system-ui,sans-serif;background:#fff;color:#161616;border:1px solid #666;border-radius:8px;display:flex;flex-direction:column;max-width:40rem}' +
    '.mc-floating{position:fixed;right:1rem;bottom:4.5rem;width:min(24rem,calc(100vw - 2rem));height:min(32rem,70vh);z-index:2147483000;box-shadow:0 4px 16px rgba(0,0,0,.25)}' +
    // The text box stays above the fold on a 375 px phone: the panel never exceeds the visible height.
    '.mc-inline{height:min(70vh,calc(100dvh - 6rem));min-height:18rem}' +
    '.mc-intro{margin:0 0 .75rem}.mc-intro p{margin:0 0 .5rem}.mc-examples{display:flex;flex-wrap:wrap;gap:.4rem;margin:0 0 .5rem;padding:0;list-style:none}' +
    '.mc-example{font:inherit;font-size:.9rem;background:#fff;color:#000091;border:1px solid #000091;border-radius:1rem;padding:.3rem .7rem;cursor:pointer;text-align:left}' +
    '.mc-example:focus-visible,.mc-intro a:focus-visible{outline:3px solid #fc5d00;outline-offset:2px}.mc-intro a{color:#000091;font-size:.85rem}' +
    '.mc-head{display:flex;justify-content:space-between;align-items:center;padding:.5rem .75rem;background:#000091;color:#fff;border-radius:8px 8px 0 0}' +
    '.mc-head h2{font-size:1rem;margin:0}' +
    '.mc-log{flex:1;overflow-y:auto;padding:.75rem}.mc-list{margin:0;padding:0;list-style:none}' +
    '.mc-msg{margin:.25rem 0 .75rem;max-width:85%;padding:.5rem .75rem;border-radius:8px;white-space:pre-wrap;overflow-wrap:anywhere}' +
    '.mc-in{margin-left:auto;background:#e3e3fd}.mc-out{background:#eee}' +
    '.mc-who{display:block;font-size:.8rem;font-weight:600;margin-bottom:.15rem}' +
    '.mc-form{display:flex;gap:.5rem;padding:.5rem;border-top:1px solid #666}' +
    '.mc-form textarea{flex:1;font:inherit;padding:.4rem;border:1px solid #666;border-radius:4px;resize:vertical;min-height:2.5rem}' +
    '.mc-btn{font:inherit;background:#000091;color:#fff;border:0;border-radius:4px;padding:.5rem .9rem;cursor:pointer}' +
    '.mc-close{background:transparent;border:1px solid #fff}' +
    '.mc-launcher{position:fixed;right:1rem;bottom:1rem;z-index:2147483000}' +
    '.mc-btn:focus-visible,.mc-form textarea:focus-visible,.mc-log a:focus-visible{outline:3px solid #fc5d00;outline-offset:2px}' +
    '.mc-status{font-size:.85rem;padding:0 .75rem;min-height:1.2em;color:#b00020}' +
    '.mc-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}'

  function el (tag, attrs, text) {
    var node = document.createElement(tag)
    for (var k in attrs || {}) node.setAttribute(k, attrs[k])
    if (text != null) node.textContent = text
    return node
  }

  // URLs become links; everything else stays text.
  function appendLinkified (parent, text) {
    var re = /https?:\/\/[^\s<>"')]+/g
    var last = 0
    var m
    while ((m = re.exec(text))) {
      parent.appendChild(document.createTextNode(text.slice(last, m.index)))
      var a = el('a', { href: m[0], target: '_blank', rel: 'noopener noreferrer' }, m[0])
      parent.appendChild(a)
      last = m.index + m[0].length
    }
    parent.appendChild(document.createTextNode(text.slice(last)))
  }

  var session = null
  var shown = {}
  var lastId = 0
  var socket = null
  var retry = 0
  var ui = null

  function loadSession () {
    try { return JSON.parse(sessionStorage.getItem(STORE) || 'null') } catch (e) { return null }
  }

  function api (path, options) {
    options = options || {}
    options.headers = Object.assign({ 'content-type': 'application/json' }, session ? { authorization: 'Bearer ' + session.token } : {}, options.headers || {})
    return fetch(base + '/channels/webchat' + path, options).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status)
      return r.json()
    })
  }

  function ensureSession () {
    if (session) return Promise.resolve(session)
    return api('/sessions', { method: 'POST', body: '{}' }).then(function (s) {
      session = s
      sessionStorage.setItem(STORE, JSON.stringify(s))
      connect()
      return s
    })
  }

  function show (m) {
    if (shown[m.id]) return
    shown[m.id] = true
    lastId = Math.max(lastId, Number(m.id))
    var li = el('li', { class: 'mc-msg ' + (m.direction === 'inbound' ? 'mc-in' : 'mc-out') })
    li.appendChild(el('span', { class: 'mc-who' }, m.author === 'citizen' ? T.you : m.author === 'agent' ? T.agent : T.bot))
    var body = el('span', { class: 'mc-text' })
    appendLinkified(body, m.text)
    li.appendChild(body)
    // Ordered by message id whatever arrives first: the WebSocket push of an answer can come before
    // the POST that stored the citizen's message returns (issue 16).
    li.setAttribute('data-id', String(m.id))
    var next = null
    for (var node = ui.list.lastElementChild; node; node = node.previousElementSibling) {
      if (Number(node.getAttribute('data-id')) > Number(m.id)) next = node
      else break
    }
    ui.list.insertBefore(li, next)
    ui.log.scrollTop = ui.log.scrollHeight
  }

  // Greeting, example questions from the town's data, and the privacy link, before anything is sent.
  function firstScreen () {
    var intro = el('div', { class: 'mc-intro' })
    ui.log.insertBefore(intro, ui.list)
    fetch(base + '/channels/webchat/first-screen?lang=' + (en ? 'en' : 'fr')).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status)
      return r.json()
    }).then(function (screen) {
      intro.appendChild(el('p', null, screen.greeting))
      var list = el('ul', { class: 'mc-examples', 'aria-label': T.examples })
      screen.examples.forEach(function (example) {
        var item = el('li')
        var button = el('button', { type: 'button', class: 'mc-example' }, example)
        button.addEventListener('click', function () { send(example) })
        item.appendChild(button)
        list.appendChild(item)
      })
      intro.appendChild(list)
      intro.appendChild(el('a', { href: screen.privacyUrl, target: '_blank', rel: 'noopener noreferrer' }, T.privacy))
      ui.input.setAttribute('placeholder', screen.placeholder)
    }).catch(function () { /* the chat works without its first screen */ })
  }

  function catchUp () {
    if (!session) return Promise.resolve()
    return api('/sessions/' + session.sessionId + '/messages?after=' + lastId).then(function (r) { r.messages.forEach(show) })
  }

  function connect () {
    if (!session || socket) return
    var url = base.replace(/^http/, 'ws') + '/channels/webchat/sessions/' + session.sessionId + '/ws?token=' + encodeURIComponent(session.token)
    socket = new WebSocket(url)
    socket.onopen = function () { retry = 0; catchUp() }
    socket.onmessage = function (e) { try { show(JSON.parse(e.data)) } catch (err) { /* ignore a malformed push */ } }
    socket.onclose = function () {
      socket = null
      // Reconnect with backoff; what was missed meanwhile is read back on open.
      setTimeout(connect, Math.min(30000, 1000 * Math.pow(2, retry++)))
    }
  }

  function send (text) {
    var clientMessageId = Date.now().toString(36) + Math.random().toString(36).slice(2, 10)
    ui.status.textContent = ''
    ui.button.disabled = true
    return ensureSession()
      .then(function () {
        return api('/sessions/' + session.sessionId + '/messages', { method: 'POST', body: JSON.stringify({ text: text, clientMessageId: clientMessageId }) })
      })
      .then(function (r) {
        show({ id: r.messageId, direction: 'inbound', author: 'citizen', text: text })
        ui.input.value = ''
      })
      .catch(function () { ui.status.textContent = T.error })
      .then(function () { ui.button.disabled = false; ui.input.focus() })
  }

  function build (container, floating) {
    var style = el('style')
    style.textContent = css
    document.head.appendChild(style)
    var panel = el('section', { class: 'mc-panel ' + (floating ? 'mc-floating' : 'mc-inline'), 'aria-labelledby': 'mc-title', lang: en ? 'en' : 'fr' })
    var head = el('div', { class: 'mc-head' })
    head.appendChild(el('h2', { id: 'mc-title' }, T.title))
    // The live region wraps the list: a role on the <ol> itself would orphan its <li>s (axe "listitem").
    var log = el('div', { class: 'mc-log', role: 'log', 'aria-live': 'polite', 'aria-label': T.log, tabindex: '0' })
    var list = el('ol', { class: 'mc-list' })
    log.appendChild(list)
    var form = el('form', { class: 'mc-form' })
    var label = el('label', { for: 'mc-input', class: 'mc-sr' }, T.label)
    var input = el('textarea', { id: 'mc-input', rows: '2', maxlength: '4000', autocomplete: 'off', placeholder: T.placeholder })
    var button = el('button', { type: 'submit', class: 'mc-btn' }, T.send)
    var status = el('p', { class: 'mc-status', role: 'status' })
    form.appendChild(label); form.appendChild(input); form.appendChild(button)
    panel.appendChild(head); panel.appendChild(log); panel.appendChild(status); panel.appendChild(form)
    container.appendChild(panel)
    form.addEventListener('submit', function (e) {
      e.preventDefault()
      var text = input.value.trim()
      if (text) send(text)
    })
    input.addEventListener('keydown', function (e) {
      // Enter sends, Shift+Enter starts a new line.
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit() }
    })
    ui = { panel: panel, head: head, log: log, list: list, input: input, button: button, status: status }
    firstScreen()
    session = loadSession()
    if (session) { connect(); catchUp() }
    return ui
  }

  function floatingWidget () {
    var launcher = el('button', { type: 'button', class: 'mc-btn mc-launcher', 'aria-expanded': 'false', 'aria-controls': 'mc-panel' }, T.open)
    var style = el('style')
    style.textContent = css
    document.head.appendChild(style)
    document.body.appendChild(launcher)
    var wrapper = el('div', { id: 'mc-panel' })
    function close () { wrapper.hidden = true; launcher.setAttribute('aria-expanded', 'false'); launcher.focus() }
    launcher.addEventListener('click', function () {
      if (!ui) {
        document.body.appendChild(wrapper)
        build(wrapper, true)
        var closeButton = el('button', { type: 'button', class: 'mc-btn mc-close', 'aria-label': T.close }, '×')
        closeButton.addEventListener('click', close)
        ui.head.appendChild(closeButton)
        wrapper.addEventListener('keydown', function (e) { if (e.key === 'Escape') close() })
      }
      var open = wrapper.hidden || !launcher.getAttribute('aria-expanded') || launcher.getAttribute('aria-expanded') === 'false'
      wrapper.hidden = !open
      launcher.setAttribute('aria-expanded', String(open))
      if (open) ui.input.focus()
    })
  }

  function init () {
    var inline = document.getElementById('mairie-chat')
    if (inline) build(inline, false)
    else floatingWidget()
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init)
  else init()
})()
