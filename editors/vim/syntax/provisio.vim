" Vim syntax file for the Provisio policy language (.prv).
if exists('b:current_syntax') | finish | endif

syntax case match
syntax iskeyword @,48-57,_,192-255

syntax keyword provisioDeclaration policy provision param group record list calendar use amend
syntax keyword provisioClause source effective cite extends let require output exception when eligible override drop service serves quote from to years weekend holiday workday optional event
syntax keyword provisioConditional if then else tier below first where within of in
syntax keyword provisioOperator and or not
syntax keyword provisioType bool int decimal rate money date text enum
syntax keyword provisioUnit year years month months day days working
syntax keyword provisioConstant true false none self
syntax match provisioFunction /\<\(age\|year\|round\|ratio\|max\|min\|present\|count\|any\)\ze\s*(/

syntax match provisioDate    /\<\d\{4}-\d\d-\d\d\>/
syntax match provisioMoney   /\<\d\+\(\.\d\+\)\? *元/
syntax match provisioPercent /\<\d\+\(\.\d\+\)\?%/
syntax match provisioNumber  /\<\d\+\(\.\d\+\)\?\>/
syntax region provisioString start=/"/ skip=/\\[\\"]/ end=/"\|$/ contains=provisioEscape oneline
syntax match provisioEscape /\\[\\"nt]/ contained
syntax match provisioComment "\(//\|#\).*$" contains=@Spell

highlight default link provisioDeclaration Keyword
highlight default link provisioClause Statement
highlight default link provisioConditional Conditional
highlight default link provisioOperator Operator
highlight default link provisioType Type
highlight default link provisioUnit Special
highlight default link provisioConstant Constant
highlight default link provisioFunction Function
highlight default link provisioDate Number
highlight default link provisioMoney Number
highlight default link provisioPercent Number
highlight default link provisioNumber Number
highlight default link provisioString String
highlight default link provisioEscape SpecialChar
highlight default link provisioComment Comment

let b:current_syntax = 'provisio'
