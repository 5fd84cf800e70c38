z6715-----
r a BC-CO--Wildflowers    03-04 0412
^BC-CO--Wildflowers,412< 
^Wildflower meadow for river path< 
	   DENVER (AP) _ A city parks department will plant a wildflower meadow along the river path.
	   It will bloom by July.
AP-WF-03-04-24 1509GMT
