// How the bench starts the app: as npm start does (issue 19: the memory measured must be the
// memory users get). npm start builds dist/ and runs the compiled server with plain Node and the
// node options and environment written in package.json's start script; the bench runs the
// compiled webchat-server.js (the same app, with the bench's IPC) the same way.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..', '..')

export type AppCommand = { file: string, execArgv: string[], env: Record<string, string> }

/** The node options and environment assignments of the start script's `node … dist/src/server.js`. */
export function startScriptRuntime (start: string): { execArgv: string[], env: Record<string, string> } {
  const command = start.split('&&').map(part => part.trim()).find(part => / dist\/src\/server\.js$/.test(part))
  if (!command) throw new Error(`package.json's start script does not run dist/src/server.js: ${start}`)
  const words = command.split(/\s+/)
  const node = words.indexOf('node')
  const env = Object.fromEntries(words.slice(0, node).map(word => word.split('=', 2) as [string, string]))
  return { execArgv: words.slice(node + 1, -1), env }
}

let built = false
function compiled (file: string): AppCommand {
  if (!built) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' })
  built = true
  const start = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  return { file: path.join(root, 'dist', file), ...startScriptRuntime(start) }
}

/** The compiled bench server (built if the sources changed), with the start script's runtime. */
export function benchAppCommand (): AppCommand {
  return compiled(path.join('test', 'bench', 'webchat-server.js'))
}

/** The compiled server exactly as `npm start` runs it (the crash runs kill this process). */
export function serverAppCommand (): AppCommand {
  return compiled(path.join('src', 'server.js'))
}
