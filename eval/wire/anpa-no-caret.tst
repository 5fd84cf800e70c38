z6715-----
r a BC-AZ--Garden-Hours    03-04 0412
^BC-AZ--Garden-Hours,412< 
Garden extends evening hours 
	   PHOENIX (AP) _ A desert botanical garden extended its evening hours for the spring season.
AP-WF-03-04-24 1509GMT
