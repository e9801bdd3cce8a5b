"""nginx (deploy/nginx.conf) on loopback in front of the site.

`make edge`: in front of the site served as `make serve` does (gunicorn, gunicorn.conf.py),
until Ctrl-C. ``Edge`` is the same nginx for the tests and `make bench`.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
TEMP_FOLDERS = ("body", "proxy", "fastcgi", "uwsgi", "scgi", "cache")


def wait_for(url, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def nginx():
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


class Edge:
    def __init__(self, site_port, port, media_root, admin_url="admin/"):
        self.tmp = tempfile.TemporaryDirectory(prefix="cities-edge-")
        self.dir = Path(self.tmp.name)
        self.port = port
        values = {
            "RUN": str(self.dir),
            "PORT": str(site_port),
            "EDGE_PORT": str(port),
            "BASE": str(BASE_DIR),
            "MEDIA": str(media_root),
            "ADMIN_URL": admin_url,
        }
        conf = (BASE_DIR / "deploy" / "nginx.conf").read_text()
        for name, value in values.items():
            conf = conf.replace(f"@{name}@", value)
        for folder in TEMP_FOLDERS:
            (self.dir / folder).mkdir()
        if os.geteuid() == 0:  # nginx's workers run as www-data: their folders are theirs
            conf = "user www-data;\n" + conf
            self.dir.chmod(0o755)
            for folder in TEMP_FOLDERS:
                shutil.chown(self.dir / folder, "www-data")
        self.conf = self.dir / "nginx.conf"
        self.conf.write_text(conf)
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        command = [nginx(), "-c", str(self.conf), "-p", str(self.dir), "-e", "stderr"]
        subprocess.run([*command, "-t", "-q"], check=True)
        self.process = subprocess.Popen(command, start_new_session=True)
        wait_for(self.url + "/robots.txt", 10)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        self.tmp.cleanup()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main():
    if not nginx():
        sys.exit("nginx is needed: sudo apt-get install nginx")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cities_site.settings")
    os.environ.setdefault("MEDIA_ACCEL_REDIRECT", "/protected-media/")
    sys.path.insert(0, str(BASE_DIR))
    import django
    from django.conf import settings

    django.setup()
    site_port, port = int(os.environ.get("PORT", 8000)), int(os.environ.get("EDGE_PORT", 8080))
    gunicorn = [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"]
    site = subprocess.Popen(gunicorn, cwd=BASE_DIR, env={**os.environ, "PORT": str(site_port)})
    try:
        wait_for(f"http://127.0.0.1:{site_port}/robots.txt", 60)
        with Edge(site_port, port, settings.MEDIA_ROOT, settings.ADMIN_URL) as edge:
            print(
                f"The site is at {edge.url}/ (nginx, in front of gunicorn at {site_port}; "
                "Ctrl-C stops both)"
            )
            site.wait()
    except KeyboardInterrupt:
        pass
    finally:
        site.terminate()
        site.wait(timeout=30)


if __name__ == "__main__":
    main()
