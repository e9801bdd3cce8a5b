"""Django's admin strings whose French reads badly with the site's names ("Ajout de
initiative", "Ajouter un objet Objectif supplémentaire"): translated in locale/, where the
site's catalogue wins over Django's. Listed here so that `make messages` keeps them."""

from django.utils.translation import gettext_noop

ADMIN_WORDING = [
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Add another %(verbose_name)s"),
    # The admin's log and history ("Ajout de objectif", "Modification de Nom [en]").
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("Changed {fields}."),
    # The groups the migrations create (core/roles.py), named in the admin's language.
    gettext_noop("Editors"),
    gettext_noop("Translators"),
]
