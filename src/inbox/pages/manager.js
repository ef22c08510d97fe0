// /manager: the dashboard, then search and history (issue 18). Each section is a module with
// mount(); another section (unanswered questions, broadcasts…) adds its markup and one line here.
import { announce, focusOn, isManager, startPage, t } from './common.js'
import { dashboardSection } from './dashboard.js'
import { searchSection } from './search.js'

export const SECTIONS = [dashboardSection, searchSection]

startPage(async agent => {
  // Role-aware: an agent gets a clear answer, and no call the server would refuse.
  if (!isManager(agent)) {
    document.getElementById('app-view').hidden = true
    document.getElementById('not-allowed').hidden = false
    focusOn(document.getElementById('not-allowed-text'))
    announce(t('notAllowed'))
    return
  }
  for (const section of SECTIONS) await section.mount({ agent })
})
