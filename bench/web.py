"""Benchmark: the web app's dashboard and a priority page under 50 concurrent clients.

Run: ``.venv/bin/python bench/web.py [--clients 50] [--duration 60] [--servers granian,gunicorn]``

1. A fresh database: PostgreSQL at 127.0.0.1:5432 (database ``cspkit_bench``, dropped and made
   again) when one answers, else SQLite in a temporary folder; the run says which.
2. ``cspkit manage migrate`` and ``collectstatic`` with the production settings
   (``cspkit.djangoproject.production``: whitenoise serving the collected, hashed files; the
   file cache under the data folder for sessions and pages' cached fragments).
3. The Maidstone example (``examples/maidstone.yaml``, by the partnership importer), plus 40
   indicators with two years of monthly measurements (960 values) spread over its action plans,
   and one user per client (officers, subgroup leads and partner members), each with a session.
4. Each server of ``--servers`` in turn on 127.0.0.1 (never another address), against the same
   data: granian, the README's production server (``--workers`` processes, one per core, of
   ``--threads`` threads), then gunicorn with as many sync workers as granian has threads (the
   baseline: the previous production setup). Each starts with an empty page cache.
5. ``--clients`` asyncio clients, each with its own session and its own kept-alive connection
   (opened again when the server closes it, as gunicorn's sync workers do after every answer),
   request in a closed loop (no think time) the dashboard and a priority page in turn, for
   ``--duration`` seconds or ``--max-requests`` requests, whichever comes first; they keep the
   cookies the server sets (the CSRF cookie), as a browser does. With ``--think S`` each client
   waits 0.5-1.5 x S seconds (at random) between pages, like a person reading them, and starts
   at a random moment within the first S seconds. With ``--write-every S`` an officer also
   records progress on an action through its form (GET for the CSRF token, then POST) every S
   seconds; each update replaces the partnership's content stamp, so every reader's kept pages
   are checked and rendered again.

It prints p50/p95/p99 latency, throughput and errors (any status but 200, or a failed request)
per page and overall for each server, and granian's figures as ratios of gunicorn's. Targets:
p95 under 150 ms, no errors. The load generator runs on the same two cores as the server and
takes its share of them; the CPU each part used is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
POSTGRES = "postgresql://postgres@127.0.0.1:5432/"


# -- the database and the data -----------------------------------------------------------------


def postgres_url() -> str | None:
    """A fresh ``cspkit_bench`` database on the local PostgreSQL, or None when none answers."""
    try:
        import psycopg

        with psycopg.connect(POSTGRES + "postgres", connect_timeout=3, autocommit=True) as con:
            con.execute("DROP DATABASE IF EXISTS cspkit_bench WITH (FORCE)")
            con.execute("CREATE DATABASE cspkit_bench")
    except Exception as exc:
        print(f"PostgreSQL not reachable ({str(exc).strip()}); using SQLite")
        return None
    return "postgres://postgres@127.0.0.1:5432/cspkit_bench"


def seed(clients: int) -> dict[str, Any]:
    """Import Maidstone, add 40 indicators x 24 months, make ``clients`` users with sessions.

    Runs inside the bench's Django environment (``--seed`` in a child process).
    """
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    from cspkit.actions.models import Action, ActionPlan
    from cspkit.exchange import import_yaml
    from cspkit.indicators.models import Indicator, Measurement
    from cspkit.partnership.models import Membership, Role

    text = (ROOT / "examples" / "maidstone.yaml").read_text()
    p = import_yaml(text, source="examples/maidstone.yaml")
    plans = list(ActionPlan.objects.filter(partnership=p, priority__isnull=False))
    months = [f"{2019 + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}" for i in range(24)]
    measurements = []
    for n in range(40):
        plan = plans[n % len(plans)]
        up = n % 3 == 0
        ind = Indicator.objects.create(
            partnership=p, action_plan=plan, key=f"bench-{n:02d}", name=f"Bench indicator {n}",
            direction="up" if up else "down", frequency="monthly", unit="",
            baseline=100.0, baseline_period=months[0], target=95.0 + n % 10, position=n,
        )
        for i, month in enumerate(months):
            value = 100 + (n % 7) * 3 + ((i * 7 + n) % 11) - i * (0.3 if not up else -0.2)
            measurements.append(Measurement(
                indicator=ind, period=month, period_start=_start(month), value=round(value, 1)
            ))
    Measurement.objects.bulk_create(measurements)
    leads = list(p.bodies.filter(kind="subgroup"))
    sessions = []
    for i in range(clients):
        user = User.objects.create_user(f"bench{i}", password=None)
        if i % 5 == 0:
            Membership.objects.create(user=user, partnership=p, role=Role.COMMUNITY_SAFETY_OFFICER)
        elif i % 5 in (1, 2) and leads:
            body = leads[i % len(leads)]
            Membership.objects.create(user=user, partnership=p, role=Role.SUBGROUP_LEAD, body=body)
        else:
            Membership.objects.create(user=user, partnership=p, role=Role.PARTNER_MEMBER)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    priority = p.priorities.filter(action_plans__isnull=False).order_by("position").first()
    action = Action.objects.filter(action_plan__priority=priority).order_by("pk").first()
    return {
        "slug": p.slug,
        "priority": priority.key if priority else "",
        "action": action.pk if action else 0,
        "officer": sessions[0],  # user 0 is a community safety officer
        "sessions": sessions,
        "indicators": Indicator.objects.filter(partnership=p).count(),
        "measurements": Measurement.objects.filter(indicator__partnership=p).count(),
    }


def _start(month: str) -> Any:
    import datetime as dt

    year, mon = month.split("-")
    return dt.date(int(year), int(mon), 1)


# -- the server --------------------------------------------------------------------------------


def environment(home: Path, database: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cspkit.djangoproject.production",
        CSPKIT_SECRET_KEY=secrets.token_urlsafe(50),
        CSPKIT_ALLOWED_HOSTS="127.0.0.1",
        CSPKIT_SSL_REDIRECT="0",  # plain HTTP on loopback; a proxy would terminate TLS
        CSPKIT_HOME=str(home),
        DATABASE_URL=database,
    )
    return env


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def wait_for(url: str, seconds: float = 30) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    sys.exit(f"the server did not answer at {url} within {seconds:.0f} s")


# -- the load ----------------------------------------------------------------------------------


class Response(NamedTuple):
    status: int
    body: bytes
    cookies: dict[str, str]


class Connection:
    """One client's HTTP/1.1 connection, kept open between requests (as a browser keeps it)
    and opened again whenever the server closes it.

    A few lines over asyncio's streams rather than an HTTP library: on two cores the load
    generator competes with the server, and httpx spent 3.6 ms of CPU per request (a third of
    what the server spent), this about 0.5 ms. The whole answer is read and its length checked.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def send(self, request: bytes) -> Response:
        for attempt in (1, 2):  # once more on a fresh connection if the kept one was closed
            if self.streams is None:
                self.streams = await asyncio.open_connection("127.0.0.1", self.port)
            reader, writer = self.streams
            try:
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
            except (OSError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
                continue
            return await self._answer(reader, head)
        raise AssertionError("unreachable")

    async def _answer(self, reader: asyncio.StreamReader, head: bytes) -> Response:
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1]) if lines[0].startswith(b"HTTP/1.") else 0
        length, close, cookies = None, False, {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
            elif name == b"set-cookie":
                key, _, rest = value.decode().strip().partition("=")
                cookies[key] = rest.split(";", 1)[0]
        body = await (reader.readexactly(length) if length is not None else reader.read())
        if close or length is None:
            self.close()
        return Response(status, body, cookies)

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


def request_bytes(path: str, cookies: dict[str, str]) -> bytes:
    cookie = "; ".join(f"{k}={v}" for k, v in sorted(cookies.items()))
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Cookie: {cookie}\r\n"
        # the production settings trust this header from the (absent) TLS proxy, as they would
        # behind one: the session cookie is Secure
        "X-Forwarded-Proto: https\r\nAccept: text/html\r\n\r\n"
    ).encode()


async def client(
    port: int,
    session: str,
    urls: list[str],
    deadline: float,
    budget: list[int],
    think: float,
    out: dict[str, list[float]],
    errors: dict[str, int],
) -> None:
    cookies = {"sessionid": session}  # and those the server sets (csrftoken), as a browser
    requests = {url: request_bytes(url, cookies) for url in urls}
    connection = Connection(port)
    pause = random.Random(session)
    if think:  # clients start at random moments, not all at once
        await asyncio.sleep(pause.uniform(0, think))
    i = 0
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        url = urls[i % len(urls)]
        i += 1
        start = time.perf_counter()
        try:
            response = await connection.send(requests[url])
            ok = response.status == 200
            if response.cookies.keys() - cookies.keys():
                cookies.update(response.cookies)
                requests = {url: request_bytes(url, cookies) for url in urls}
        except (OSError, asyncio.IncompleteReadError, ValueError):
            ok = False
            connection.close()
        elapsed = time.perf_counter() - start
        if ok:
            out[url].append(elapsed)
        else:
            errors[url] = errors.get(url, 0) + 1
        if think:  # a person reading the page: 0.5 to 1.5 times the think time
            await asyncio.sleep(think * pause.uniform(0.5, 1.5))
    connection.close()


class Writer(NamedTuple):
    """An officer recording progress on an action every ``every`` seconds, through the form."""

    every: float
    session: str
    path: str  # the action's page


async def write_progress(
    port: int, writer: Writer, deadline: float, out: dict[str, list[float]],
    errors: dict[str, int],
) -> None:
    """GET the action's form (its CSRF token), POST a status change, as a browser does; each
    change gives the partnership a new stamp, so every reader's kept pages render again."""
    connection = Connection(port)
    cookies = {"sessionid": writer.session}
    statuses = ["at_risk", "on_track"]
    n = 0
    while time.monotonic() + writer.every < deadline:
        await asyncio.sleep(writer.every)
        start = time.perf_counter()
        try:
            form = await connection.send(request_bytes(writer.path, cookies))
            cookies.update(form.cookies)
            token = form.body.split(b'name="csrfmiddlewaretoken" value="', 1)[1].split(b'"')[0]
            body = (
                f"status={statuses[n % 2]}&comment=Bench+update+{n}&csrfmiddlewaretoken="
                f"{token.decode()}"
            ).encode()
            cookie = "; ".join(f"{k}={v}" for k, v in sorted(cookies.items()))
            request = (
                f"POST {writer.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
                "X-Forwarded-Proto: https\r\nOrigin: https://127.0.0.1\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode() + body
            ok = (await connection.send(request)).status == 302
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            ok = False
            connection.close()
        n += 1
        if ok:
            out.setdefault("writes", []).append(time.perf_counter() - start)
        else:
            errors["writes"] = errors.get("writes", 0) + 1
    connection.close()


async def load(
    port: int, sessions: list[str], urls: list[str], duration: float, max_requests: int,
    think: float, writer: Writer | None = None,
) -> tuple[dict[str, list[float]], dict[str, int], float]:
    out: dict[str, list[float]] = {u: [] for u in urls}
    errors: dict[str, int] = {}
    budget = [max_requests]
    start = time.monotonic()
    deadline = start + duration
    tasks = [
        client(port, s, urls[i % 2 :] + urls[: i % 2], deadline, budget, think, out, errors)
        for i, s in enumerate(sessions)
    ]
    if writer is not None:
        tasks.append(write_progress(port, writer, deadline, out, errors))
    await asyncio.gather(*tasks)
    return out, errors, time.monotonic() - start


def cpu_use(server_group: int) -> dict[str, Any]:
    """CPU seconds used so far by the machine (``/proc/stat``) and by each process, with its
    kind: the server's (its process group), this load generator, PostgreSQL, or other."""
    tick = os.sysconf("SC_CLK_TCK")
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _wait, irq, softirq, steal = (int(f) for f in fields[:8])
    procs: dict[int, tuple[str, float]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        pid = int(stat.parent.name)
        comm = text[text.index("(") + 1 : text.rindex(")")]
        rest = text[text.rindex(")") + 2 :].split()
        kind = (
            "server" if int(rest[2]) == server_group
            else "load generator" if pid == os.getpid()
            else "PostgreSQL" if comm == "postgres"
            else "other"
        )
        procs[pid] = (kind, (int(rest[11]) + int(rest[12])) / tick)
    return {"machine": (user + nice + system + irq + softirq + steal) / tick, "procs": procs}


class CpuMeter:
    """Cores used by kind of process while the load runs, from :func:`cpu_use` snapshots taken
    every ``every`` seconds (so that processes ending in between lose at most that much)."""

    def __init__(self, server_group: int, every: float = 1.0) -> None:
        self.group, self.every = server_group, every
        self.used = dict.fromkeys(["server", "PostgreSQL", "load generator"], 0.0)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        last = first = cpu_use(self.group)
        while not self.stop.wait(self.every):
            now = cpu_use(self.group)
            self._add(last, now)
            last = now
        now = cpu_use(self.group)
        self._add(last, now)
        self.machine = now["machine"] - first["machine"]

    def _add(self, before: dict[str, Any], after: dict[str, Any]) -> None:
        for pid, (kind, cpu) in after["procs"].items():
            if kind in self.used:
                self.used[kind] += cpu - before["procs"].get(pid, (kind, 0.0))[1]

    def __enter__(self) -> CpuMeter:
        self.start = time.monotonic()
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self.seconds = time.monotonic() - self.start

    def cores(self) -> dict[str, float]:
        used = dict(self.used, other=max(self.machine - sum(self.used.values()), 0.0))
        return {kind: value / self.seconds for kind, value in used.items()}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else (
        values[0]
    )


def report(name: str, times: list[float], errors: int, seconds: float) -> str:
    ms = [t * 1000 for t in times]
    return (
        f"  {name:<34} {len(ms):>7,} ok {errors:>4} errors {len(ms) / seconds:>7.1f} req/s   "
        f"p50 {percentile(ms, 50):6.1f} ms  p95 {percentile(ms, 95):6.1f} ms  "
        f"p99 {percentile(ms, 99):6.1f} ms"
    )


def server_command(server: str, port: int, workers: int, threads: int, log: Path) -> list[str]:
    """The production server as the README runs it (granian), or gunicorn's sync workers."""
    bin_dir = Path(PYTHON).parent
    if server == "granian":
        return [
            str(bin_dir / "granian"), "--interface", "wsgi", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(workers), "--blocking-threads", str(threads),
            "--log-level", "warning", "cspkit.djangoproject.wsgi:application",
        ]
    return [
        str(bin_dir / "gunicorn"), "cspkit.djangoproject.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers * threads), "--error-logfile", str(log),
    ]


def measure(
    server: str, args: argparse.Namespace, env: dict[str, str], home: Path, data: dict[str, Any]
) -> dict[str, Any]:
    """Start ``server``, warm it up, load it for ``--duration`` seconds, stop it; the results."""
    import httpx

    base = f"http://127.0.0.1:{args.port}"
    log = home / f"{server}.log"
    shutil.rmtree(home / "cache", ignore_errors=True)  # each server starts with no fragments
    with log.open("w") as out:
        process = subprocess.Popen(
            server_command(server, args.port, args.workers, args.threads, log),
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_for(f"{base}/healthz")
        urls = [f"/p/{data['slug']}/", f"/p/{data['slug']}/priorities/{data['priority']}/"]
        probe = httpx.get(f"{base}{urls[0]}", headers={
            "Cookie": f"sessionid={data['sessions'][0]}", "X-Forwarded-Proto": "https"})
        if probe.status_code != 200:
            sys.exit(f"the dashboard answered {probe.status_code}; see {log}")
        shape = (
            f"{args.workers} workers x {args.threads} threads" if server == "granian"
            else f"{args.workers * args.threads} sync workers"
        )
        print(
            f"\n{server}: {shape} on 127.0.0.1:{args.port}, production settings; "
            f"{args.clients} clients for {args.duration:.0f} s "
            f"(at most {args.max_requests:,} requests), think time {args.think:g} s"
        )
        # warm up every worker (their first requests load templates and open connections)
        asyncio.run(load(args.port, data["sessions"][:8], urls, 5, 10**6, 0))
        writer = (
            Writer(
                args.write_every, data["officer"], f"/p/{data['slug']}/actions/{data['action']}/"
            )
            if args.write_every
            else None
        )
        with CpuMeter(process.pid) as meter:
            out_, errors, seconds = asyncio.run(
                load(
                    args.port, data["sessions"], urls, args.duration, args.max_requests,
                    args.think, writer,
                )
            )
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    cores = meter.cores()
    print(
        f"CPU in use, in cores of {os.cpu_count()}: {server} {cores['server']:.2f}, "
        f"PostgreSQL {cores['PostgreSQL']:.2f}, load generator {cores['load generator']:.2f}, "
        f"other processes {cores['other']:.2f}"
    )
    names = {urls[0]: "dashboard", urls[1]: "priority page"}
    for url in urls:
        print(report(names[url], out_[url], errors.get(url, 0), seconds))
    every = [t for u in urls for t in out_[u]]
    print(report("all", every, sum(errors.get(u, 0) for u in urls), seconds))
    if writer is not None:
        print(report(f"progress updates, 1 per {args.write_every:g} s", out_.get("writes", []),
                     errors.get("writes", 0), seconds))
    ms = [t * 1000 for t in every]
    return {"p95": percentile(ms, 95), "rate": len(ms) / seconds, "errors": sum(errors.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=2, help="threads per granian worker")
    parser.add_argument(
        "--servers", default="granian,gunicorn",
        help="servers to measure in turn: granian (the README's) and gunicorn (the baseline)",
    )
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds between pages")
    parser.add_argument(
        "--write-every", type=float, default=0.0, metavar="S",
        help="an officer also records progress on an action every S seconds (0: never)",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--sqlite", action="store_true", help="SQLite even if PostgreSQL answers")
    parser.add_argument("--seed", type=int, metavar="CLIENTS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed is not None:  # the child process that fills the database
        print(json.dumps(seed(args.seed)))
        return
    servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    if not servers or set(servers) - {"granian", "gunicorn"}:
        sys.exit(f"--servers {args.servers!r}: name granian, gunicorn or both")

    home = Path(tempfile.mkdtemp(prefix="cspkit-bench-web-"))
    try:
        database = (None if args.sqlite else postgres_url()) or f"sqlite:///{home / 'db.sqlite3'}"
        env = environment(home, database)
        cspkit = str(Path(PYTHON).parent / "cspkit")
        print(f"database: {database.split('@')[-1] if '@' in database else database}")
        t0 = time.perf_counter()
        run(env, cspkit, "manage", "migrate", "--verbosity", "0")
        run(env, cspkit, "manage", "collectstatic", "--noinput", "--verbosity", "0")
        data = json.loads(run(env, PYTHON, __file__, "--seed", str(args.clients)).splitlines()[-1])
        print(
            f"set up in {time.perf_counter() - t0:.1f} s: Maidstone ({data['slug']}), "
            f"{data['indicators']} indicators, {data['measurements']:,} measurements, "
            f"{args.clients} users with sessions"
        )
        results = {server: measure(server, args, env, home, data) for server in servers}
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print()
    for server, r in results.items():
        verdict = "meets" if r["p95"] < 150 and not r["errors"] else "misses"
        print(f"{server}: target p95 < 150 ms and no errors: {verdict} it "
              f"(p95 {r['p95']:.1f} ms, {r['errors']} errors)")
    if {"granian", "gunicorn"} <= results.keys():
        g, b = results["granian"], results["gunicorn"]
        print(f"granian against gunicorn (baseline): {g['rate'] / b['rate']:.2f}x the pages a "
              f"second, {g['p95'] / b['p95']:.2f}x the p95")


if __name__ == "__main__":
    main()
