import os
import pickle
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

_MISSING = object()
# Entries kept as read, per process and thread, before they are all forgotten.
READ_ENTRIES = 64


class UncompressedFileCache(FileBasedCache):
    """Django's file cache without its zlib: pages are kept with their brotli and gzip bodies
    already, and inflating the directory's entry again took a third of a cached answer. Its
    own file names, so that an entry Django's file cache wrote is never read as one of ours."""

    cache_suffix = ".page"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._read = {}  # file → (its stat, expiry, pickled value)

    def get(self, key, default=None, version=None):
        # Django writes an entry to a new file renamed over the old one, so the same stat is
        # the same entry, not read again: the content version, asked on every request, and
        # the pages asked often. Only once its file is a second old, since a file written in
        # the same tick of the clock may get a freed inode and the same size.
        path = self._key_to_file(key, version)
        try:
            seen = self._read.get(path)
            if seen is None or seen[0] != _identity(os.stat(path)):
                with open(path, "rb") as file:
                    stat = os.fstat(file.fileno())
                    seen = _identity(stat), pickle.load(file), file.read()
                if stat.st_mtime < time.time() - 1:
                    if len(self._read) >= READ_ENTRIES:
                        self._read.clear()
                    self._read[path] = seen
        except FileNotFoundError:
            return default
        _seen_as, expiry, value = seen
        if expiry is not None and expiry < time.time():
            return default
        return pickle.loads(value)

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, _MISSING, version)
        if value is _MISSING:
            return False
        self.set(key, value, timeout, version)
        return True


def _identity(stat):
    return stat.st_ino, stat.st_mtime_ns, stat.st_size
