z6715-----
r s BC-BBO--Stadium-Move    03-04 0412
^BC-BBO--Stadium-Move,412< 
^Team moves to renovated downtown stadium< 
	   ATLANTA (AP) _ A minor league team will play its home games in a renovated downtown stadium from April.
	   Tickets go on sale Monday.
AP-WF-03-04-24 1509GMT
