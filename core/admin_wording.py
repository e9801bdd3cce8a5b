"""Django's admin strings whose French reads badly with the site's names ("Ajout de
initiative", "Ajouter un objet Objectif supplémentaire"): translated in locale/, where the
site's catalogue wins over Django's. Listed here so that `make messages` keeps them."""

from django.utils.translation import gettext_noop

ADMIN_WORDING = [
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Add another %(verbose_name)s"),
]
