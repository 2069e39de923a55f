"""schema.org JSON-LD for article and entity pages, built from rows the page has already loaded."""

from .models import Article, Organization, Person, Place, Source, Topic

CONTEXT = "https://schema.org"
PLACE_TYPES = {Place.Kind.COUNTRY: "Country", Place.Kind.CITY: "City"}


def _place(place: Place, absolute) -> dict:
    data = {"@type": PLACE_TYPES.get(place.kind, "Place"), "name": place.name, "url": absolute(place)}
    if place.latitude is not None and place.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    return data


def _organization(organization, absolute) -> dict:
    return {"@type": "Organization", "name": organization.name, "url": absolute(organization)}


def article_json_ld(article: Article, absolute) -> dict:
    """A NewsArticle; `absolute(obj)` turns an object into its absolute URL."""
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": article.headline,
        "url": absolute(article),
        "mainEntityOfPage": absolute(article),
        "inLanguage": article.language,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat(),
    }
    if article.dek:
        data["description"] = article.dek
    if article.byline:
        data["author"] = [{"@type": "Person", "name": article.byline}]
    if article.publisher:
        data["publisher"] = _organization(article.publisher, absolute)
    mentions = []
    for appearance in article.appearances.all():
        person = {"@type": "Person", "name": appearance.person.name, "url": absolute(appearance.person)}
        if appearance.title:
            person["jobTitle"] = appearance.title
        if appearance.organization:
            person["affiliation"] = _organization(appearance.organization, absolute)
        mentions.append(person)
    mentions += [_organization(m.organization, absolute) for m in article.organization_mentions.all()]
    places = [_place(m.place, absolute) for m in article.place_mentions.all()]
    data["mentions"] = mentions + places
    if article.dateline:
        data["contentLocation"] = _place(article.dateline, absolute)
    elif places:
        data["contentLocation"] = places
    credits = article.credits.all()
    if credits:
        data["citation"] = [_organization(credit.source, absolute) for credit in credits]
    topics = article.topics.all()
    if topics:
        data["about"] = [{"@type": "Thing", "name": topic.name, "url": absolute(topic)} for topic in topics]
    if article.rights:
        data["copyrightNotice"] = article.rights
    if article.original_url:
        data["isBasedOn"] = article.original_url
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def entity_json_ld(entity, absolute) -> dict:
    """Person, Organization or Place (Source and Topic pages describe an Organization and a Thing)."""
    if isinstance(entity, Place):
        data = _place(entity, absolute)
        if entity.parent:
            data["containedInPlace"] = _place(entity.parent, absolute)
    elif isinstance(entity, Organization | Source):
        data = _organization(entity, absolute)
        parent = getattr(entity, "parent", None)
        if parent:
            data["parentOrganization"] = _organization(parent, absolute)
        if getattr(entity, "homepage", ""):
            data["sameAs"] = entity.homepage
    elif isinstance(entity, Person):
        data = {"@type": "Person", "name": entity.name, "url": absolute(entity)}
    else:
        assert isinstance(entity, Topic)
        data = {"@type": "Thing", "name": entity.name, "url": absolute(entity)}
    if entity.description:
        data["description"] = entity.description
    aliases = [alias.name for alias in entity.aliases.all()] if hasattr(entity, "aliases") else []
    if aliases:
        data["alternateName"] = aliases
    return {"@context": CONTEXT, **data}
