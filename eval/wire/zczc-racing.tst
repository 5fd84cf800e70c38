ZCZC FMG000
YY TDR
RACING : Example Park FIELDS Thursday
Weather: Fine
Track: Good(4)
 1 _    2  First Runner  (1)    A Rider            58
 2 _    2  Second Runner  (3)  B Rider            58





NNNN
