"""The list of data migrations that tests/factories/migrated.py replays after a flush is whole:
a new migration granting a role its rights, left out of it, would leave the browser tests' desk
users without those rights (a 403 only when that test runs after another transactional one)."""

from django.db.migrations.loader import MigrationLoader

from tests.factories.migrated import GRANTS


def test_every_migration_that_grants_rights_is_replayed():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    granting = {
        type(migration).__module__
        for migration in loader.disk_migrations.values()
        if callable(
            getattr(__import__(type(migration).__module__, fromlist=["grant"]), "grant", None)
        )
    }
    assert granting == set(GRANTS)
