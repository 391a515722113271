"""Tally the unreviewed facts of every stored article (the review queue's counts), and give the
curator group the new curation records: merge history (undo), the audit trail (read only),
tenure corrections and "not the same" pairs."""
from django.db import migrations

GROUP = "Biên tập viên"
RIGHTS = {
    "mergerecord": ("view", "change"),
    "curationevent": ("view",),
    "tenurecorrection": ("view", "add", "change", "delete"),
    "distinctpair": ("view", "add", "delete"),
}


def tally(apps, schema_editor):
    from archive import review

    review.rebuild(apps)


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("archive")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = [f"{action}_{model}" for model, actions in RIGHTS.items() for action in actions]
    perms = list(Permission.objects.filter(content_type__app_label="archive", codename__in=wanted))
    missing = set(wanted) - {p.codename for p in perms}
    if missing:
        raise RuntimeError(f"curator group: permissions not found: {sorted(missing)}")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_curation_at_scale")]

    operations = [
        migrations.RunPython(tally, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
