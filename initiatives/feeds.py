from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from .models import Initiative

FEED_SIZE = 20


class LatestInitiativesFeed(Feed):
    """The latest initiatives, in the language of the address (/fr/… or /en/…)."""

    feed_type = Atom1Feed
    title = _("C.I.T.I.E.S. — latest public-policy initiatives")
    subtitle = _(
        "Public policies that support the social and solidarity economy, shared by cities."
    )

    def link(self):
        return reverse("initiatives:list")

    def feed_url(self):
        return reverse("initiatives:feed")

    def items(self):
        return Initiative.objects.latest()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom says type="html": the plain-text summary is escaped so that readers show it.
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.edited_at or item.created_at

    def item_author_name(self, item):
        return item.organisation_display or None
