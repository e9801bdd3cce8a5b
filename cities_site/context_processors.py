from .i18n import language_links


def language_alternates(request):
    """The language switch of every page; views with translated slugs override it."""
    return {"language_links": lambda: language_links(request)}
