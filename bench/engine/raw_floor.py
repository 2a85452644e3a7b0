#!/usr/bin/env python3
"""The raw floor: N keep-alive GETs over one AF_UNIX socket with hand-written HTTP/1.1.

usage: raw_floor.py SOCKET PATH N [parse]  -> prints the elapsed seconds
With "parse", every body is also decoded with json.loads (C-accelerated), the floor for a typed call.
"""
import json
import socket
import sys
import time


def main():
    sock_path, target, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    parse = len(sys.argv) > 4 and sys.argv[4] == "parse"
    request = f"GET {target} HTTP/1.1\r\nHost: docker\r\nUser-Agent: raw\r\n\r\n".encode()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock_path)
    buf = bytearray()

    def fill():
        data = s.recv(65536)
        if not data:
            raise SystemExit("engine closed the connection")
        buf.extend(data)

    def one():
        nonlocal buf
        s.sendall(request)
        while True:
            end = buf.find(b"\r\n\r\n")
            if end >= 0:
                break
            fill()
        head = bytes(buf[:end]).lower()
        del buf[: end + 4]
        if not head.startswith(b"http/1.1 200"):
            raise SystemExit("unexpected status: " + head.split(b"\r\n")[0].decode())
        length = None
        for line in head.split(b"\r\n")[1:]:
            if line.startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        if length is not None:
            while len(buf) < length:
                fill()
            body = bytes(buf[:length])
            del buf[:length]
            if parse:
                json.loads(body)
            return
        body = bytearray()
        while True:  # chunked
            while True:
                crlf = buf.find(b"\r\n")
                if crlf >= 0:
                    break
                fill()
            size = int(bytes(buf[:crlf]).split(b";")[0], 16)
            while len(buf) < crlf + 2 + size + 2:
                fill()
            body += buf[crlf + 2 : crlf + 2 + size]
            del buf[: crlf + 2 + size + 2]
            if size == 0:
                if parse:
                    json.loads(bytes(body))
                return

    for _ in range(min(100, n)):
        one()
    start = time.perf_counter()
    for _ in range(n):
        one()
    print(time.perf_counter() - start)


main()
