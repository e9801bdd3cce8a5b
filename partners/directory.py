"""The directory's sections, and its map: an equirectangular projection on a 1000 × 500 plane
(that of ``static/img/world-land.svg``), close cities' labels stacked beside their dots."""

from collections import defaultdict

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from core.i18n import localized
from core.places import City
from core.templatetags.translated import translated

from .models import DIRECTORY_ORDER, Partner

MAP_PARTNERS_PER_CITY = 8


def directory_sections(partners):
    """Group partners (already in directory order) into the directory's sections.

    Each section is a category with its groups; in a category grouped by region, each
    region is a group with its heading, and partners without a region come last, ungrouped.
    """
    sections = []
    for partner in partners:
        category = partner.category
        if not sections or sections[-1]["category"].pk != category.pk:
            sections.append({"category": category, "groups": []})
        groups = sections[-1]["groups"]
        region = partner.region if category.has_regions else None
        region_pk = region.pk if region else None
        if not groups or groups[-1]["region_pk"] != region_pk:
            groups.append({"region": region, "region_pk": region_pk, "partners": []})
        groups[-1]["partners"].append(partner)
    return sections


WIDTH, HEIGHT = 1000, 500
CLUSTER_DISTANCE = 24
LABEL_STEP = 20
MIN_ASPECT = 2.2
PHONE_LABEL_STEP = 52
PHONE_FONT = 28


def project(latitude, longitude):
    x = (float(longitude) + 180) / 360 * WIDTH
    y = (90 - float(latitude)) / 180 * HEIGHT
    return round(x, 1), round(y, 1)


def map_cities(per_city=MAP_PARTNERS_PER_CITY):
    """The cities of published partners that have coordinates, each with its number of
    partners and the first ``per_city`` of them in the directory's order."""
    published = Q(partners__is_published=True)
    rows = (
        City.objects.filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(partner_count=Count("partners", filter=published))
        .filter(partner_count__gt=0)
    )
    named = (
        Partner.objects.published()
        .filter(city__in=rows)
        .annotate(rank=Window(RowNumber(), partition_by=F("city_id"), order_by=DIRECTORY_ORDER))
        .filter(rank__lte=per_city)
        .order_by("rank")
        .only("city", *localized("name"), *localized("slug"))
    )
    partners = defaultdict(list)
    for partner in named:
        partners[partner.city_id].append(partner)
    cities = []
    for row in rows:
        name = translated(row, "name")
        x, y = project(row.latitude, row.longitude)
        cities.append(
            {
                "name": str(name),
                "lang": name.language if name.is_fallback else "",
                "x": x,
                "y": y,
                "anchor": f"city-{row.key}",
                "count": row.partner_count,
                "partners": partners[row.pk],
                "others": row.partner_count - len(partners[row.pk]),
                "single": partners[row.pk][0] if row.partner_count == 1 else None,
            }
        )
    return sorted(cities, key=lambda c: (c["x"], c["y"]))


def _clusters(cities):
    clusters = []
    for city in cities:
        for cluster in clusters:
            if any(
                abs(city["x"] - other["x"]) < CLUSTER_DISTANCE
                and abs(city["y"] - other["y"]) < CLUSTER_DISTANCE
                for other in cluster
            ):
                cluster.append(city)
                break
        else:
            clusters.append([city])
    return clusters


def _place_labels(clusters, right_edge, step=LABEL_STEP, font=15):
    """Each city's label beside its cluster, stacked ``step`` apart, and the box a finger
    or a pointer may hit: the dot and the label, ``step`` high (text widths estimated)."""
    for cluster in clusters:
        cluster.sort(key=lambda c: c["y"])
        cx = sum(c["x"] for c in cluster) / len(cluster)
        cy = sum(c["y"] for c in cluster) / len(cluster)
        on_left = cx > right_edge - 10 * font
        first_y = cy - (len(cluster) - 1) * step / 2
        for index, city in enumerate(cluster):
            city["label_x"] = round(cx - 14 if on_left else cx + 14, 1)
            city["label_y"] = round(first_y + index * step, 1)
            city["text_anchor"] = "end" if on_left else "start"
            city["leader"] = len(cluster) > 1
            width = len(city["name"]) * 0.62 * font + 14
            city["hit_x"] = round(city["label_x"] - width if on_left else cx - step / 2, 1)
            city["hit_y"] = round(city["label_y"] - step / 2, 1)
            city["hit_width"] = round(width + step / 2, 1)
            city["hit_height"] = step


def _view_box(cities):
    xs = [c["x"] for c in cities]
    ys = [c["y"] for c in cities]
    left, right = max(min(xs) - 70, 0), min(max(xs) + 70, WIDTH)
    width = right - left
    height = max(max(ys) - min(ys) + 80, width / MIN_ASPECT)
    top = min(max((min(ys) + max(ys)) / 2 - height / 2, 0), HEIGHT - height)
    return round(left, 1), round(top, 1), round(width, 1), round(height, 1)


def partner_map():
    """The map's cities and view box, or None when no partner's city has coordinates."""
    cities = map_cities()
    if not cities:
        return None
    left, top, width, height = _view_box(cities)
    _place_labels(_clusters(cities), left + width)
    # On a phone the map is about half its width: labels twice the size, stacked so that
    # each link is at least 24 px high (WCAG 2.2's target size).
    phone = [dict(city) for city in cities]
    _place_labels(_clusters(phone), left + width, step=PHONE_LABEL_STEP, font=PHONE_FONT)
    return {
        "cities": cities,
        "phone_cities": phone,
        "view_box": f"{left} {top} {width} {height}",
        "width": WIDTH,
        "height": HEIGHT,
    }
