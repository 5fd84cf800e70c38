z6715-----
b a BC-TX--Water-Main Kill   03-04 0412
^BC-TX--Water-Main, Kill,412< 
^KILL: Water main story< 
	   Editors: Kill the story about the water main. It named the wrong street.
AP-WF-03-04-24 1509GMT
