"""Stand-in web app for the engine tests: health that proves the backing services, and an echo."""
import json
import os
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


def health():
    """Every PostgreSQL and Redis URL in the environment (DATABASE_URL, CELERY_BROKER_URL, …) must answer."""
    urls = sorted(set(v for v in os.environ.values() if v.startswith(("postgres://", "postgresql://", "redis://"))))
    parts = [check_postgres(u) if u.startswith("postgres") else check_redis(u) for u in urls]
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


if __name__ == "__main__":
    port = int(os.environ.get("PORT") or os.environ.get("STANDIN_PORT", "3000"))
    ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
