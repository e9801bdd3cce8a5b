from django.db import models
from django.db.models import F

from .content import LoadedContent  # noqa: F401 (models of this app)
from .open_data import OpenDataLicence  # noqa: F401
from .outdated import OutdatedTranslation  # noqa: F401
from .places import City  # noqa: F401
from .translated_slugs import FormerSlug  # noqa: F401


class ContentVersion(models.Model):
    """One row: a number raised by every change to the content, in the change's own
    transaction, so that the page cache's namespace can never run ahead of what is committed
    nor be lost with the cache."""

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return str(self.number)

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).values_list("number", flat=True).first() or 0

    @classmethod
    def bump(cls):
        if not cls.objects.filter(pk=1).update(number=F("number") + 1):
            cls.objects.update_or_create(pk=1, defaults={"number": 1})
