" strap for Vim with ALE (https://github.com/dense-analysis/ale, Debian's
" vim-ale): runs the strap language server (`strap lsp --stdio`) on bootstrap
" files. Source it after ALE is loaded (`packadd ale`), e.g. from your vimrc:
"
"   packadd ale
"   source /path/to/strap/client-samples/vim-ale/strap.vim
"
" Bootstrap files (bootstrap.yaml, *.bootstrap.json, …) get the compound
" filetype `yaml.bootstrap` / `json.bootstrap` / `jsonc.bootstrap`: Vim's YAML
" or JSON syntax still applies, and ALE runs the `strap` linter, defined for
" the `bootstrap` part, on those files only.

" The server: this checkout's bin/strap.js when the sample sits in one, else
" `strap` on PATH. Override with `let g:ale_strap_executable = '/path/to/strap'`.
let s:checkout_server = expand('<sfile>:p:h:h:h') . '/bin/strap.js'
call ale#Set('strap_executable', filereadable(s:checkout_server) ? s:checkout_server : 'strap')
" Settings sent with workspace/didChangeConfiguration (the `strap` section:
" severity, files, inlayHints, debounceMs, projectRoot).
call ale#Set('strap_config', {})

augroup strap_bootstrap_filetype
  autocmd!
  autocmd BufNewFile,BufRead bootstrap.yaml,bootstrap.yml,*.bootstrap.yaml,*.bootstrap.yml setlocal filetype=yaml.bootstrap
  autocmd BufNewFile,BufRead bootstrap.json,*.bootstrap.json setlocal filetype=json.bootstrap
  autocmd BufNewFile,BufRead bootstrap.jsonc,*.bootstrap.jsonc setlocal filetype=jsonc.bootstrap
augroup END

" The workspace: the nearest folder above the file holding .git, else the file's folder.
function! StrapProjectRoot(buffer) abort
  let l:git = ale#path#FindNearestDirectory(a:buffer, '.git')
  return empty(l:git) ? fnamemodify(bufname(a:buffer), ':p:h') : fnamemodify(l:git, ':h:h')
endfunction

" `yaml.bootstrap` → `yaml`: the languageId the server is told.
function! StrapLanguage(buffer) abort
  return split(getbufvar(a:buffer, '&filetype'), '\.')[0]
endfunction

call ale#linter#Define('bootstrap', {
\   'name': 'strap',
\   'lsp': 'stdio',
\   'executable': {buffer -> ale#Var(buffer, 'strap_executable')},
\   'command': '%e lsp --stdio',
\   'project_root': function('StrapProjectRoot'),
\   'language': function('StrapLanguage'),
\   'lsp_config': {buffer -> {'strap': ale#Var(buffer, 'strap_config')}},
\})
