-- mlpc's language server in Neovim, without plugins: 0.8+ through vim.lsp.start, 0.7 through
-- vim.lsp.start_client + buf_attach_client. yaml-language-server (schema completion through the
-- `# yaml-language-server: $schema=...` comment) can run beside it; both attach to YAML buffers.
--
--   require('mlpc').setup()                                       -- finds mlpc itself (below)
--   require('mlpc').setup({ cmd = { '/path/to/mlpc', 'lsp', '--stdio' } })
--
-- Without `cmd`, the server is the first of, searching upward from the buffer's folder: the project's
-- node_modules/.bin/mlpc (mlpc as a dependency), a checkout of mlpc itself (its bin/mlpc.js, as in a
-- clone, where `npm ci` puts no mlpc on the PATH); then `mlpc` on the PATH; then the checkout this
-- plugin was loaded from. Completion: the buffer's omnifunc is set to the LSP's (<C-x><C-o>), unless
-- setup({ omnifunc = false }).
local M = {}

local defaults = {
  cmd = nil,
  -- The server decides per file: specs (a top-level `mlpc:` key) and mlpc.config.yaml get
  -- diagnostics, other YAML files nothing.
  filetypes = { 'yaml' },
  root_markers = { 'mlpc.config.yaml', 'mlpc.config.yml', 'package.json', '.git' },
  omnifunc = true,
}

local function buffer_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  return name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.fn.getcwd()
end

local function find_root(bufnr, markers)
  local dir = buffer_dir(bufnr)
  for _, marker in ipairs(markers) do
    local found = vim.fn.findfile(marker, dir .. ';')
    if found == '' then found = vim.fn.finddir(marker, dir .. ';') end
    if found ~= '' then return (vim.fn.fnamemodify(found, ':p:h'):gsub('/%.git/?$', '')) end
  end
  return dir
end

local function is_mlpc_checkout(dir)
  if vim.fn.filereadable(dir .. '/bin/mlpc.js') == 0 or vim.fn.filereadable(dir .. '/package.json') == 0 then return false end
  return table.concat(vim.fn.readfile(dir .. '/package.json'), '\n'):match('"name"%s*:%s*"mlpc"') ~= nil
end

-- This file is <checkout>/editors/neovim/lua/mlpc/init.lua.
local plugin_checkout = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h:h:h')

--- The command that starts the server for a buffer, or nil when there is no mlpc to start.
function M.find_cmd(bufnr)
  local dir = buffer_dir(bufnr)
  while true do
    local local_bin = dir .. '/node_modules/.bin/mlpc'
    if vim.fn.executable(local_bin) == 1 then return { local_bin, 'lsp', '--stdio' } end
    if is_mlpc_checkout(dir) then return { 'node', dir .. '/bin/mlpc.js', 'lsp', '--stdio' } end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then break end
    dir = parent
  end
  if vim.fn.executable('mlpc') == 1 then return { 'mlpc', 'lsp', '--stdio' } end
  if is_mlpc_checkout(plugin_checkout) then return { 'node', plugin_checkout .. '/bin/mlpc.js', 'lsp', '--stdio' } end
  return nil
end

local clients = {} -- root directory -> client id (Neovim 0.7, which has no vim.lsp.start)
local warned = false

local function attach(bufnr, options)
  local cmd = options.cmd or M.find_cmd(bufnr)
  if not cmd then
    if not warned then
      vim.notify('mlpc: no mlpc found (node_modules/.bin/mlpc above this file, or mlpc on the PATH); install it or pass setup({ cmd = ... })', vim.log.levels.WARN)
      warned = true
    end
    return
  end
  local root = find_root(bufnr, options.root_markers)
  local on_attach = function(client, attached)
    if options.omnifunc then vim.api.nvim_buf_set_option(attached, 'omnifunc', 'v:lua.vim.lsp.omnifunc') end
    if options.on_attach then options.on_attach(client, attached) end
  end
  local config = { name = 'mlpc', cmd = cmd, root_dir = root, on_attach = on_attach, capabilities = options.capabilities }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    clients[root] = id
  end
  if id then vim.lsp.buf_attach_client(bufnr, id) end
end

function M.setup(options)
  options = vim.tbl_extend('force', defaults, options or {})
  local group = vim.api.nvim_create_augroup('mlpc_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = options.filetypes,
    callback = function(event) attach(event.buf, options) end,
  })
  -- Buffers already open when setup() runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(options.filetypes, vim.bo[bufnr].filetype) then attach(bufnr, options) end
  end
end

return M
