#!/usr/bin/env python3
"""faulty-proxy.py: a loopback HTTP proxy in front of a real collector that
misbehaves the way field networks do, for the first COUNT requests, then
passes everything through.

    faulty-proxy.py BACKEND_PORT MODE COUNT [ARG]

MODE:
  cut-request N   forwards only the first N bytes of the request, then
                  closes both sides (a connection dropped mid-body)
  lose-response   forwards the whole request, waits for the collector's whole
                  answer (it has committed), then closes without sending it
  status CODE:S   answers CODE with "Retry-After: S" itself (429, 503)
  portal          answers 200 with an HTML login page, as captive portals do
  pass            passes everything through (COUNT is ignored)

Prints "listening on 127.0.0.1:PORT" when ready and the number of faults
made to stderr at exit. Listens on loopback only; one request per connection
(it answers with Connection: close). Stops after --lifetime seconds (default
120) whatever happens, so a test can never hang on it.
"""
import signal
import socket
import sys
import threading


def read_request(conn):
    """The whole request (head and body) as bytes, or None."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head, body


def with_close(head):
    lines = [l for l in head.split(b"\r\n") if not l.lower().startswith(b"connection:")]
    return b"\r\n".join(lines) + b"\r\nConnection: close"


def forward(backend_port, head, body, limit=None):
    """Sends the request to the collector and returns its whole answer."""
    s = socket.create_connection(("127.0.0.1", backend_port), timeout=30)
    request = with_close(head) + b"\r\n\r\n" + body
    if limit is not None:
        s.sendall(request[:limit])
        s.close()
        return None
    s.sendall(request)
    answer = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        answer += chunk
    s.close()
    return answer


def main():
    backend = int(sys.argv[1])
    mode = sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    arg = sys.argv[4] if len(sys.argv) > 4 else ""
    lifetime = 120
    signal.signal(signal.SIGALRM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.alarm(lifetime)

    lock = threading.Lock()
    state = {"faults": 0}

    def take_fault():
        with lock:
            if mode != "pass" and state["faults"] < count:
                state["faults"] += 1
                return True
            return False

    def serve(conn):
        try:
            conn.settimeout(30)
            req = read_request(conn)
            if req is None:
                return
            head, body = req
            if not take_fault():
                conn.sendall(forward(backend, head, body) or b"")
            elif mode == "cut-request":
                forward(backend, head, body, limit=int(arg))
            elif mode == "lose-response":
                forward(backend, head, body)
            elif mode == "status":
                text = b'{"error":"busy"}'
                conn.sendall(b"HTTP/1.1 %s Busy\r\nRetry-After: %s\r\nContent-Type: "
                             b"application/json\r\nContent-Length: %d\r\nConnection: close"
                             b"\r\n\r\n%s" % (arg.encode().split(b":")[0],
                                              arg.encode().split(b":")[1], len(text), text))
            elif mode == "portal":
                page = b"<html><body><h1>Welcome to City WiFi</h1><form>Log in</form></body></html>"
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d"
                             b"\r\nConnection: close\r\n\r\n%s" % (len(page), page))
        except OSError:
            pass
        finally:
            conn.close()

    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    print("listening on 127.0.0.1:%d" % srv.getsockname()[1], flush=True)
    try:
        while True:
            conn, _ = srv.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
    finally:
        sys.stderr.write("faults made: %d\n" % state["faults"])


if __name__ == "__main__":
    main()
