// (e) of the app benchmarks: "Referenced by" for 100 selected rows. A parent table of 1,000 subjects with three
// children (a table whose key extends it, a part table, and a renamed foreign key), 25,000 child rows in all; the
// real UI selects a page of 100 rows, opens the panel, and the click → counts painted is timed in the page, with
// the `table.references` round trip and the statements it ran (counted by channel in a server in this process).

import type { Locator, Page } from '@playwright/test'
import type { Backend, BenchSchema, ServerLogin } from './app-data'
import { benchProfile, connect, LOGINS, uniqueName } from './app-data'
import { closeAllTabs, expandSchema, ipcLog, newAppPage, openProfileTab, openTable, type Chromium } from './app-browser'
import { startCountingApp } from './app-catalog'

const SUBJECTS = 1_000
const SESSIONS_PER_SUBJECT = 20
const NOTES_PER_SUBJECT = 4
const SELECTED = 100
/** The children of Subject: Session, Subject.Note and Pairing (through `partner`). */
export const FOLLOW_CHILDREN = 3

export interface FollowTiming {
  /** Click on "Referenced by" → every count in the DOM, plus one animation frame. */
  readonly frameMs: number
  /** `table.references` as the page saw it (socket round trip included). */
  readonly callMs: number | null
  readonly statements: number
}

export interface FollowResult {
  readonly backend: Backend
  readonly timings: readonly FollowTiming[]
}

export async function createFollowSchema(login: ServerLogin, name: string): Promise<BenchSchema> {
  const instance = connect(login)
  try {
    const schema = await instance.schema(name)
    const Subject = await schema.manual('Subject', 'subject_id : int32\n---\nlabel : varchar(40)\n')
    const Note = await schema.part(Subject, 'Note', '-> master\nnote_idx : int16\n---\ntext : varchar(100)\n')
    const Session = await schema.manual('Session', '-> Subject\nsession_idx : int16\n---\nrig : varchar(16)\n')
    const Pairing = await schema.manual('Pairing', 'pairing_id : int32\n---\n-> Subject.proj(partner="subject_id")\n')
    const ids = Array.from({ length: SUBJECTS }, (_, i) => i + 1)
    await Subject.insert(ids.map((id) => ({ subject_id: id, label: `subject ${id}` })))
    await Note.insert(
      ids.flatMap((id) => Array.from({ length: NOTES_PER_SUBJECT }, (_, n) => ({ subject_id: id, note_idx: n, text: `note ${n}` }))),
      { allowDirectInsert: true },
    )
    await Session.insert(ids.flatMap((id) => Array.from({ length: SESSIONS_PER_SUBJECT }, (_, s) => ({ subject_id: id, session_idx: s, rig: `rig-${s % 3}` }))))
    await Pairing.insert(ids.map((id) => ({ pairing_id: id, partner: ((id * 7) % SUBJECTS) + 1 })))
  } finally {
    await instance.close()
  }
  return {
    backend: login.backend,
    name,
    async drop() {
      const dropper = connect(login)
      try {
        await (await dropper.schema(name, { create: false })).drop({ prompt: false })
      } finally {
        await dropper.close()
      }
    },
  }
}

/** Clicks "Referenced by" and times, in the page, the click to every child's count painted. */
async function timeReferences(page: Page, root: Locator): Promise<{ clickAt: number; frameMs: number }> {
  const selector = `[aria-label="Referenced by"] .reference-count`
  await page.evaluate(`(() => {
    window.__joineryReferences = new Promise((resolve, reject) => {
      let clickAt = null
      document.addEventListener('click', (event) => { clickAt = event.timeStamp }, { capture: true, once: true })
      const observer = new MutationObserver(() => {
        if (clickAt === null || document.querySelectorAll(${JSON.stringify(selector)}).length < ${FOLLOW_CHILDREN}) return
        observer.disconnect()
        clearTimeout(timer)
        requestAnimationFrame(() => resolve({ clickAt, frameMs: performance.now() - clickAt }))
      })
      const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no counts within 60 s')) }, 60000)
      observer.observe(document.body, { childList: true, subtree: true })
    })
  })()`)
  await root.getByRole('toolbar', { name: 'Table data' }).getByRole('button', { name: 'Referenced by' }).click()
  return page.evaluate<{ clickAt: number; frameMs: number }>('window.__joineryReferences')
}

/**
 * Each run selects another page of 100 subjects (so no count comes from the renderer's cache), opens the panel
 * and closes it again. One discarded run first.
 */
export async function measureFollow(chrome: Chromium, backends: readonly Backend[], runs: number): Promise<FollowResult[]> {
  const results: FollowResult[] = []
  const app = await startCountingApp(backends.map((backend) => benchProfile(backend, 1)))
  const schemas: BenchSchema[] = []
  try {
    for (const backend of backends) {
      process.stderr.write(`bench:app: declaring the follow-the-data tables on ${backend}…\n`)
      const schema = await createFollowSchema(LOGINS[backend], uniqueName('bench_follow'))
      schemas.push(schema)
      const { page } = await newAppPage(chrome, app.url)
      const timings: FollowTiming[] = []
      try {
        await closeAllTabs(page)
        const root = await openProfileTab(page, benchProfile(backend, 1).name)
        await expandSchema(root, schema.name, 'Subject')
        await openTable(root, schema.name, 'Subject')
        for (let run = -1; run < runs; run += 1) {
          if (run >= 0) await root.getByRole('button', { name: 'Next page' }).click()
          const first = root.getByRole('grid').getByRole('row').nth(2).getByRole('gridcell').first()
          await first.getByText(String((run + 1) * SELECTED + 1), { exact: true }).waitFor()
          await first.click()
          await page.keyboard.press('Control+a')
          await root.getByText(/cells selected$/).waitFor()
          app.counter.reset()
          const { clickAt, frameMs } = await timeReferences(page, root)
          const call = (await ipcLog(page)).find((c) => c.channel === 'table.references' && c.sentAt >= clickAt)
          const panel = root.getByRole('complementary', { name: 'Referenced by' })
          const note = await panel.getByText(/selected rows?:$/).innerText()
          if (!note.includes(`${SELECTED} selected rows`)) throw new Error(`expected ${SELECTED} selected rows, the panel says: ${note}`)
          if (run >= 0) {
            timings.push({
              frameMs,
              callMs: call?.repliedAt === null || call === undefined ? null : call.repliedAt - call.sentAt,
              statements: app.counter.statementsOf(['table.references'], schema.name),
            })
          }
          await panel.getByRole('button', { name: 'Close Referenced by' }).click()
        }
        await closeAllTabs(page)
      } finally {
        await page.context().close()
      }
      results.push({ backend, timings })
    }
  } finally {
    await app.close()
    for (const schema of schemas) await schema.drop().catch((error: unknown) => process.stderr.write(`bench:app: drop ${schema.name}: ${String(error)}\n`))
  }
  return results
}
