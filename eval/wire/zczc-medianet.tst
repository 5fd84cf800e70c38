   ZCZC AAP
%MNETALL MFI MGD
$J
:
:Example Builders Association
*X
Media release: Building approvals rise 2.1 per cent in the March quarter

Tue 14 April 2026

The Example Builders Association today welcomed figures showing building approvals rose 2.1 per cent in the March quarter, led by new homes in regional areas.

Approvals for apartments fell for a second quarter, the figures show, while approvals for houses rose in every state.

Media contact: Jane Citizen 0400 000 000

SOURCE: Example Builders Association
NNNN
