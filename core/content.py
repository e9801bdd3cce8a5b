"""The content ledger: what shipped content was loaded once, so that loading again never
brings back what staff deleted or changed."""

from django.apps import apps
from django.core import serializers
from django.db import models
from django.utils.translation import gettext_lazy as _

# The site's content: every model of these apps, and these site-wide ones.
CONTENT_APPS = ("partners", "initiatives", "pages")
SITE_WIDE_CONTENT = (
    "core.city",
    "core.loadedcontent",
    "core.outdatedtranslation",
    "core.formerslug",
    "core.opendatalicence",
)


def is_content(model):
    meta = model._meta
    return meta.app_label in CONTENT_APPS or meta.label_lower in SITE_WIDE_CONTENT


def content_models():
    """Every content model, in an order in which they load (what they point to first)."""
    site_wide = [apps.get_model(label) for label in SITE_WIDE_CONTENT]
    chosen = [(apps.get_app_config(label), None) for label in CONTENT_APPS]
    chosen.append((apps.get_app_config("core"), site_wide))
    return serializers.sort_dependencies(chosen, allow_cycles=True)


class LoadedContent(models.Model):
    """A record of each piece of shipped content once loaded, so that loading again never
    brings back what staff deleted."""

    key = models.CharField(max_length=150, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("loaded content")
        verbose_name_plural = _("loaded content")

    def __str__(self):
        return self.key

    @classmethod
    def keys(cls, prefix):
        return set(cls.objects.filter(key__startswith=prefix).values_list("key", flat=True))

    @classmethod
    def record(cls, key):
        cls.objects.get_or_create(key=key)


def load_by_key(model, items):
    """Each item (a dict with a "key") as an object of ``model``: created the first time it
    is loaded, never updated, and never created again once loaded, since staff may have
    deleted it or changed its key since. Returns the objects found by their shipped key and
    how many were created."""
    prefix = f"{model._meta.label_lower}:"
    loaded = LoadedContent.keys(prefix)
    objects, created = {}, 0
    for item in items:
        record_key = prefix + item["key"]
        found = model.objects.filter(key=item["key"]).first()
        if found is None and record_key not in loaded:
            found = model.objects.create(**item)
            created += 1
        if record_key not in loaded:
            LoadedContent.record(record_key)
        if found is not None:
            objects[item["key"]] = found
    return objects, created
