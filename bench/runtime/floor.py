#!/usr/bin/env python3
"""The engine's floor: a minimal Docker API client on the unix socket that does what `up -d`
and `down` must do for N independent services (one network; create and start each container,
labelled as Compose labels them), at its best parallelism, with nothing else.

Usage: floor.py up|down|ps|list PROJECT N [THREADS]
  up: N services; down: stop with timeout N, remove; ps: one list call;
  list: one list call on a fresh connection, timed inside this process (prints ms): the floor of
  a no-op `up` or a `ps` without the interpreter's start-up.
"""
import http.client, json, socket, sys, threading
from concurrent.futures import ThreadPoolExecutor

SOCK = "/var/run/docker.sock"
IMAGE = "berth-test/busybox:1"


class UnixConnection(http.client.HTTPConnection):
    def __init__(self):
        super().__init__("localhost")

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(SOCK)


local = threading.local()


def call(method, path, body=None, ok=(200, 201, 204, 304)):
    conn = getattr(local, "conn", None)
    if conn is None:
        conn = local.conn = UnixConnection()
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if data else {}
    conn.request(method, "/v1.41" + path, body=data, headers=headers)
    r = conn.getresponse()
    payload = r.read()
    if r.status not in ok:
        raise RuntimeError(f"{method} {path}: {r.status} {payload[:200]!r}")
    return json.loads(payload) if payload and payload[:1] in (b"{", b"[") else None


def up(project, n, threads):
    net = f"{project}_default"
    call("POST", "/networks/create", {"Name": net, "CheckDuplicate": True,
                                      "Labels": {"com.docker.compose.project": project, "com.docker.compose.network": "default"}})

    def one(i):
        name = f"{project}-svc{i}-1"
        body = {
            "Image": IMAGE, "Cmd": ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"],
            "Labels": {"com.docker.compose.project": project, "com.docker.compose.service": f"svc{i}",
                       "com.docker.compose.container-number": "1", "com.docker.compose.oneoff": "False"},
            "HostConfig": {"NetworkMode": net},
            "NetworkingConfig": {"EndpointsConfig": {net: {"Aliases": [name, f"svc{i}"]}}},
        }
        cid = call("POST", f"/containers/create?name={name}", body)["Id"]
        call("POST", f"/containers/{cid}/start")

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, range(n)))


def ids(project):
    flt = json.dumps({"label": [f"com.docker.compose.project={project}"]})
    from urllib.parse import quote
    return [c["Id"] for c in call("GET", f"/containers/json?all=1&filters={quote(flt)}")]


def down(project, timeout, threads):
    def one(cid):
        call("POST", f"/containers/{cid}/stop?t={timeout}", ok=(204, 304))
        call("DELETE", f"/containers/{cid}?force=1")

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, ids(project)))
    call("DELETE", f"/networks/{project}_default", ok=(204, 404))


def chain(project, n, threads):
    """N containers with a 1s healthcheck; each started once the previous is healthy, learnt
    from one /events stream (the same work a compose tool must do for a service_healthy chain)."""
    net = f"{project}_default"
    call("POST", "/networks/create", {"Name": net, "Labels": {"com.docker.compose.project": project}})
    events = UnixConnection()
    from urllib.parse import quote
    flt = json.dumps({"type": ["container"], "label": [f"com.docker.compose.project={project}"], "event": ["health_status"]})
    events.request("GET", f"/v1.41/events?filters={quote(flt)}")
    stream = events.getresponse()

    def create(i):
        body = {
            "Image": IMAGE, "Cmd": ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"],
            "Labels": {"com.docker.compose.project": project, "com.docker.compose.service": f"s{i}"},
            "Healthcheck": {"Test": ["CMD", "true"], "Interval": 1_000_000_000, "Retries": 30},
            "HostConfig": {"NetworkMode": net},
        }
        return call("POST", f"/containers/create?name={project}-s{i}-1", body)["Id"]

    with ThreadPoolExecutor(threads) as pool:
        ids_ = list(pool.map(create, range(n)))
    for i, cid in enumerate(ids_):
        call("POST", f"/containers/{cid}/start")
        if i == n - 1:
            break  # `up -d` does not wait for the last one
        while True:
            line = stream.readline()
            event = json.loads(line)
            if event.get("id") == cid and "healthy" in event.get("status", "") and "unhealthy" not in event["status"]:
                break


if __name__ == "__main__":
    op, project = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    if op == "up":
        up(project, n, threads)
    elif op == "down":
        down(project, n, threads)
    elif op == "chain":
        chain(project, n, threads)
    elif op == "ps":
        ids(project)
    elif op == "list":
        import time
        start = time.perf_counter()
        ids(project)
        print(f"{(time.perf_counter() - start) * 1000:.3f}")
