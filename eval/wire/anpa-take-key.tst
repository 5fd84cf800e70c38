z6715-----
r a BC-WA--Ferry-Crossing 1stLd-Writethru   03-04 0412
^BC-WA--Ferry-Crossing, 1stLd-Writethru,412< 
^Late-night ferry crossing restored< 
^Eds: Updates with comment from the ferry system.< 
	   SEATTLE (AP) _ A ferry system will restore a late-night crossing from next month, officials said.
AP-WF-03-04-24 1509GMT
