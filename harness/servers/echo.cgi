# CGI program (run by /bin/sh) behind lighttpd's /echo: the request content,
# as the server hands it over, goes back as the response content.
printf 'Content-Type: application/octet-stream\r\n\r\n'
exec cat
