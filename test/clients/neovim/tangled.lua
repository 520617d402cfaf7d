-- Driven by test/clients/neovim.test.js (the tangled file):
--   nvim --headless -u client-samples/neovim/init.lua -c 'luafile test/clients/neovim/tangled.lua'
-- with STRAP_TEST_FILE (a temp copy of test/clients/fixtures/tangled.bootstrap.yaml,
-- where gcc is in two cycles) and STRAP_TEST_RESULT. Records the cycle
-- diagnostics, applies the preferred quick fix at the first one as a user
-- does (vim.lsp.buf.code_action, the preferred action picked in
-- vim.ui.select), writes the file, and records the diagnostics once they
-- settle. The JavaScript side judges them.

local result = { steps = {}, ok = false }
local file = assert(os.getenv('STRAP_TEST_FILE'), 'STRAP_TEST_FILE not set')
local out = assert(os.getenv('STRAP_TEST_RESULT'), 'STRAP_TEST_RESULT not set')
local TIMEOUT = tonumber(os.getenv('STRAP_TEST_WAIT_MS') or '') or 20000
local SETTLE_MS = 1500

local function step(name, detail)
  table.insert(result.steps, { name = name, detail = detail == nil and vim.NIL or detail })
end

local function check(cond, message)
  if not cond then error(message, 2) end
end

local function wait(what, predicate)
  check(vim.wait(TIMEOUT, predicate, 20), 'timed out waiting for ' .. what)
end

local changes = 0
vim.api.nvim_create_autocmd('DiagnosticChanged', { callback = function() changes = changes + 1 end })

-- Waits until the diagnostics have changed at least `after` times and then
-- stayed put for SETTLE_MS.
local function settle(what, after)
  wait(what, function() return changes > after end)
  local seen = changes
  local quiet_since = vim.loop.now()
  wait(what .. ' to settle', function()
    if changes ~= seen then
      seen = changes
      quiet_since = vim.loop.now()
    end
    return vim.loop.now() - quiet_since >= SETTLE_MS
  end)
end

local function cycles(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == 'build-cycle' then table.insert(found, d) end
  end
  table.sort(found, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return found
end

local function describe(list)
  return vim.tbl_map(function(d) return { line = d.lnum, col = d.col, message = d.message } end, list)
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  settle('the first diagnostics', 0)
  local before = cycles(bufnr)
  step('diagnostics', describe(before))
  check(#before > 0, 'no build-cycle diagnostics')

  local first = before[1]
  vim.api.nvim_win_set_cursor(0, { first.lnum + 1, first.col })
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
  local changes_before = changes
  vim.lsp.buf.code_action()
  wait('the code action menu', function() return offered ~= nil end)
  step('code actions', { offered = offered, chosen = chosen, at = { line = first.lnum, col = first.col, message = first.message } })
  check(chosen ~= vim.NIL, 'no preferred code action among ' .. #offered)
  wait('the preferred edit to be applied', function() return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick end)
  vim.cmd('write')
  settle('the diagnostics after the fix', changes_before)
  step('written', table.concat(vim.fn.readfile(file), '\n') .. '\n')
  step('diagnostics after fix', describe(cycles(bufnr)))
  result.ok = true
end

local ok, err = pcall(run)
if not ok then result.error = tostring(err) end
local f = io.open(out, 'w')
f:write(vim.fn.json_encode(result))
f:close()
if result.ok then vim.cmd('qall!') else vim.cmd('cquit! 1') end
