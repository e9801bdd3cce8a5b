"""An initiative as schema.org ``CreativeWork``, or ``Legislation`` when its policy type is a
legal act (a law, a by-law): the knowledge base also holds agreements, plans, programmes."""

from django.utils import translation

from core.seo import SCHEMA, absolute, address, plain


def initiative_work(request, initiative):
    data = {
        "@context": SCHEMA,
        "@type": "CreativeWork",
        "name": initiative.title,
        "url": absolute(request, initiative.get_absolute_url()),
        "inLanguage": translation.get_language(),
        "dateCreated": str(initiative.year),
        "temporalCoverage": str(initiative.year),
    }
    if initiative.edited_at:
        data["dateModified"] = initiative.edited_at.date().isoformat()
    description = initiative.summary or initiative.introduction
    if description:
        data["description"] = plain(description)
    city = initiative.city.name if initiative.city_id else ""
    if city or initiative.country:
        data["spatialCoverage"] = {
            "@type": "Place",
            "name": ", ".join(part for part in (city, initiative.country.name) if part),
            "address": address(city, initiative.country.code),
        }
    organisation = initiative.organisation if initiative.organisation_id else None
    if organisation is not None or initiative.organisation_name:
        publisher = {"@type": "Organization", "name": initiative.organisation_display}
        if organisation is not None and organisation.is_published:
            publisher["url"] = absolute(request, organisation.get_absolute_url())
        data["publisher"] = publisher
        data["author"] = publisher
    if initiative.policy_type_id:
        data["genre"] = initiative.policy_type.name
    themes = [theme.name for theme in initiative.themes.all()]
    if themes:
        data["keywords"] = themes
    if initiative.policy_type_id and initiative.policy_type.is_legal_act:
        data["@type"] = "Legislation"
        data["legislationType"] = initiative.policy_type.name
        data["legislationDate"] = str(initiative.year)
        if "spatialCoverage" in data:
            data["legislationJurisdiction"] = data["spatialCoverage"]["name"]
    return data
