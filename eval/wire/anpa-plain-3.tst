z6715-----
r a BC-ID--Campgrounds    03-04 0412
^BC-ID--Campgrounds,412< 
^State park opens two campgrounds< 
	   BOISE, Idaho (AP) _ A state park will open two new campgrounds for the summer season.
	   Reservations open Friday.
AP-WF-03-04-24 1509GMT
