"""Reading many rows without the ORM's cost per row."""

from django.core.exceptions import EmptyResultSet
from django.db import connections


def read_rows(queryset):
    """A values_list's rows read straight from the cursor: for thousands of rows, the ORM's
    (and modeltranslation's) iterators cost more than the query; for a queryset that
    can match nothing (``pk__in=[]``): none."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
