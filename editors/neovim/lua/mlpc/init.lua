-- mlpc's language server in Neovim, without plugins: 0.8+ through vim.lsp.start, 0.7 through
-- vim.lsp.start_client + buf_attach_client. yaml-language-server (schema completion through the
-- `# yaml-language-server: $schema=...` comment) can run beside it; both attach to YAML buffers.
--
--   require('mlpc').setup()                                    -- `mlpc` on PATH
--   require('mlpc').setup({ cmd = { 'npx', '--no-install', 'mlpc', 'lsp', '--stdio' } })
local M = {}

local defaults = {
  cmd = { 'mlpc', 'lsp', '--stdio' },
  -- The server decides per file: specs (a top-level `mlpc:` key) and mlpc.config.yaml get
  -- diagnostics, other YAML files nothing.
  filetypes = { 'yaml' },
  root_markers = { 'mlpc.config.yaml', 'mlpc.config.yml', 'package.json', '.git' },
}

local function find_root(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.fn.getcwd()
  for _, marker in ipairs(markers) do
    local found = vim.fn.findfile(marker, dir .. ';')
    if found == '' then found = vim.fn.finddir(marker, dir .. ';') end
    if found ~= '' then return vim.fn.fnamemodify(found, ':p:h'):gsub('/%.git/?$', '') end
  end
  return dir
end

local clients = {} -- root directory -> client id (Neovim 0.7, which has no vim.lsp.start)

local function attach(bufnr, options)
  local root = find_root(bufnr, options.root_markers)
  local config = { name = 'mlpc', cmd = options.cmd, root_dir = root, on_attach = options.on_attach, capabilities = options.capabilities }
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
