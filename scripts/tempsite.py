"""A throw-away copy of the site for the measuring scripts (bench, audit, screenshots) and
the tests of the production setup (several servers, a bucket).

Its own SQLite database in a temporary folder (or the PostgreSQL database of DATABASE_URL
when given), DEBUG off, static files through WhiteNoise, served by gunicorn on 127.0.0.1 on a
free port in a process group of its own, which ``stop()`` ends (also on Ctrl-C or an error).
``env`` adds or overrides variables (REDIS_URL, the bucket's…); two sites given the same
``database_url`` and ``REDIS_URL`` are two app servers of one site, only one of them prepared.
"""

import fcntl
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TempSite:
    def __init__(self, database_url=None, workers=2, env=None):
        self.tmp = tempfile.TemporaryDirectory(prefix="cities-site-")
        self.dir = Path(self.tmp.name)
        self.port = free_port()
        self.workers = workers
        self.process = None
        self.env = {
            **os.environ,
            "SECRET_KEY": "temporary-site-" + os.urandom(8).hex(),
            "DEBUG": "",
            "DATABASE_URL": database_url or f"sqlite:///{self.dir / 'site.sqlite3'}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "MEDIA_ROOT": str(self.dir / "media"),
            # Its own page cache: another copy's content version is not its own.
            "CACHE_DIR": str(self.dir / "cache"),
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "cities_site.settings",
            **(env or {}),
        }

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args):
        subprocess.run(
            [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=self.env, check=True, stdout=sys.stderr
        )

    def prepare(self, load_content=True):
        self.manage("migrate", "--noinput", "-v0")
        if load_content:
            self.manage("load_content", "-v0")
        # One at a time: copies started side by side (the tests' workers) share staticfiles/.
        lock = Path(tempfile.gettempdir()) / f"cities-collectstatic-{os.getuid()}.lock"
        with open(lock, "w") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            self.manage("collectstatic", "--noinput", "-v0")

    def run_python(self, code):
        """``code`` in a process of the site's, on its database (and cache)."""
        subprocess.run([PYTHON, "-c", code], cwd=BASE_DIR, env=self.env, check=True)

    def add_samples(self):
        """Three generated partners and eight sample initiatives (politique-0 to -7), so
        that lists and a comparison have something to show."""
        code = (
            "import django, random; django.setup(); from scripts.benchdata import generate; "
            "generate(random.Random(7), 3, 8)"
        )
        self.run_python(code)

    def start(self, retries=2):
        log = open(self.dir / "server.log", "wb")  # noqa: SIM115 - closed once passed on
        self.process = subprocess.Popen(
            [
                GUNICORN,
                # Plain gunicorn, whatever gunicorn.conf.py says: only these flags count.
                "--config",
                "/dev/null",
                "cities_site.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--pid",
                str(self.dir / "gunicorn.pid"),
                "--access-logfile",
                "-" if os.environ.get("ACCESS_LOG") else "/dev/null",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()  # the server writes to its own copy of the file descriptor
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                said = (self.dir / "server.log").read_text(errors="replace")
                if "Address already in use" in said and retries:
                    # Another process took the free port between its choice and the bind.
                    self.port = free_port()
                    return self.start(retries - 1)
                raise RuntimeError(f"The server stopped:\n{said[-3000:]}")
            try:
                urllib.request.urlopen(self.url + "/robots.txt", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("The server did not answer within 60 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def close(self):
        self.stop()
        self.tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
