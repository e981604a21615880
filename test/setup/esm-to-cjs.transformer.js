/**
 * Jest transformer for node_modules JavaScript. NestJS 12 and some of its dependencies ship ES
 * modules only; the app loads them natively (Node 20.19+ require(esm)), but jest on Node 20
 * cannot. Files that use ESM syntax are compiled to CommonJS with SWC; others pass through
 * untouched. Test-only: production code runs the packages as published.
 */
const { createHash } = require('node:crypto');
const { transformSync } = require('@swc/core');

const ESM = /^\s*(import\s*[\w{*'"]|export\s)|\bimport\.meta\b/m;

module.exports = {
  getCacheKey(source, filename) {
    return createHash('sha1').update('esm-to-cjs-v2').update(filename).update(source).digest('hex');
  },
  process(source, filename) {
    if (!ESM.test(source)) return { code: source };
    const out = transformSync(source, {
      filename,
      sourceMaps: 'inline',
      jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022', keepClassNames: true },
      module: { type: 'commonjs' },
    });
    return {
      code: out.code.replace(
        /\bimport\.meta\.url\b/g,
        'require("node:url").pathToFileURL(__filename).href',
      ),
    };
  },
};
