ZCZC AAP
%A
#Library
$Library opens late in Cairns
:(CAIRNS)
*01000000
@QLD
~AM Service
A new library in Cairns will open until 10pm on weekdays from April, the council says.

   The library has room for 250 readers and a hall for talks.

   It cost $12 million to build.



NNNN