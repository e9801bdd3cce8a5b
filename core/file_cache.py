import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

_MISSING = object()


class UncompressedFileCache(FileBasedCache):
    """Django's file cache without its zlib: pages are kept with their brotli and gzip bodies
    already, and inflating the directory's entry again took a third of a cached answer. Its
    own file names, so that an entry Django's file cache wrote is never read as one of ours."""

    cache_suffix = ".page"

    def get(self, key, default=None, version=None):
        try:
            with open(self._key_to_file(key, version), "rb") as file:
                if not self._is_expired(file):
                    return pickle.loads(file.read())
        except FileNotFoundError:
            pass
        return default

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, _MISSING, version)
        if value is _MISSING:
            return False
        self.set(key, value, timeout, version)
        return True
