'use strict';
// A small TOML reader for the sample configuration files: comments, [tables],
// [[arrays of tables]], bare/quoted/dotted keys, basic and literal strings,
// integers, floats, booleans, arrays (over several lines) and inline tables.
// Throws on anything else, with the line number, so a malformed sample fails.

function parseToml(text) {
  const root = {};
  let current = root;
  let i = 0;
  let line = 1;
  const fail = (message) => { throw new SyntaxError(`TOML line ${line}: ${message}`); };
  const peek = () => text[i];
  const skipSpaces = () => { while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++; };
  const skipComment = () => { if (peek() === '#') while (i < text.length && text[i] !== '\n') i++; };
  const skipBlank = () => {
    for (;;) {
      skipSpaces();
      skipComment();
      if (peek() === '\n') { i++; line++; continue; }
      if (peek() === '\r' && text[i + 1] === '\n') { i += 2; line++; continue; }
      return;
    }
  };
  const endOfLine = () => {
    skipSpaces();
    skipComment();
    if (i >= text.length) return;
    if (peek() === '\r') i++;
    if (peek() !== '\n') fail(`unexpected '${peek()}'`);
    i++;
    line++;
  };

  function parseString() {
    const quote = text[i++];
    let out = '';
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\n') fail('newline in a string');
      if (quote === '"' && text[i] === '\\') {
        const c = text[i + 1];
        const map = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };
        if (c in map) { out += map[c]; i += 2; continue; }
        if (c === 'u') { out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)); i += 6; continue; }
        fail(`bad escape \\${c}`);
      }
      out += text[i++];
    }
    if (text[i] !== quote) fail('unterminated string');
    i++;
    return out;
  }

  function parseKey() {
    const parts = [];
    for (;;) {
      skipSpaces();
      if (peek() === '"' || peek() === "'") parts.push(parseString());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(text.slice(i));
        if (!m) fail(`expected a key at '${text.slice(i, i + 10)}'`);
        parts.push(m[0]);
        i += m[0].length;
      }
      skipSpaces();
      if (peek() !== '.') return parts;
      i++;
    }
  }

  function parseValue() {
    skipSpaces();
    const c = peek();
    if (c === '"' || c === "'") {
      if (text.startsWith(c.repeat(3), i)) fail('multi-line strings are not supported');
      return parseString();
    }
    if (c === '[') {
      i++;
      const arr = [];
      for (;;) {
        skipBlank();
        if (peek() === ']') { i++; return arr; }
        arr.push(parseValue());
        skipBlank();
        if (peek() === ',') { i++; continue; }
        skipBlank();
        if (peek() === ']') { i++; return arr; }
        fail('expected , or ] in an array');
      }
    }
    if (c === '{') {
      i++;
      const table = {};
      skipSpaces();
      if (peek() === '}') { i++; return table; }
      for (;;) {
        const key = parseKey();
        if (peek() !== '=') fail('expected = in an inline table');
        i++;
        assign(table, key, parseValue());
        skipSpaces();
        if (peek() === ',') { i++; continue; }
        if (peek() === '}') { i++; return table; }
        fail('expected , or } in an inline table');
      }
    }
    const m = /^(true|false|[+-]?\d[\d_]*(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!m) fail(`bad value at '${text.slice(i, i + 10)}'`);
    i += m[0].length;
    if (m[0] === 'true') return true;
    if (m[0] === 'false') return false;
    return Number(m[0].replace(/_/g, ''));
  }

  function descend(table, keys, { array = false, define = false } = {}) {
    let t = table;
    keys.forEach((k, n) => {
      const last = n === keys.length - 1;
      if (last && array) {
        if (t[k] === undefined) t[k] = [];
        if (!Array.isArray(t[k])) fail(`${keys.join('.')} is not an array of tables`);
        const next = {};
        t[k].push(next);
        t = next;
        return;
      }
      if (t[k] === undefined) t[k] = {};
      else if (Array.isArray(t[k])) { t = t[k][t[k].length - 1]; return; } else if (typeof t[k] !== 'object') fail(`${k} is not a table`);
      else if (last && define && t[k].__defined) fail(`table ${keys.join('.')} defined twice`);
      t = t[k];
    });
    if (define && !array) Object.defineProperty(t, '__defined', { value: true, enumerable: false });
    return t;
  }

  function assign(table, keys, value) {
    const parent = descend(table, keys.slice(0, -1));
    const k = keys[keys.length - 1];
    if (k in parent) fail(`duplicate key ${keys.join('.')}`);
    parent[k] = value;
  }

  for (;;) {
    skipBlank();
    if (i >= text.length) break;
    if (peek() === '[') {
      const array = text[i + 1] === '[';
      i += array ? 2 : 1;
      const keys = parseKey();
      if (text.slice(i, i + (array ? 2 : 1)) !== (array ? ']]' : ']')) fail('unterminated table header');
      i += array ? 2 : 1;
      current = descend(root, keys, { array, define: true });
      endOfLine();
      continue;
    }
    const keys = parseKey();
    if (peek() !== '=') fail('expected =');
    i++;
    assign(current, keys, parseValue());
    endOfLine();
  }
  return root;
}

module.exports = { parseToml };
