"""The large data set of `make bench`: 1,000 partners and 5,000 initiatives, both languages."""

CITIES = [
    ("Montréal", "Montréal", "CA", "45.5019", "-73.5674"),
    ("Québec", "Quebec City", "CA", "46.8139", "-71.2080"),
    ("Séoul", "Seoul", "KR", "37.5665", "126.9780"),
    ("Barcelone", "Barcelona", "ES", "41.3874", "2.1686"),
    ("Bilbao", "Bilbao", "ES", "43.2630", "-2.9350"),
    ("Mondragón", "Mondragón", "ES", "43.0643", "-2.4900"),
    ("Lyon", "Lyon", "FR", "45.7640", "4.8357"),
    ("Dakar", "Dakar", "SN", "14.7167", "-17.4677"),
    ("São Paulo", "São Paulo", "BR", "-23.5505", "-46.6333"),
    ("Bogota", "Bogotá", "CO", "4.7110", "-74.0721"),
    ("Tunis", "Tunis", "TN", "36.8065", "10.1815"),
    ("Gwangju", "Gwangju", "KR", "35.1595", "126.8526"),
]
WORDS_FR = (
    "économie sociale solidaire coopérative logement emploi insertion alimentation circuit "
    "court financement municipal partenariat innovation territoire quartier culture énergie"
).split()
WORDS_EN = (
    "social solidarity economy cooperative housing employment inclusion food short supply "
    "funding municipal partnership innovation territory neighbourhood culture energy"
).split()


def sentence(words, n, rng):
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def generate(rng, partner_count, initiative_count, first=0):
    """Bulk-creates the large data set (save() is skipped: slugs are set, the search index
    is written once at the end)."""
    from django.db import connection, transaction

    from core.cache import forget_cached_pages
    from core.places import City
    from initiatives import search
    from initiatives.models import Axis, Initiative, Objective, PolicyType, Theme
    from partners.models import Category, Partner, Region

    with transaction.atomic():
        cities = []
        for name_fr, name_en, country, latitude, longitude in CITIES:
            city, _ = City.objects.get_or_create(
                name_fr=name_fr,
                defaults={
                    "name_en": name_en,
                    "country": country,
                    "latitude": latitude,
                    "longitude": longitude,
                },
            )
            cities.append(city)
        categories = list(Category.objects.all())
        regions = list(Region.objects.all())
        partners = []
        for n in range(first, first + partner_count):
            city = rng.choice(cities)
            category = rng.choice(categories)
            partners.append(
                Partner(
                    is_published=True,
                    name_fr=f"Organisation {n} de {city.name_fr}",
                    name_en=f"Organisation {n} of {city.name_en}",
                    slug_fr=f"organisation-{n}",
                    slug_en=f"organisation-{n}-en",
                    category=category,
                    region=rng.choice(regions) if category.has_regions else None,
                    city=city,
                    website=f"https://example.org/{n}/",
                    description_fr=sentence(WORDS_FR, 30, rng),
                    description_en=sentence(WORDS_EN, 30, rng),
                    order=n,
                )
            )
        partners = Partner.objects.bulk_create(partners, batch_size=500)
        themes = list(Theme.objects.all())
        for n in range(12 - len(themes)):
            theme = Theme(name_fr=f"Thème {n}", name_en=f"Theme {n}", key=f"bench-theme-{n}")
            theme.save()
            themes.append(theme)
        types = list(PolicyType.objects.all())
        initiatives = []
        for n in range(first, first + initiative_count):
            city = rng.choice(cities)
            initiatives.append(
                Initiative(
                    is_published=True,
                    title_fr=f"Politique {n}: " + sentence(WORDS_FR, 5, rng),
                    title_en=f"Policy {n}: " + sentence(WORDS_EN, 5, rng),
                    slug_fr=f"politique-{n}",
                    slug_en=f"policy-{n}",
                    organisation=rng.choice(partners),
                    year=rng.randint(1995, 2025),
                    city=city,
                    country=city.country,
                    level=rng.choice(["municipal", "regional", "national", "international"]),
                    policy_type=rng.choice(types) if types else None,
                    summary_fr=sentence(WORDS_FR, 25, rng),
                    summary_en=sentence(WORDS_EN, 25, rng),
                    introduction_fr=" ".join(sentence(WORDS_FR, 40, rng) for _ in range(3)),
                    introduction_en=" ".join(sentence(WORDS_EN, 40, rng) for _ in range(3)),
                )
            )
        initiatives = Initiative.objects.bulk_create(initiatives, batch_size=500)
        through = Initiative.themes.through
        links, objectives, axes = [], [], []
        for initiative in initiatives:
            for theme in rng.sample(themes, 3):
                links.append(through(initiative_id=initiative.pk, theme_id=theme.pk))
            for order in range(3):
                objectives.append(
                    Objective(
                        initiative=initiative,
                        order=order,
                        text_fr=sentence(WORDS_FR, 12, rng),
                        text_en=sentence(WORDS_EN, 12, rng),
                    )
                )
                axes.append(
                    Axis(
                        initiative=initiative,
                        order=order,
                        text_fr=sentence(WORDS_FR, 12, rng),
                        text_en=sentence(WORDS_EN, 12, rng),
                    )
                )
        through.objects.bulk_create(links, batch_size=2000)
        Objective.objects.bulk_create(objectives, batch_size=2000)
        Axis.objects.bulk_create(axes, batch_size=2000)
        search.reindex(Initiative)
    # As the database would be once settled: statistics for the query planner, and on
    # PostgreSQL what autovacuum does (the search vectors' update left every row twice).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    # Bulk creation sends no signal: forget what was made of the shipped content.
    forget_cached_pages()
