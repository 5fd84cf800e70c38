z6715-----
r a BC-CT--Charging-Points    03-04 0412
^BC-CT--Charging-Points,412< 
^State adds charging points at rest areas< 
	   HARTFORD, Conn. (AP) _ The state will add charging points at twenty highway rest areas this year.
	   Work starts in May.
AP-WF-03-04-24 1509GMT
