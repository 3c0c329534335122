-- Attaches `provisio lsp` to every Provisio buffer (filetype `provisio`,
-- from editors/vim). Works on Neovim 0.7 and later:
--   require('provisio').setup({ cmd = { 'provisio', 'lsp', '--policy-path', 'policies' } })
local M = {}

function M.setup(opts)
  opts = opts or {}
  local cmd = opts.cmd or { 'provisio', 'lsp' }
  local client_id
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'provisio',
    callback = function(args)
      local root = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ':p:h')
      local config = { name = 'provisio', cmd = cmd, root_dir = root }
      if vim.lsp.start then  -- Neovim 0.8+
        vim.lsp.start(config, { bufnr = args.buf })
        return
      end
      if not client_id or vim.lsp.client_is_stopped(client_id) then client_id = vim.lsp.start_client(config) end
      vim.lsp.buf_attach_client(args.buf, client_id)
    end,
  })
end

return M
