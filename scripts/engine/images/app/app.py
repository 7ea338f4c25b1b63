"""Stand-in web app for the engine tests: health that proves the backing services, and an echo."""
import json
import os
import signal
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HEALTH_PATHS = set(os.environ.get("STANDIN_HEALTH_PATH", "").split())
# The health paths frameworks use (/health, /api/health, /actuator/health, /healthz, /misc/ping…).
HEALTH_NAMES = {"health", "healthz", "ping", "ready", "livez", "readyz"}


def is_health(path):
    return path in HEALTH_PATHS or path.rstrip("/").rsplit("/", 1)[-1] in HEALTH_NAMES


def check_postgres(url):
    import psycopg2
    with psycopg2.connect(url, connect_timeout=3) as conn, conn.cursor() as cur:
        cur.execute("select string_agg(extname, ',' order by extname) from pg_extension where extname <> 'plpgsql'")
        return "db=" + (cur.fetchone()[0] or "ok")


def check_redis(url):
    import redis
    return "redis=" + ("PONG" if redis.Redis.from_url(url, socket_timeout=3).ping() else "no")


def check_mysql(url):
    """A query as the URL's user in its database, through MariaDB's client (no Python driver here)."""
    import subprocess
    u = urllib.parse.urlsplit(url)
    env = dict(os.environ, MYSQL_PWD=urllib.parse.unquote(u.password or ""))
    out = subprocess.run(["mariadb", "-h", u.hostname, "-P", str(u.port or 3306), "-u", urllib.parse.unquote(u.username or ""),
                          "-N", "-e", "SELECT DATABASE()", u.path.lstrip("/")],
                         env=env, capture_output=True, text=True, timeout=5, check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return "mysql=" + out.stdout.strip()


def check_amqp(url):
    """A full AMQP handshake (credentials and virtual host) with py-amqp, Celery's client."""
    import amqp
    u = urllib.parse.urlsplit(url)
    vhost = urllib.parse.unquote(u.path[1:]) if len(u.path) > 1 else "/"
    conn = amqp.Connection(host=f"{u.hostname}:{u.port or 5672}", userid=urllib.parse.unquote(u.username or "guest"),
                           password=urllib.parse.unquote(u.password or "guest"), virtual_host=vhost, connect_timeout=3)
    conn.connect()
    conn.close()
    return "amqp=" + vhost


CHECKS = {"postgres": check_postgres, "postgresql": check_postgres, "redis": check_redis, "mysql": check_mysql, "amqp": check_amqp}


def health():
    """Every PostgreSQL, Redis, MySQL and AMQP URL in the environment (DATABASE_URL, CELERY_BROKER_URL, …) must answer."""
    urls = sorted(set(v for v in os.environ.values() if v.split("://", 1)[0] in CHECKS and "://" in v))
    parts = [CHECKS[u.split("://", 1)[0]](u) for u in urls]
    return " ".join(sorted(set(parts))) or "ok"


class Handler(BaseHTTPRequestHandler):
    def answer(self, status, body, ctype="text/plain"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Powered-By", "standin")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def handle_any(self):
        path = urllib.parse.urlsplit(self.path).path
        if is_health(path):
            if os.environ.get("STANDIN_HEALTHY", "1") == "0":
                return self.answer(503, "unhealthy on purpose\n")
            try:
                body = health()
                if path.endswith("/actuator/health"):  # Spring Boot's shape, which its health check greps
                    return self.answer(200, json.dumps({"status": "UP", "standin": body}, separators=(",", ":")), "application/json")
                return self.answer(200, body + "\n")
            except Exception as e:  # noqa: BLE001 - any failure is an unhealthy answer
                return self.answer(503, f"unhealthy: {e}\n")
        echo = {"method": self.command, "path": self.path, "release": os.environ.get("STANDIN_RELEASE", ""),
                "headers": {k.lower(): v for k, v in self.headers.items()}}
        self.answer(200, json.dumps(echo, sort_keys=True) + "\n", "application/json")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = handle_any

    def log_message(self, fmt, *args):
        print("%s %s" % (self.address_string(), fmt % args), flush=True)


class Server(ThreadingHTTPServer):
    # On SIGTERM, requests under way finish before the process exits, as in a graceful app.
    daemon_threads = False
    block_on_close = True


if __name__ == "__main__":
    port = int(os.environ.get("PORT") or os.environ.get("STANDIN_PORT", "3000"))
    server = Server(("0.0.0.0", port), Handler)
    # shutdown() waits for serve_forever to return: it must run on another thread.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    server.serve_forever(poll_interval=0.2)
    server.server_close()
