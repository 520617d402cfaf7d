-- Driven by test/clients/neovim-debian-control.test.js:
--   nvim --headless -u NONE -c 'luafile test/clients/neovim/debian-control.lua'
-- with STRAP_TEST_FILE (a temp copy of a real debian/control), STRAP_TEST_ARCHIVE
-- (the fixture archive), STRAP_BIN and STRAP_NODE (the server), STRAP_TEST_RESULT
-- (where the JSON report goes). Starts strap on the buffer the way a user's
-- config does (vim.lsp.start_client, filetype debcontrol), waits for the
-- cycle errors, applies the preferred quick fix through vim.lsp.buf.code_action,
-- writes the file and waits for the errors to turn into information.

local result = { steps = {}, ok = false }
local file = assert(os.getenv('STRAP_TEST_FILE'))
local out = assert(os.getenv('STRAP_TEST_RESULT'))
local TIMEOUT = tonumber(os.getenv('STRAP_TEST_WAIT_MS') or '') or 60000

local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  if result.ok then vim.cmd('qall!') else vim.cmd('cquit! 1') end
end

local function step(name, detail)
  table.insert(result.steps, { name = name, detail = detail == nil and vim.NIL or detail })
end

local function check(cond, message)
  if not cond then error(message, 2) end
end

local function wait(what, predicate)
  check(vim.wait(TIMEOUT, predicate, 20), 'timed out waiting for ' .. what)
end

local function with_code(bufnr, code)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then table.insert(found, { line = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, message = d.message }) end
  end
  table.sort(found, function(a, b) return a.line < b.line or (a.line == b.line and a.col < b.col) end)
  return found
end

local function run()
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  step('filetype', vim.bo[bufnr].filetype)
  local id = vim.lsp.start_client({
    name = 'strap',
    cmd = { os.getenv('STRAP_NODE'), os.getenv('STRAP_BIN'), 'lsp', '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h:h'),
    init_options = { strap = { debian = { archive = os.getenv('STRAP_TEST_ARCHIVE') } } },
  })
  check(id ~= nil, 'the server did not start')
  vim.lsp.buf_attach_client(bufnr, id)

  wait('cycle errors', function() return #with_code(bufnr, 'debian-build-cycle') > 0 end)
  local errors = with_code(bufnr, 'debian-build-cycle')
  step('errors', errors)

  local first = errors[1]
  vim.api.nvim_win_set_cursor(0, { first.line + 1, first.col })
  local offered, chosen
  vim.ui.select = function(items, _, on_choice)
    offered = {}
    local pick
    for _, item in ipairs(items) do
      local action = item[2]
      table.insert(offered, { title = action.title, isPreferred = action.isPreferred == true })
      if action.isPreferred and not pick then pick = item end
    end
    chosen = pick and pick[2].title or vim.NIL
    on_choice(pick)
  end
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  vim.lsp.buf.code_action()
  wait('the code action menu', function() return offered ~= nil end)
  step('code actions', { offered = offered, chosen = chosen })
  check(chosen ~= vim.NIL, 'no preferred code action')
  wait('the edit to be applied', function() return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick end)
  vim.cmd('write')
  step('written', table.concat(vim.fn.readfile(file), '\n'))

  wait('the errors to turn into information', function()
    return #with_code(bufnr, 'debian-build-cycle') == 0 and #with_code(bufnr, 'debian-build-cycle-broken') > 0
  end)
  step('information', with_code(bufnr, 'debian-build-cycle-broken'))
  result.ok = true
end

local ok, err = pcall(run)
if not ok then result.error = tostring(err) end
finish()
