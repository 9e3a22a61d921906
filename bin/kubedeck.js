#!/usr/bin/env node
// The `kubedeck` command: runs the built CLI (out/main/cli.js, made by `npm run build`, which
// `npm ci`/`npm install` run through the prepare script).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write(`kubedeck: ${cli} is missing; run \`npm run build\` in ${fileURLToPath(new URL('..', import.meta.url))}\n`)
  process.exit(1)
}
await import(cli)
