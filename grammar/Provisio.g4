// Provisio: the policy language. Lexer and parser in one grammar; the
// generated C++ goes to the build tree (never committed).
grammar Provisio;

file : item* EOF ;

item
  : policyDecl
  | useDecl
  | calendarDecl
  | paramDecl
  | provisionDecl
  | groupDecl
  | recordDecl
  | listDecl
  | eventDecl
  | amendDecl
  ;

policyDecl   : 'policy' policyId title=STRING? policyClause* ;
policyClause : 'source' STRING                  # policySource
             | 'effective' window               # policyWindow
             | 'calendar' IDENT                 # policyCalendar
             ;
policyId     : IDENT ('-' (IDENT | INT))* ;

useDecl      : 'use' STRING ;

calendarDecl   : 'calendar' IDENT title=STRING? calendarClause* ;
calendarClause : 'years' from=INT '..' to=INT           # calendarYears
               | 'weekend' IDENT*                       # calendarWeekend
               | 'holiday' from=DATE ('..' to=DATE)?    # calendarHoliday
               | 'workday' DATE                 # calendarWorkday
               ;

// The facts schema: facts in groups, records and lists of them, the default event.
groupDecl   : 'group' name title=STRING? '{' fieldDecl* '}' ;
recordDecl  : 'record' name title=STRING? '{' fieldDecl* '}' ;
fieldDecl   : name ':' fieldType bound? opt='optional'? description=STRING? ;
fieldType   : name                                           # namedType
            | 'enum' '{' enumWord (','? enumWord)* ','? '}'  # enumType
            ;
enumWord    : name label=STRING? ;
bound       : ('>=' | '≥') min=literal                       # minBound
            | lo=literal '..' hi=literal                     # rangeBound
            ;
listDecl    : 'list' list=name ':' record=name title=STRING? ;
eventDecl   : 'event' name ('.' name)* ;

paramDecl    : 'param' name ':' type=name ('=' expr ('cite' cite=STRING)?)? datedValue* ;
// A value in force from a date (to a date, or until the next), or a declared
// stretch with none; read on the provision's event date.
datedValue   : 'from' from=DATE ('to' to=DATE)? ('=' expr | none='none') ('cite' cite=STRING)? ;

// A later notice changing an inherited policy without restating it: more
// dated values of one of its params, or a provision's new window.
amendDecl    : 'amend' qualifiedRef (datedValue+ | 'effective' window ('cite' cite=STRING)?) ;

provisionDecl : 'provision' IDENT title=STRING? ('extends' qualifiedRef)? provisionClause* ;
qualifiedRef  : policyId '.' IDENT ;

provisionClause
  : 'cite' STRING                                          # citeClause
  | 'effective' window                                     # effectiveClause
  | 'event' expr                                           # eventClause
  | 'let' name title=STRING? '=' expr                      # letClause
  | 'require' (label=name ':')? expr ('else' reason=STRING)? ('cite' cite=STRING)?       # requireClause
  | 'output' name title=STRING? ':' type=name '=' expr     # outputClause
  | 'exception' name 'when' expr ('cite' cite=STRING)?
        (grants='eligible')? '{' assignment* '}'                  # exceptionClause
  | 'override' name '=' expr                              # overrideClause
  | 'drop' name                                           # dropClause
  // How the public is served (for `provisio doc`): 经办渠道, 申请流程, 申报材料,
  // 办理期限, 资金来源, 牵头部门; whom it serves; the article's own words.
  | 'service' key=name (STRING (',' STRING)* | duration)   # serviceClause
  | 'serves' STRING (',' STRING)*                          # servesClause
  | 'quote' STRING+                                        # quoteClause
  ;
assignment : name '=' expr ;

window : from=DATE '..' to=DATE? ;

expr
  : primary                                                # primaryExpr
  | '-' expr                                               # negExpr
  | expr op=('*' | '×' | '/') expr                         # mulExpr
  | expr op=('+' | '-') expr                               # addExpr
  | expr 'within' duration 'of' expr                       # withinExpr
  | 'within' duration 'of' expr                            # withinEventExpr
  | expr 'in' expr '..' expr                               # rangeExpr
  | expr 'in' '[' expr (',' expr)* ']'                     # setExpr
  | expr op=('==' | '!=' | '<' | '<=' | '>' | '>=' | '≤' | '≥') expr  # compareExpr
  | 'not' expr                                             # notExpr
  | expr 'and' expr                                        # andExpr
  | expr 'or' expr                                         # orExpr
  | 'if' expr 'then' expr 'else' expr                      # ifExpr
  ;

primary
  : literal                                                # literalPrimary
  | duration                                               # durationPrimary
  | 'event'                                                # eventPrimary
  | 'tier' expr '{' band+ '}'                              # tierPrimary
  | 'first' '{' arm+ ('else' '=>' expr)? '}'               # firstPrimary
  | kind=('count' | 'any') '(' list=name ('where' expr)? ')'  # listPrimary
  | callee=name '(' (expr (',' expr)*)? ')'                # callPrimary
  | name ('.' name)*                                       # namePrimary
  | '(' expr ')'                                           # parenPrimary
  ;

band
  : 'below' hi=literal '=>' expr                           # belowBand
  | lo=literal '..<' hi=literal '=>' expr                  # halfOpenBand
  | lo=literal '..' hi=literal? '=>' expr                  # closedBand
  | at=literal '=>' expr                                   # pointBand
  ;
arm : cond=expr '=>' value=expr ;

duration : count=INT unit=('year' | 'years' | 'month' | 'months' | 'day' | 'days')
         | count=INT working='working' ('day' | 'days') ;

literal
  : neg='-'? (INT | DECIMAL | PERCENT | MONEY)
  | DATE
  | STRING
  | 'true'
  | 'false'
  ;

// Field names may be words that are keywords elsewhere (`training.days`, `hire.date`).
name : IDENT | 'date' | 'days' | 'day' | 'years' | 'year' | 'months' | 'month' | 'source'
     | 'group' | 'record' | 'list' | 'enum' | 'optional' | 'weekend' | 'service' | 'serves' | 'quote'
     | 'from' | 'to' | 'none' | 'amend' ;

DATE    : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
MONEY   : DIGIT+ ('.' DIGIT+)? ' '* '元' ;
PERCENT : DIGIT+ ('.' DIGIT+)? '%' ;
DECIMAL : DIGIT+ '.' DIGIT+ ;
INT     : DIGIT+ ;
STRING  : '"' (~["\\\r\n] | '\\' ["\\nt])* '"' ;
IDENT   : [\p{XID_Start}_] [\p{XID_Continue}]* ;

LINE_COMMENT : ('//' | '#') ~[\r\n]* -> channel(HIDDEN) ;
WS           : [ \t\r\n\u3000]+ -> channel(HIDDEN) ;
UNKNOWN_CHAR : . ;

fragment DIGIT : [0-9] ;
