-- strap language server for Neovim 0.7 and later, without plugins.
--
--   require('strap').setup({
--     cmd = { 'strap', 'lsp', '--stdio' },      -- optional, see M.default_cmd()
--     settings = { strap = { severity = { ['bootstrap-set-unused'] = 'off' } } },
--   })
--
-- Starts one `strap lsp --stdio` per project root for the bootstrap files
-- (bootstrap.{yaml,yml,json,jsonc} and *.bootstrap.{yaml,yml,json,jsonc}),
-- attaches it to every such buffer, and sends the settings with
-- `workspace/didChangeConfiguration` once the server is initialised (Neovim
-- 0.7 does not advertise `workspace/configuration`, so that is the only way
-- they reach the server). Adds :StrapPlan and :StrapGraph.

local M = {}

local uv = vim.loop

--- File name patterns of bootstrap files (autocmd patterns: matched against the file's tail).
M.patterns = {
  'bootstrap.yaml', 'bootstrap.yml', 'bootstrap.json', 'bootstrap.jsonc',
  '*.bootstrap.yaml', '*.bootstrap.yml', '*.bootstrap.json', '*.bootstrap.jsonc',
}

--- Files or folders that mark a project root (the server's workspace folder).
M.root_markers = { '.git', '.hg', '.strap-root', 'package.json' }

M.config = {
  cmd = nil,
  settings = {
    strap = {
      severity = vim.empty_dict(),
      inlayHints = { enable = true },
      debounceMs = 150,
    },
  },
  root_markers = nil,
  on_attach = nil,
  capabilities = nil,
}

local clients = {} -- root dir -> client id

local function file_readable(path)
  local stat = uv.fs_stat(path)
  return stat ~= nil and stat.type == 'file'
end

local function dirname(path)
  return (path:gsub('/+$', ''):match('^(.*)/[^/]*$')) or '/'
end

--- This file's folder: client-samples/neovim/lua.
local function here()
  local source = debug.getinfo(1, 'S').source
  if source:sub(1, 1) == '@' then source = source:sub(2) end
  return dirname(vim.fn.fnamemodify(source, ':p'))
end

--- The command that starts the server: the repository's bin/strap.js when
--- this file is used from a strap checkout (client-samples/neovim/lua/strap.lua),
--- else `strap` from PATH.
function M.default_cmd()
  local repo_bin = here() .. '/../../../bin/strap.js'
  if file_readable(repo_bin) and vim.fn.executable('node') == 1 then
    return { 'node', vim.fn.fnamemodify(repo_bin, ':p'), 'lsp', '--stdio' }
  end
  return { 'strap', 'lsp', '--stdio' }
end

--- Whether a file name is a bootstrap file.
function M.is_bootstrap_file(name)
  local tail = name:match('[^/]*$') or ''
  return tail:match('^bootstrap%.ya?ml$') ~= nil
    or tail:match('^bootstrap%.jsonc?$') ~= nil
    or tail:match('.%.bootstrap%.ya?ml$') ~= nil
    or tail:match('.%.bootstrap%.jsonc?$') ~= nil
end

--- The nearest ancestor folder holding a root marker, else the file's folder.
function M.find_root(fname)
  local markers = M.config.root_markers or M.root_markers
  local dir = dirname(fname)
  local start = dir
  while dir and dir ~= '' do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(dir .. '/' .. marker) then return dir end
    end
    local parent = dirname(dir)
    if parent == dir then break end
    dir = parent
  end
  return start
end

local function show_in_scratch(title, text, filetype)
  vim.cmd('botright new')
  local buf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(text, '\n', true))
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].swapfile = false
  vim.bo[buf].modifiable = false
  if filetype then vim.bo[buf].filetype = filetype end
  pcall(vim.api.nvim_buf_set_name, buf, title)
end

--- Runs strap.showPlan / strap.showGraph for the current buffer's file and
--- returns the text (or nil and an error message).
function M.run_command(command, options, bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local args = { vim.uri_from_bufnr(bufnr) }
  if options ~= nil then table.insert(args, options) end
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'workspace/executeCommand', { command = command, arguments = args }, 10000)
  if not responses then return nil, err or 'no response' end
  for _, response in pairs(responses) do
    if response.error then return nil, response.error.message end
    if type(response.result) == 'string' then return response.result end
  end
  return nil, 'no bootstrap file analysed'
end

local function attach(bufnr)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if fname == '' or not M.is_bootstrap_file(fname) then return end
  local root = M.find_root(vim.fn.fnamemodify(fname, ':p'))
  local id = clients[root]
  if id and not vim.lsp.get_client_by_id(id) then id = nil end
  if not id then
    local config = M.config
    id = vim.lsp.start_client({
      name = 'strap',
      cmd = config.cmd or M.default_cmd(),
      root_dir = root,
      settings = config.settings,
      capabilities = config.capabilities,
      flags = { debounce_text_changes = 150 },
      on_init = function(client)
        -- Neovim 0.7 neither advertises workspace/configuration nor pushes
        -- settings by itself: send them once the server is up.
        client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
        return true
      end,
      on_attach = config.on_attach,
    })
    if not id then
      vim.notify('strap: could not start ' .. table.concat(config.cmd or M.default_cmd(), ' '), vim.log.levels.ERROR)
      return
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- Pushes new settings to every running strap server (`{ strap = {...} }`).
function M.update_settings(settings)
  M.config.settings = settings
  for _, id in pairs(clients) do
    local client = vim.lsp.get_client_by_id(id)
    if client then
      client.config.settings = settings
      client.notify('workspace/didChangeConfiguration', { settings = settings })
    end
  end
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', M.config, opts or {})
  local group = vim.api.nvim_create_augroup('strap_lsp', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
    group = group,
    pattern = M.patterns,
    callback = function(args) attach(args.buf) end,
    desc = 'start or attach the strap language server',
  })
  -- Also when a plugin or modeline sets the filetype of an already loaded buffer.
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = { 'yaml', 'json', 'jsonc' },
    callback = function(args) attach(args.buf) end,
  })
  vim.api.nvim_create_user_command('StrapPlan', function(cmd)
    local text, err = M.run_command('strap.showPlan', cmd.args ~= '' and cmd.args or nil)
    if not text then return vim.notify('strap: ' .. tostring(err), vim.log.levels.WARN) end
    show_in_scratch('strap plan', text, cmd.args == 'json' and 'json' or nil)
  end, { nargs = '?', complete = function() return { 'text', 'json', 'mermaid', 'dot' } end, desc = 'show the bootstrap plan' })
  vim.api.nvim_create_user_command('StrapGraph', function(cmd)
    local options = { format = cmd.args == 'dot' and 'dot' or 'mermaid', cyclesOnly = cmd.bang }
    local text, err = M.run_command('strap.showGraph', options)
    if not text then return vim.notify('strap: ' .. tostring(err), vim.log.levels.WARN) end
    show_in_scratch('strap graph', text, options.format == 'dot' and 'dot' or nil)
  end, { nargs = '?', bang = true, complete = function() return { 'mermaid', 'dot' } end, desc = 'show the build graph (! for cycles only)' })
  -- Buffers already open when setup runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then attach(bufnr) end
  end
end

return M
