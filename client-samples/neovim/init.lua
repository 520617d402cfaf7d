-- A minimal init.lua using the strap sample: `nvim -u client-samples/neovim/init.lua FILE`.
-- In your own config, put this folder on 'runtimepath' (or copy lua/strap.lua
-- into ~/.config/nvim/lua/) and call require('strap').setup{} the same way.

local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
vim.opt.runtimepath:prepend(here)

local function on_attach(_, bufnr)
  local function map(lhs, rhs, desc)
    vim.keymap.set('n', lhs, rhs, { buffer = bufnr, desc = desc })
  end
  vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc' -- <C-x><C-o> completes package names
  map('gd', vim.lsp.buf.definition, 'go to definition')
  map('gr', vim.lsp.buf.references, 'references')
  map('K', vim.lsp.buf.hover, 'hover')
  map('<leader>rn', vim.lsp.buf.rename, 'rename')
  map('<leader>ca', vim.lsp.buf.code_action, 'code actions (cycle-breaking fixes)')
  map('[d', vim.diagnostic.goto_prev, 'previous diagnostic')
  map(']d', vim.diagnostic.goto_next, 'next diagnostic')
end

require('strap').setup({
  -- cmd = { 'strap', 'lsp', '--stdio' },   -- default: this checkout's bin/strap.js, else `strap` on PATH
  on_attach = on_attach,
  settings = {
    strap = {
      severity = { ['bootstrap-set-unused'] = 'hint' },
      inlayHints = { enable = true },
      debounceMs = 150,
      -- files = { 'ci/*.yaml' },          -- more bootstrap files than the default names
      -- projectRoot = '.',
    },
  },
})

vim.diagnostic.config({ virtual_text = true, severity_sort = true })
