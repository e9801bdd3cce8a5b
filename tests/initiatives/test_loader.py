"""The shipped content: loaded once, never duplicated, never overwriting staff's changes."""

import io

from django.core.management import call_command

from initiatives import loader
from initiatives.models import Initiative, PolicyType, Theme
from partners.models import Partner


def test_loading_again_creates_nothing_and_keeps_changes(site_content):
    initiative = Initiative.objects.get()
    initiative.title_en = "Changed by staff"
    initiative.save()
    assert loader.load() == 0
    call_command("load_content", verbosity=0, stdout=io.StringIO())
    assert Initiative.objects.count() == 1
    assert Initiative.objects.get().title_en == "Changed by staff"
    assert Theme.objects.count() == 5
    assert PolicyType.objects.count() == 4


def test_the_2009_partnership_as_loaded(site_content):
    initiative = Initiative.objects.get()
    assert initiative.organisation == Partner.objects.get(content_key="ville-de-montreal")
    assert initiative.year == 2009
    assert initiative.level == "municipal"
    assert initiative.policy_type.key == "partnership-agreement"
    assert sorted(initiative.themes.values_list("key", flat=True)) == [
        "collective-entrepreneurship",
        "culture",
        "housing-real-estate",
        "leisure-tourism",
        "sustainable-development",
    ]
    assert initiative.objectives.count() == 3
    assert initiative.axes.count() == 5


def test_without_the_partner_the_organisation_is_named(db):
    assert loader.load() == 10
    initiative = Initiative.objects.get()
    assert initiative.organisation is None
    assert initiative.organisation_name_fr == "Ville de Montréal"
    assert initiative.organisation_name_en == "City of Montréal"


def test_loading_again_brings_back_no_deleted_theme_and_no_renamed_policy_type(site_content):
    Theme.objects.get(key="leisure-tourism").delete()
    renamed = PolicyType.objects.get(key="law-by-law")
    renamed.key = "loi"
    renamed.save()
    call_command("load_content", verbosity=0, stdout=io.StringIO())
    assert not Theme.objects.filter(key="leisure-tourism").exists()
    assert Theme.objects.count() == 4
    assert PolicyType.objects.count() == 4
    assert PolicyType.objects.filter(name_fr=renamed.name_fr).count() == 1
