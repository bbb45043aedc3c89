"""Load test: concurrent logged-in users on the main pages and the API of the demo data, served by gunicorn.

    python bench/load.py [--users 200] [--seconds 30] [--workers N] [--out bench/RESULTS.md]

Builds a scratch SQLite database with the demo data in a temporary directory (`migrate`, `load_demo`), runs
`collectstatic`, and starts gunicorn on a free loopback port with production settings (DEBUG off, a random secret
key, the host allowed, secure cookies, HSTS; only the HTTP-to-HTTPS redirect is off, since the test speaks plain
HTTP on loopback). Each committee demo account logs in once through the login form (CSRF token from the form, the
same way a browser does); the virtual users share those five sessions round robin. Every virtual user then requests
the page mix one page after another with no pause, starting at a different page, until `--seconds` have passed; the
requests already sent are awaited (at most `REQUEST_TIMEOUT` seconds). Prints, per page and overall: requests,
errors, throughput, median and 95th percentile latency, and each page's time alone (one request at a time, before
the load). A response other than 2xx/3xx, a redirect to the login page, a timeout or a connection error is an
error; the process exits 1 on any error.

Why a small asyncio client rather than locust: locust brings gevent, greenlets and a web UI (a dozen packages) for
what is here one loop of GET requests; asyncio streams hold hundreds of open requests in one thread of the standard
library, and leave most of the two shared cores to the server under test. The client speaks HTTP/1.1 and keeps a
connection alive when the server allows it; gunicorn's sync workers answer `Connection: close`, so in practice
each request opens a new loopback connection, as a browser behind a reverse proxy without keep-alive would.

Why one login per account: a login hashes the password (PBKDF2, hundreds of milliseconds of CPU), so 200 logins
would spend most of a 30-second run on the two cores hashing; sessions are read, not written, by the page mix.

What the page mix writes: a member page and an API answer showing personal data record one row in the
personal-data access log (Nghị định 13/2023/NĐ-CP); that is part of what those pages cost, so it stays in. Nothing
else in the mix writes; SQLite takes these small inserts one at a time (WAL), at most one per gunicorn worker.
"""

import argparse
import asyncio
import contextlib
import http.client
import http.cookies
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
# dangvu.web.demo.users: the demo accounts and their shared password (not imported: this process has no Django).
# The sixth account, "dangvien", is an ordinary member: the unit tree, tracking and awards answer it 404 by design,
# so it takes no part in the page mix.
DEMO_USERS = ("admin", "vanphong", "bithu", "bithu.vptu", "bithu.chibo")
DEMO_PASSWORD = "dangvu-demo"
REQUEST_TIMEOUT = 60.0
COMMAND_TIMEOUT = 600
HEADING = "## Load: {users} concurrent users on the demo data"

# The pages every virtual user cycles through; {member} and {unit} are taken from the account's own lists.
PAGES = (
    "/",
    "/members/",
    "/members/?q=nguyen",
    "/members/{member}/",
    "/units/",
    "/units/{unit}/",
    "/documents/",
    "/tracking/",
    "/meetings/",
    "/awards/",
    "/awards/ratings/",
    "/api/members?q=nguyen",
)


class LoadError(Exception):
    """The demo server could not be prepared, started or logged into."""


@dataclass
class Server:
    port: int
    directory: Path
    env: dict[str, str]
    demo_summary: str = ""
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        path = self.directory / "gunicorn.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _server_env(directory: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DANGVU_")}
    env.pop("DATABASE_URL", None)  # always its own SQLite database, whatever the tests run on
    env.update(
        DJANGO_SETTINGS_MODULE="dangvu.settings",
        DANGVU_SQLITE_PATH=str(directory / "demo.sqlite3"),
        DANGVU_MEDIA_ROOT=str(directory / "media"),
        DANGVU_DEBUG="0",
        DANGVU_SECRET_KEY=secrets.token_urlsafe(50),
        DANGVU_ALLOWED_HOSTS=HOST,
        DANGVU_SSL_REDIRECT="0",
        DANGVU_TASKS="immediate",
    )
    return env


def _manage(server: Server, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )
    if result.returncode != 0:
        raise LoadError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def _wait_until_up(server: Server, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise LoadError(f"gunicorn stopped (exit {server.process.returncode}):\n{server.log_tail()}")
        try:
            status, _, _, _ = _get(server, "/login/")
        except OSError:
            time.sleep(0.3)
            continue
        if status == 200:
            return
        raise LoadError(f"GET /login/ answered {status}:\n{server.log_tail()}")
    raise LoadError(f"gunicorn did not answer within {seconds:.0f} s:\n{server.log_tail()}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # gunicorn's master stops its workers
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def demo_server(workers: int = 2) -> Iterator[Server]:
    """A gunicorn serving the demo data from a scratch SQLite database, stopped and removed on exit."""
    directory = Path(tempfile.mkdtemp(prefix="dangvu-load-"))
    server = Server(port=_free_port(), directory=directory, env=_server_env(directory))
    try:
        _manage(server, "migrate", "--no-input", "--verbosity", "0")
        server.demo_summary = _manage(server, "load_demo").strip()
        _manage(server, "collectstatic", "--no-input", "--verbosity", "0")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "dangvu.wsgi", "-w", str(workers), "-b", f"{HOST}:{server.port}"]
        command += ["--backlog", "2048", "--timeout", str(int(REQUEST_TIMEOUT))]
        with open(directory / "gunicorn.log", "wb") as log:
            server.process = subprocess.Popen(command, cwd=ROOT, env=server.env, stdout=log, stderr=subprocess.STDOUT)
        _wait_until_up(server)
        yield server
    finally:
        if server.process is not None:
            _stop(server.process)
        shutil.rmtree(directory, ignore_errors=True)


def _get(server: Server, path: str, cookies: dict[str, str] | None = None, method: str = "GET", body: str = ""):
    """One request with http.client: (status, headers, body text, cookies set)."""
    connection = http.client.HTTPConnection(HOST, server.port, timeout=REQUEST_TIMEOUT)
    headers = {"Accept-Language": "vi"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"{server.base_url}/login/"
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
    finally:
        connection.close()
    jar = http.cookies.SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return response.status, response.headers, text, {name: morsel.value for name, morsel in jar.items()}


def login(server: Server, username: str) -> dict[str, str]:
    """Log in through the form; the session and CSRF cookies. Stops at the first refusal (never retries)."""
    status, _, page, cookies = _get(server, "/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None or "csrftoken" not in cookies:
        raise LoadError(f"the login form did not load ({status})")
    form = urlencode({"csrfmiddlewaretoken": token.group(1), "username": username, "password": DEMO_PASSWORD})
    status, headers, _, set_cookies = _get(server, "/login/", cookies, method="POST", body=form)
    if status != 302 or "sessionid" not in set_cookies or headers.get("Location", "").startswith("/login/"):
        raise LoadError(f"login as {username} was refused ({status})")
    cookies.update(set_cookies)
    return cookies


def _links(server: Server, cookies: dict[str, str], path: str, pattern: str) -> list[str]:
    status, _, page, _ = _get(server, path, cookies)
    if status != 200:
        raise LoadError(f"{path} answered {status}")
    return re.findall(pattern, page)


def _first_link(server: Server, cookies: dict[str, str], path: str, pattern: str, besides: str | None = "/") -> str:
    """The first link matching `pattern` on `path` that the page `besides` does not have (the menu's own links)."""
    menu = set(_links(server, cookies, besides, pattern)) if besides else set()
    found = [link for link in _links(server, cookies, path, pattern) if link not in menu]
    if not found:
        raise LoadError(f"no link {pattern!r} on {path}")
    return found[0]


@dataclass
class Account:
    username: str
    cookie_header: str
    paths: dict[str, str]  # page name -> path


def prepare_account(server: Server, username: str) -> Account:
    cookies = login(server, username)
    member = _first_link(server, cookies, "/members/?q=nguyen", r'href="/members/(\d+)/"')
    unit = _first_link(server, cookies, "/units/", r'href="/units/(\d+)/"', besides=None)
    paths = {page: page.format(member=member, unit=unit) for page in PAGES}
    cookie_header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return Account(username, cookie_header, paths)


@dataclass
class Sample:
    page: str
    seconds: float
    error: str = ""


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed before the response")
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while size := int((await reader.readline()).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readline()
    else:
        await reader.read()
        headers["connection"] = "close"
    return status, headers


class VirtualUser:
    def __init__(self, number: int, account: Account, port: int) -> None:
        self.number = number
        self.account = account
        self.port = port
        self.connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def _close(self) -> None:
        if self.connection is not None:
            writer = self.connection[1]
            self.connection = None
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    async def _request(self, path: str) -> tuple[int, dict[str, str]]:
        if self.connection is None:
            self.connection = await asyncio.open_connection(HOST, self.port)
        reader, writer = self.connection
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\nAccept-Language: vi\r\n"
            f"Cookie: {self.account.cookie_header}\r\nConnection: keep-alive\r\n\r\n".encode()
        )
        await writer.drain()
        status, headers = await _read_response(reader)
        if headers.get("connection", "").lower() == "close":
            await self._close()
        return status, headers

    async def run(self, deadline: float, samples: list[Sample]) -> None:
        pages = list(self.account.paths.items())
        turn = self.number
        while time.monotonic() < deadline:
            page, path = pages[turn % len(pages)]
            turn += 1
            started = time.perf_counter()
            error = ""
            try:
                status, headers = await asyncio.wait_for(self._request(path), REQUEST_TIMEOUT)
                if not 200 <= status < 400:
                    error = f"HTTP {status}"
                elif headers.get("location", "").startswith("/login/"):
                    error = "redirected to the login page"
            except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError) as problem:
                error = type(problem).__name__
                await self._close()
            samples.append(Sample(page, time.perf_counter() - started, error))
        await self._close()


async def _alone(accounts: list[Account], port: int) -> dict[str, float]:
    """Milliseconds per page with nothing else running: the median over the accounts, after one warm-up round."""
    times: dict[str, list[float]] = {page: [] for page in PAGES}
    for round_ in ("warm-up", "timed"):
        for account in accounts:
            user = VirtualUser(0, account, port)
            for page, path in account.paths.items():
                started = time.perf_counter()
                status, _ = await asyncio.wait_for(user._request(path), REQUEST_TIMEOUT)
                if not 200 <= status < 400:
                    raise LoadError(f"{path} answered {status} to {account.username}")
                if round_ == "timed":
                    times[page].append((time.perf_counter() - started) * 1000)
            await user._close()
    return {page: statistics.median(values) for page, values in times.items() if values}


async def _run_users(accounts: list[Account], port: int, users: int, seconds: float) -> tuple[list[Sample], float]:
    samples: list[Sample] = []
    started = time.monotonic()
    deadline = started + seconds
    virtual_users = [VirtualUser(number, accounts[number % len(accounts)], port) for number in range(users)]
    await asyncio.gather(*(user.run(deadline, samples) for user in virtual_users))
    return samples, time.monotonic() - started


@dataclass
class Row:
    page: str
    requests: int
    errors: int
    throughput: float
    median_ms: float
    p95_ms: float
    alone_ms: float | None = None
    error_kinds: set[str] = field(default_factory=set)


def _row(page: str, samples: list[Sample], elapsed: float) -> Row:
    times = sorted(sample.seconds * 1000 for sample in samples)
    p95 = statistics.quantiles(times, n=100, method="inclusive")[94] if len(times) > 1 else times[0]
    errors = [sample.error for sample in samples if sample.error]
    median = statistics.median(times)
    return Row(page, len(samples), len(errors), len(samples) / elapsed, median, p95, error_kinds=set(errors))


def summarise(samples: list[Sample], elapsed: float, alone: dict[str, float]) -> list[Row]:
    """One row per page in the order of PAGES, then the overall row."""
    rows = []
    for page in PAGES:
        of_page = [sample for sample in samples if sample.page == page]
        if of_page:
            rows.append(_row(page, of_page, elapsed))
            rows[-1].alone_ms = alone.get(page)
    if samples:
        rows.append(_row("overall", samples, elapsed))
    return rows


def format_table(rows: list[Row]) -> str:
    lines = [f"{'page':<26} {'requests':>9} {'errors':>7} {'req/s':>8} {'median ms':>10} {'p95 ms':>9} {'alone ms':>9}"]
    for row in rows:
        alone = f"{row.alone_ms:>9.0f}" if row.alone_ms is not None else f"{'':>9}"
        lines.append(
            f"{row.page:<26} {row.requests:>9} {row.errors:>7} {row.throughput:>8.1f} "
            f"{row.median_ms:>10.0f} {row.p95_ms:>9.0f} {alone}"
            + (f"  ({', '.join(sorted(row.error_kinds))})" if row.error_kinds else "")
        )
    return "\n".join(lines)


def machine() -> str:
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kilobytes = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kilobytes / 1024 / 1024:.0f} GB RAM"
    return (
        f"{model}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def _versions() -> str:
    from importlib.metadata import version

    return f"Django {version('django')}, gunicorn {version('gunicorn')}"


def markdown(rows: list[Row], users: int, seconds: float, workers: int, summary: str, load: float) -> str:
    lines = [
        "",
        HEADING.format(users=users),
        "",
        f"{date.today():%Y-%m-%d}, `bench/load.py --users {users} --seconds {seconds:g} --workers {workers}`.",
        f"Machine: {machine()}; {_versions()}. The client runs on the same cores as the server; load average "
        f"{load:.1f} when the users started (the machine is shared).",
        "",
        f"gunicorn with {workers} sync workers on loopback, production settings (DEBUG off; HTTPS redirect off), "
        f"a scratch SQLite database (WAL) with the demo data: {summary.removeprefix('Demo data loaded: ')} "
        f"{users} virtual users over the five committee demo accounts' sessions, each requesting the pages below one "
        "after another with no pause (a closed loop, so latency includes the wait for a free worker). "
        "*alone*: the same page with no other request of the test running (median over the accounts, after a warm-up "
        "round).",
        "",
        "| page | requests | errors | req/s | median ms | p95 ms | alone ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        name = "**overall**" if row.page == "overall" else f"`{row.page}`"
        alone = f"{row.alone_ms:.0f}" if row.alone_ms is not None else ""
        lines.append(
            f"| {name} | {row.requests} | {row.errors} | {row.throughput:.1f} | {row.median_ms:.0f} "
            f"| {row.p95_ms:.0f} | {alone} |"
        )
    overall = rows[-1]
    lines += [
        "",
        f"Little's law: {users} users / {overall.throughput:.1f} req/s = {users / overall.throughput:.1f} s in the "
        f"system per request, against a median of {overall.median_ms / 1000:.1f} s: at this concurrency the latency "
        "is the queue for a worker, and throughput is bounded by the CPU time per page on the machine's cores.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200, help="concurrent virtual users (default 200)")
    parser.add_argument("--seconds", type=float, default=30, help="how long the users keep requesting (default 30)")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--out", type=Path, help="append the results as a Markdown section to this file")
    options = parser.parse_args(argv)
    if options.users < 1 or options.seconds <= 0 or options.workers < 1:
        parser.error("--users, --seconds and --workers must be positive")

    try:
        print("Preparing the demo database and starting gunicorn ...", flush=True)
        with demo_server(options.workers) as server:
            accounts = [prepare_account(server, username) for username in DEMO_USERS]
            print(
                f"{options.users} users for {options.seconds:g} s against {server.base_url} "
                f"({options.workers} workers) ...",
                flush=True,
            )
            alone = asyncio.run(_alone(accounts, server.port))
            load = os.getloadavg()[0]
            samples, elapsed = asyncio.run(_run_users(accounts, server.port, options.users, options.seconds))
            summary = server.demo_summary
    except LoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    rows = summarise(samples, elapsed, alone)
    print(format_table(rows))
    errors = sum(1 for sample in samples if sample.error)
    print(f"errors: {errors}")
    if options.out:
        with open(options.out, "a", encoding="utf-8") as out:
            out.write(markdown(rows, options.users, options.seconds, options.workers, summary, load))
    return 1 if errors or not samples else 0


if __name__ == "__main__":
    sys.exit(main())
