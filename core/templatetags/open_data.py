from django import template

from ..open_data import DATASETS, OpenDataLicence

register = template.Library()


@register.inclusion_tag("includes/open_data.html", takes_context=True)
def open_data_downloads(context, feed_url=None):
    return {
        "datasets": DATASETS,
        "licence": OpenDataLicence.current(),
        "feed_url": feed_url,
        "archive": context.get("archive"),
    }


@register.filter
def dataset_url(dataset, format):
    return dataset.url(format)
