"""Uploads in a private S3-compatible bucket, linked through the site's own /media/ addresses
(core/media.py decides what is public and redirects to a signed address)."""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PrivateBucketStorage(S3Storage):
    def url(self, name, *args, **kwargs):
        return settings.MEDIA_URL + filepath_to_uri(name)

    def bucket_url(self, name, **kwargs):
        return super().url(name, **kwargs)
