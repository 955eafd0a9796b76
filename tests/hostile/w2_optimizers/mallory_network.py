"""Tries to reach a server on the grading machine (to fetch answers or leak the cases)."""
import socket

for _host in ("127.0.0.1", "{{HOST_IP}}"):
    try:
        socket.create_connection((_host, {{PORT}}), timeout=2).sendall(b"leak")
    except OSError:
        pass
