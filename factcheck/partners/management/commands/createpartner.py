from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from factcheck.partners import services
from factcheck.partners.models import Partner


class Command(BaseCommand):
    help = (
        "Create a partner of the REST feed and print a new API key for it. The key is shown "
        "this once: only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="The partner's name, e.g. “Orda.kz”.")
        parser.add_argument("--email", default="", help="A contact address at the partner.")
        parser.add_argument("--key-label", default="", help="A label for the key, e.g. production.")

    def handle(self, *args, name, email, key_label, **options):
        if Partner.objects.filter(name=name.strip()).exists():
            raise CommandError(
                f"A partner named {name!r} exists already; give it more keys in the admin "
                "(Partners → the action “Create a new API key”)."
            )
        try:
            partner = services.partner_create(name=name, contact_email=email)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        _key, raw = services.api_key_create(partner=partner, name=key_label)
        self.stderr.write(
            f"Partner {partner.name!r} created. Its API key (shown once, store it now):"
        )
        self.stdout.write(raw)
