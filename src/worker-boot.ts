// The code a worker thread evaluates to load one of the app's modules. npm start runs the compiled
// JavaScript (dist/), where the module is a .js file that plain Node loads; the tests and the
// development tools run the TypeScript through tsx, and a worker does not inherit that loader, so
// it registers tsx before importing the .ts file.

/** `name` without extension, beside `importerUrl` (the caller's import.meta.url). */
export function workerBoot (name: string, importerUrl: string): string {
  const compiled = !importerUrl.endsWith('.ts')
  const entry = JSON.stringify(new URL(`./${name}.${compiled ? 'js' : 'ts'}`, importerUrl).href)
  return compiled ? `import(${entry})` : `import('tsx/esm/api').then(tsx => { tsx.register(); return import(${entry}) })`
}
