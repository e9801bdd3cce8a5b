"""The directory's sections, and its map of the partners' cities.

The map is an equirectangular projection of the world on a 1000 × 500 plane
(``static/img/world-land.svg`` holds the land outline on the same plane), cropped around the
cities. Cities closer than a label's height share one dot cluster: each keeps its own dot and
label, stacked beside the cluster, so that each is a link of its own.
"""

from django.utils.text import slugify

from core.templatetags.translated import translated

from .models import place_key


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


def project(latitude, longitude):
    x = (float(longitude) + 180) / 360 * WIDTH
    y = (90 - float(latitude)) / 180 * HEIGHT
    return round(x, 1), round(y, 1)


def _cities(partners):
    """One city per name and country: partners placed a few kilometres apart in the same
    city (a town hall and a network downtown) share its dot, placed by the first of them."""
    cities, by_place = {}, {}
    for partner in partners:
        if not partner.has_coordinates:
            continue
        key = place_key(partner.latitude, partner.longitude)
        city = by_place.get(key)
        if city is None:
            name_text = translated(partner, "city")
            name = str(name_text) or partner.place or partner.name
            same_name = (name.casefold(), str(translated(partner, "country")).casefold())
            city = cities.get(same_name) if str(name_text) else None
            if city is None:
                x, y = project(partner.latitude, partner.longitude)
                city = cities[same_name if str(name_text) else key] = {
                    "name": name,
                    "lang": name_text.language if name_text.is_fallback else "",
                    "x": x,
                    "y": y,
                    "anchor": _unique_anchor(name, cities),
                    "keys": [],
                    "partners": [],
                }
            city["keys"].append(key)
            by_place[key] = city
        city["partners"].append(partner)
    return sorted(cities.values(), key=lambda c: (c["x"], c["y"]))


def _unique_anchor(name, cities):
    base = f"city-{slugify(name) or len(cities) + 1}"
    taken = {city["anchor"] for city in cities.values()}
    anchor, suffix = base, 2
    while anchor in taken:
        anchor, suffix = f"{base}-{suffix}", suffix + 1
    return anchor


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


def _place_labels(clusters, right_edge):
    for cluster in clusters:
        cluster.sort(key=lambda c: c["y"])
        cx = sum(c["x"] for c in cluster) / len(cluster)
        cy = sum(c["y"] for c in cluster) / len(cluster)
        on_left = cx > right_edge - 150
        first_y = cy - (len(cluster) - 1) * LABEL_STEP / 2
        for index, city in enumerate(cluster):
            city["label_x"] = round(cx - 14 if on_left else cx + 14, 1)
            city["label_y"] = round(first_y + index * LABEL_STEP, 1)
            city["text_anchor"] = "end" if on_left else "start"
            city["leader"] = len(cluster) > 1


def _view_box(cities):
    xs = [c["x"] for c in cities]
    ys = [c["y"] for c in cities]
    left, right = max(min(xs) - 70, 0), min(max(xs) + 70, WIDTH)
    width = right - left
    height = max(max(ys) - min(ys) + 80, width / MIN_ASPECT)
    top = min(max((min(ys) + max(ys)) / 2 - height / 2, 0), HEIGHT - height)
    return round(left, 1), round(top, 1), round(width, 1), round(height, 1)


def partner_map(placed):
    """The map's cities and view box, or None when no partner has coordinates.

    ``placed`` is what ``Partner.objects.for_map(places)`` gives: some partners of each place, and
    the number of partners at each place."""
    partners, counts = placed
    cities = _cities(partners)
    if not cities:
        return None
    left, top, width, height = _view_box(cities)
    _place_labels(_clusters(cities), left + width)
    for city in cities:
        city["count"] = sum(counts[key] for key in city["keys"])
        city["others"] = city["count"] - len(city["partners"])
        city["single"] = city["partners"][0] if city["count"] == 1 else None
    return {
        "cities": cities,
        "view_box": f"{left} {top} {width} {height}",
        "width": WIDTH,
        "height": HEIGHT,
    }
