" Provisio policy files.
autocmd BufRead,BufNewFile *.prv setfiletype provisio
