from django.core.paginator import Paginator


def page_of(queryset, number, size):
    """The page ``number`` (as given in the query string) of ``queryset``, or the nearest one,
    and whether the one asked for was replaced (its template then says so)."""
    page = Paginator(queryset, size).get_page(number)
    return page, number is not None and number != str(page.number)
