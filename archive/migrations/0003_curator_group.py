"""The "Biên tập viên" (curator) group: view and change what the archive read, never users or groups.

Curators may also add and remove positions, aliases and mentions (removing a mention
in the admin rejects it, so it stays gone on re-ingest). They get no permission on
auth models; the raw article text is read-only in the admin for everyone.
"""
from django.db import migrations

GROUP = "Biên tập viên"
VIEW_CHANGE = (
    "article", "person", "position", "document", "meeting", "province", "source",
    "personmention", "documentmention", "meetingmention", "personalias", "documentalias", "meetingalias",
)
ADD_DELETE = ("position", "personmention", "documentmention", "meetingmention", "personalias")


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; the group needs them now.
    app_config = apps.get_app_config("archive")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = [f"{action}_{model}" for model in VIEW_CHANGE for action in ("view", "change")]
    wanted += [f"{action}_{model}" for model in ADD_DELETE for action in ("add", "delete")]
    perms = list(Permission.objects.filter(content_type__app_label="archive", codename__in=wanted))
    missing = set(wanted) - {p.codename for p in perms}
    if missing:
        raise RuntimeError(f"curator group: permissions not found: {sorted(missing)}")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*perms)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_curation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
