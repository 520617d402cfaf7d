" Driven by test/clients/vim-ale.test.js:
"   vim -N -X -n -i NONE --not-a-term -u client-samples/vim-ale/vimrc -c 'source test/clients/vim-ale/test.vim'
" with STRAP_TEST_FILE (a temp bootstrap file with build cycles) and
" STRAP_TEST_RESULT (where the JSON report goes). Every step is recorded; the
" first failure stops the run. The waits are :sleep loops, during which Vim
" runs ALE's job and channel callbacks and timers.

let s:result = {'steps': [], 'ok': v:false}
" Only the sample's linter: ALE would also start any other YAML language
" server it finds on PATH (npm test puts yaml-language-server there), and
" ask each for code actions.
let g:ale_linters_explicit = 1
let g:ale_linters = {'bootstrap': ['strap']}
let s:file = $STRAP_TEST_FILE
let s:timeout_ms = empty($STRAP_TEST_WAIT_MS) ? 20000 : str2nr($STRAP_TEST_WAIT_MS)

function! s:Step(name, detail) abort
  call add(s:result.steps, {'name': a:name, 'detail': a:detail})
endfunction

function! s:Check(cond, message) abort
  if !a:cond
    throw 'check failed: ' . a:message
  endif
endfunction

function! s:Wait(what, Predicate) abort
  let l:waited = 0
  while !a:Predicate()
    if l:waited >= s:timeout_ms
      throw 'timed out waiting for ' . a:what
    endif
    sleep 20m
    let l:waited += 20
  endwhile
endfunction

" ALE's own list of the buffer's problems (with code and linter name).
function! s:Cycles() abort
  let l:info = get(g:ale_buffer_info, bufnr(''), {})
  return filter(copy(get(l:info, 'loclist', [])), {_, e -> get(e, 'code', '') is# 'build-cycle' && e.linter_name is# 'strap'})
endfunction

function! s:LocCycles() abort
  return filter(getloclist(0), {_, e -> e.text =~# '^build-cycle:'})
endfunction

function! s:Describe(list) abort
  return map(copy(a:list), {_, e -> {'lnum': e.lnum, 'col': e.col, 'end_col': get(e, 'end_col', 0), 'text': e.text}})
endfunction

let s:menu = v:null
function! s:OnMenu(data, actions) abort
  let s:menu = a:actions
endfunction

let s:prompts = []
let s:answer = ''

function! s:Run() abort
  call s:Step('vim', v:version . ' ale ' . (exists('*ale#Has') ? 'loaded' : 'missing'))
  execute 'edit' fnameescape(s:file)
  call s:Step('filetype', &filetype)
  call s:Check(&filetype is# 'yaml.bootstrap', 'the sample sets filetype yaml.bootstrap, got ' . &filetype)
  let l:original_count = 0

  " 1. ALE starts strap and puts its diagnostics in the location list.
  call s:Wait('build-cycle diagnostics in the location list', {-> len(s:LocCycles()) > 0 && len(s:Cycles()) > 0})
  sleep 300m
  let l:before = s:Cycles()
  call s:Step('diagnostics', s:Describe(s:LocCycles()))
  call s:Step('ale loclist', map(copy(l:before), {_, e -> {'lnum': e.lnum, 'col': e.col, 'code': e.code}}))

  " 2. The cursor on the first cycle diagnostic; the actions ALE gets there.
  let l:target = l:before[0]
  call cursor(l:target.lnum, l:target.col)
  call s:Step('cursor', {'lnum': l:target.lnum, 'col': l:target.col, 'word': expand('<cword>')})
  call ale#codefix#Execute(0, function('s:OnMenu'))
  call s:Wait('the code actions', {-> s:menu isnot v:null})
  let l:actions = map(copy(s:menu), {_, a -> {'title': a[1].title, 'isPreferred': get(a[1], 'isPreferred', v:false), 'hasEdit': has_key(a[1], 'edit')}})
  call s:Step('offered', l:actions)
  let l:preferred = -1
  for l:i in range(len(l:actions))
    if l:actions[l:i].isPreferred
      let l:preferred = l:i
      break
    endif
  endfor
  call s:Check(l:preferred >= 0, 'a preferred action is offered')

  " 3. :ALECodeAction as a user runs it: ALE lists the actions and asks for a
  " number; the answer is the preferred one's.
  let s:answer = string(l:preferred + 1)
  let l:tick = b:changedtick
  ALECodeAction
  call s:Wait('the code action to edit the buffer', {-> b:changedtick != l:tick})
  call s:Step('prompt', s:prompts)
  call s:Step('chosen', l:actions[l:preferred].title)
  call s:Check(&modified, 'the buffer is modified')
  write
  call s:Step('written', join(readfile(s:file), "\n") . "\n")

  " 4. The diagnostics follow the saved file.
  call s:Wait('fewer cycle diagnostics', {-> len(s:Cycles()) < len(l:before)})
  sleep 300m
  call s:Step('diagnostics after fix', s:Describe(s:LocCycles()))
  let s:result.ok = v:true
endfunction

" ale#util#Input wraps input(); a test cannot type, so the answer is given here.
runtime autoload/ale/util.vim
function! ale#util#Input(message, value, ...) abort
  call add(s:prompts, a:message)
  return s:answer
endfunction

try
  call s:Run()
catch
  let s:result.error = v:exception . ' at ' . v:throwpoint
endtry
call writefile([json_encode(s:result)], $STRAP_TEST_RESULT)
if s:result.ok
  qall!
else
  cquit! 1
endif
