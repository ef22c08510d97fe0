// Right answers about time (issue 15) through the web chat, from the demo town in the database:
// public holidays close the town hall, and « le samedi après-midi » gets a no with Saturday's hours.
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'

describe('answers about time from the town\'s data', () => {
  let t: TestApp
  afterEach(async () => { await t?.stopAll() })

  const answerTo = async (question: string): Promise<string> => {
    const chat = await openChat(t.app)
    await chat.say(question)
    const messages = await waitFor(async () => {
      const m = await chat.messages()
      return m.filter(x => x.direction === 'outbound').length >= 2 && m
    }, 10_000, 'the answer')
    // French typography's no-break spaces read as plain spaces here.
    return messages.filter(m => m.direction === 'outbound').at(-1)!.text.replace(/[\u00A0\u202F]/g, ' ')
  }

  it('says the town hall is closed on Christmas Day, and open on Saturday mornings only', async () => {
    t = await buildTestApp({ db: 'sqlite' })
    expect(await answerTo('la mairie est ouverte le 25 décembre ?')).toMatch(/^Non, le 25 décembre \(Noël, jour férié\) la mairie est fermée\. Prochaine ouverture : .+ à \d+ h/)
    expect(await answerTo('vous êtes ouverts le samedi après-midi ?')).toMatch(/^Non, le samedi la mairie est ouverte de 9 h à 12 h\./)
    expect(await answerTo('is the town hall open on 25 December?')).toMatch(/^No, on 25 December \(Christmas Day, public holiday\), the town hall is closed\./)
  })
})
