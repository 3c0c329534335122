-- Run inside headless Neovim by neovim.sh: waits for the server's
-- diagnostics on the open buffer, asks for a hover, and writes what the
-- client received as JSON to $PROVISIO_NVIM_OUT.
local out = os.getenv('PROVISIO_NVIM_OUT')
local result = { filetype = vim.bo.filetype }
local got = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
result.waited = got
result.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, message = d.message, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) })
end
-- The syntax file's group under the first word of the buffer.
result.syntax = vim.fn.synIDattr(vim.fn.synID(1, 1, 1), 'name')
local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = tonumber(os.getenv('PROVISIO_HOVER_LINE')), character = tonumber(os.getenv('PROVISIO_HOVER_CHAR')) } }
local replies = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 10000) or {}
for _, reply in pairs(replies) do
  if reply.result then result.hover = reply.result.contents.value end
end
local f = io.open(out, 'w')
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd('qall!')
