" Provisio: the layout `provisio fmt` writes (two spaces), `//` comments,
" and `gq` through the formatter.
if exists('b:did_ftplugin') | finish | endif
let b:did_ftplugin = 1
setlocal expandtab shiftwidth=2 softtabstop=2 tabstop=8
setlocal commentstring=//\ %s comments=://
setlocal formatprg=provisio\ fmt\ -
let b:undo_ftplugin = 'setlocal expandtab< shiftwidth< softtabstop< tabstop< commentstring< comments< formatprg<'
