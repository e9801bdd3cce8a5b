from django.core.paginator import Paginator


def page_of(queryset, number, size, count=None):
    """The page ``number`` (as given in the query string) of ``queryset``, or the nearest one,
    and whether the one asked for was replaced (its template then says so). ``count``, when
    the caller has counted ``queryset`` already, saves counting it again."""
    paginator = Paginator(queryset, size)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(number)
    return page, number is not None and number != str(page.number)
