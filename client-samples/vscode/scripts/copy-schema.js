'use strict';
// Copies the repository's JSON Schema into this extension (schema/), which
// `jsonValidation` / `yamlValidation` point at: a packaged extension only
// holds its own folder.
const fs = require('node:fs');
const path = require('node:path');

const source = path.resolve(__dirname, '..', '..', '..', 'schema', 'bootstrap.schema.json');
const target = path.resolve(__dirname, '..', 'schema', 'bootstrap.schema.json');
if (!fs.existsSync(source)) {
  if (fs.existsSync(target)) process.exit(0); // already copied (e.g. a copy of the extension outside the checkout)
  console.error(`copy-schema: ${source} not found`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(source, target);
