-- Driven by test/clients/neovim.test.js:
--   nvim --headless -u client-samples/neovim/init.lua -c 'luafile test/clients/neovim/test.lua'
-- with STRAP_TEST_FILE (a temp copy of examples/broken.bootstrap.yaml) and
-- STRAP_TEST_RESULT (where the JSON report goes). Every step is recorded;
-- the first failure stops the run. Exits with :qall! (or :cquit on failure).

local result = { steps = {}, ok = false }
local file = assert(os.getenv('STRAP_TEST_FILE'), 'STRAP_TEST_FILE not set')
local out = assert(os.getenv('STRAP_TEST_RESULT'), 'STRAP_TEST_RESULT not set')
local TIMEOUT = tonumber(os.getenv('STRAP_TEST_WAIT_MS') or '') or 20000

local function json_encode(value)
  return vim.fn.json_encode(value)
end

local function finish()
  local f = io.open(out, 'w')
  f:write(json_encode(result))
  f:close()
  if result.ok then vim.cmd('qall!') else vim.cmd('cquit! 1') end
end

local function step(name, detail)
  table.insert(result.steps, { name = name, detail = detail == nil and vim.NIL or detail })
end

local function check(cond, message)
  if not cond then error(message, 2) end
end

local function read_file(path)
  local f = assert(io.open(path, 'r'))
  local text = f:read('*a')
  f:close()
  return text
end

local function strap_client(bufnr)
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == 'strap' then return client end
  end
end

local function cycles(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == 'build-cycle' then table.insert(found, d) end
  end
  table.sort(found, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return found
end

local function line_of(bufnr, pattern)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line:match(pattern) then return i - 1 end
  end
end

local function wait(what, predicate)
  local ok = vim.wait(TIMEOUT, predicate, 20)
  check(ok, 'timed out waiting for ' .. what)
end

local function describe_diags(list)
  return vim.tbl_map(function(d) return { line = d.lnum, col = d.col, code = d.code, message = d.message, severity = d.severity } end, list)
end

local function run()
  step('nvim', tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch)
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()

  -- 1. The sample's autocmd starts the server and attaches it.
  wait('the strap client to attach and initialise', function()
    local c = strap_client(bufnr)
    return c ~= nil and c.initialized == true
  end)
  local client = strap_client(bufnr)
  step('attached', { root_dir = client.config.root_dir, cmd = client.config.cmd })

  -- 2. Pushed diagnostics arrive: build-cycle on each entry of both cycles.
  wait('build-cycle diagnostics', function() return #cycles(bufnr) >= 4 end)
  local initial = cycles(bufnr)
  step('diagnostics', describe_diags(initial))
  check(#initial == 4, 'expected 4 build-cycle diagnostics, got ' .. #initial)
  for _, d in ipairs(initial) do
    check(d.severity == vim.diagnostic.severity.ERROR, 'build-cycle is an error by default')
  end

  -- 3. Settings reach the server through workspace/didChangeConfiguration.
  local strap = require('strap')
  local original = vim.deepcopy(strap.config.settings)
  local changed = vim.deepcopy(original)
  changed.strap.severity = { ['build-cycle'] = 'warning' }
  strap.update_settings(changed)
  wait('build-cycle downgraded to warning by settings', function()
    local list = cycles(bufnr)
    return #list == 4 and list[1].severity == vim.diagnostic.severity.WARN
  end)
  strap.update_settings(original)
  wait('build-cycle back to error', function()
    local list = cycles(bufnr)
    return #list == 4 and list[1].severity == vim.diagnostic.severity.ERROR
  end)
  step('settings', 'severity override applied and reverted')

  -- 4. The quick fix, as a user gets it: cursor on the first cycle entry,
  --    vim.lsp.buf.code_action(), pick the preferred action in vim.ui.select.
  local first = initial[1]
  vim.api.nvim_win_set_cursor(0, { first.lnum + 1, first.col })
  local offered, chosen
  vim.ui.select = function(items, opts, on_choice)
    offered = {}
    local pick
    for _, item in ipairs(items) do
      local action = item[2]
      table.insert(offered, { title = action.title, kind = action.kind or vim.NIL, isPreferred = action.isPreferred == true, hasEdit = action.edit ~= nil })
      if action.isPreferred and not pick then pick = item end
    end
    chosen = pick and pick[2].title or vim.NIL
    on_choice(pick)
  end
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  vim.lsp.buf.code_action()
  wait('the code action menu', function() return offered ~= nil end)
  step('code actions', { offered = offered, chosen = chosen })
  check(chosen ~= vim.NIL, 'no preferred code action among ' .. #offered)
  wait('the preferred edit to be applied', function() return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick end)
  vim.cmd('write')
  local on_disk = read_file(file)
  step('written after first fix', on_disk)
  check(on_disk:find('build-depends-bootstrap1', 1, true) ~= nil, 'the file on disk has no build-depends-bootstrap1')

  -- 5. The diagnostics of that cycle clear; the other cycle's stay.
  wait('the fixed cycle to clear', function() return #cycles(bufnr) == 2 end)
  local remaining = cycles(bufnr)
  step('diagnostics after first fix', describe_diags(remaining))

  -- 6. The other cycle, the way a script does it: request the actions for
  --    the line's diagnostics (byte columns, as Neovim 0.7 echoes them) and
  --    apply the preferred one's edit with vim.lsp.util.apply_workspace_edit.
  local second = remaining[1]
  vim.api.nvim_win_set_cursor(0, { second.lnum + 1, second.col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, second.lnum) }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, TIMEOUT)
  check(responses ~= nil, 'no codeAction response')
  local preferred
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      if action.isPreferred and not preferred then preferred = action end
    end
  end
  check(preferred ~= nil, 'no preferred action for the second cycle')
  check(preferred.edit ~= nil, 'the preferred action carries no edit')
  step('second preferred action', preferred.title)
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
  vim.cmd('write')
  wait('every build-cycle diagnostic to clear', function() return #cycles(bufnr) == 0 end)
  local fixed = read_file(file)
  step('written after second fix', fixed)
  local _, count = fixed:gsub('build%-depends%-bootstrap1', '')
  check(count == 2, 'expected two build-depends-bootstrap1 annotations on disk, found ' .. count)
  step('diagnostics after second fix', describe_diags(vim.diagnostic.get(bufnr)))

  -- 7. Completion inside a dependency list: type ", " after openssl's gcc.
  local ossl = line_of(bufnr, '^  openssl:')
  check(ossl ~= nil, 'no openssl package')
  ossl = ossl + 1
  local text = vim.api.nvim_buf_get_lines(bufnr, ossl, ossl + 1, false)[1]
  check(text:match('^%s+build%-depends: %[gcc%]') ~= nil, 'unexpected openssl line: ' .. text)
  local edited = text:gsub('%[gcc%]', '[gcc, ]')
  vim.api.nvim_buf_set_lines(bufnr, ossl, ossl + 1, false, { edited })
  local col = #edited - 1 -- just before ']'
  vim.api.nvim_win_set_cursor(0, { ossl + 1, col })
  local cparams = vim.lsp.util.make_position_params()
  local cresponses = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', cparams, TIMEOUT)
  check(cresponses ~= nil, 'no completion response')
  local labels = {}
  for _, response in pairs(cresponses) do
    local items = response.result and (response.result.items or response.result) or {}
    for _, item in ipairs(items) do table.insert(labels, item.label) end
  end
  step('completion', { line = edited, position = cparams.position, labels = labels })
  check(vim.tbl_contains(labels, 'tzdata'), 'completion lacks the package tzdata')
  check(not vim.tbl_contains(labels, 'gcc'), 'completion offers gcc, already listed')
  vim.cmd('silent! undo')

  -- 8. Go to definition: glibc in gcc's build-depends -> the `glibc:` key.
  local gcc_line = line_of(bufnr, '^%s+build%-depends: %[glibc')
  local target = line_of(bufnr, '^  glibc:')
  check(gcc_line and target, 'lines for the definition test not found')
  local gcc_text = vim.api.nvim_buf_get_lines(bufnr, gcc_line, gcc_line + 1, false)[1]
  vim.api.nvim_win_set_cursor(0, { gcc_line + 1, (gcc_text:find('glibc', 1, true)) })
  local dresponses = vim.lsp.buf_request_sync(bufnr, 'textDocument/definition', vim.lsp.util.make_position_params(), TIMEOUT)
  check(dresponses ~= nil, 'no definition response')
  local locations = {}
  for _, response in pairs(dresponses) do
    local r = response.result
    if r then
      if r.uri or r.targetUri then r = { r } end
      for _, loc in ipairs(r) do table.insert(locations, loc) end
    end
  end
  step('definition', { from_line = gcc_line, expected_line = target, locations = locations })
  check(#locations == 1, 'expected one definition, got ' .. #locations)
  local range = locations[1].range or locations[1].targetSelectionRange
  check(range.start.line == target, 'definition at line ' .. range.start.line .. ', expected ' .. target)
  check(vim.uri_to_fname(locations[1].uri or locations[1].targetUri) == vim.api.nvim_buf_get_name(bufnr), 'definition in another file')
  -- and the user's way: vim.lsp.buf.definition() moves the cursor there.
  vim.lsp.buf.definition()
  wait('the cursor to jump to the definition', function() return vim.api.nvim_win_get_cursor(0)[1] == target + 1 end)
  step('definition jump', vim.api.nvim_win_get_cursor(0))

  result.ok = true
end

local ok, err = xpcall(run, debug.traceback)
if not ok then result.error = tostring(err) end
finish()
