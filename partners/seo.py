from core.seo import SCHEMA, absolute, address, plain


def partner_organization(request, partner):
    data = {
        "@context": SCHEMA,
        "@type": "Organization",
        "name": partner.name,
        "url": absolute(request, partner.get_absolute_url()),
        "description": plain(partner.description),
    }
    if partner.city_id:
        data["address"] = address(partner.city.name, partner.city.country.code)
    if partner.website:
        data["sameAs"] = [partner.website]
    if partner.logo_rendition:
        data["logo"] = absolute(request, partner.logo_rendition.url)
    return data
