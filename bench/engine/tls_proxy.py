#!/usr/bin/env python3
"""A TLS front for the local engine socket, requiring a client certificate signed by ca.pem.

usage: tls_proxy.py CERT_DIR PORT  (CERT_DIR holds ca.pem, server.pem, server-key.pem)
Used by tls-smoke to run EngineClient's engine tests over DOCKER_TLS_VERIFY.
"""
import os
import socket
import ssl
import sys
import threading

os.chdir(sys.argv[1])
port = int(sys.argv[2])
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain("server.pem", "server-key.pem")
ctx.load_verify_locations("ca.pem")
ctx.verify_mode = ssl.CERT_REQUIRED
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port)); srv.listen(16)
def pump(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d: break
            b.sendall(d)
    except Exception: pass
    finally:
        try: b.shutdown(socket.SHUT_WR)
        except Exception: pass
def handle(c):
    try: t = ctx.wrap_socket(c, server_side=True)
    except Exception as e: print("handshake failed", e, flush=True); return
    u = socket.socket(socket.AF_UNIX); u.connect("/var/run/docker.sock")
    threading.Thread(target=pump, args=(t, u), daemon=True).start()
    pump(u, t)
while True:
    c, _ = srv.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
