"""The newsroom's two roles as permission groups (README, "Editorial workflow")."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = ["credit", "appearance", "organizationmention", "placemention", "event", "quote"]
ENTITIES = ["person", "organization", "place"]
ALIASES = ["personalias", "organizationalias", "placealias"]
EVERYTHING = [
    "article",
    "correction",
    "source",
    "sourcealias",
    "topic",
    *CONTENT,
    *ENTITIES,
    *ALIASES,
]


def codenames(actions, models):
    return [f"{action}_{model}" for model in models for action in actions]


ROLES = {
    # Writes stories and names the people, places and organisations in them; never publishes,
    # never deletes a story, never edits someone else's (enforced in ArticleAdmin).
    "Reporter": [
        *codenames(["add", "change", "view"], ["article"]),
        *codenames(["add", "change", "delete", "view"], CONTENT),
        *codenames(["add", "view"], [*ENTITIES, *ALIASES]),
        *codenames(["view"], ["source", "sourcealias", "topic", "correction"]),
    ],
    # Everything on the content: publishes, schedules, withdraws, corrects, curates and merges entities.
    "Editor": [
        *codenames(["add", "change", "delete", "view"], EVERYTHING),
        "publish_article",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after the whole migrate run; the groups need them now.
    app_config = apps.get_app_config("articles")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        found = Permission.objects.filter(content_type__app_label="articles", codename__in=perms)
        missing = set(perms) - set(found.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"permissions not found for the {name} role: {sorted(missing)}")
        group.permissions.set(found)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow_status"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
