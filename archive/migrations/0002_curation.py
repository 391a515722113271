"""Curation: folded search columns, document/meeting aliases for merges, ignored names without a person."""
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def fill_search_folded(apps, schema_editor):
    """Existing rows get the folded column their save() would now write."""
    from archive.text import fold

    def folded(*parts):
        return fold(" ".join(str(p) for p in parts if p))[:600]

    plans = {
        "Province": lambda o: folded(o.name, *o.aliases),
        "Source": lambda o: folded(o.name, o.domain, o.marker),
        "Article": lambda o: folded(o.title, o.file_name),
        "Document": lambda o: folded(o.kind, "số", o.number, o.issuer, o.subject),
        "Meeting": lambda o: folded(o.kind, o.organ, o.term and f"khóa {o.term}", o.session and f"lần thứ {o.session}",
                                    o.location),
    }
    for name, plan in plans.items():
        model = apps.get_model("archive", name)
        rows = list(model.objects.all())
        for row in rows:
            row.search_folded = plan(row)
        model.objects.bulk_update(rows, ["search_folded"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_folded',
            field=models.CharField(blank=True, editable=False, max_length=600),
        ),
        migrations.AddField(
            model_name='document',
            name='search_folded',
            field=models.CharField(blank=True, editable=False, max_length=600),
        ),
        migrations.AddField(
            model_name='meeting',
            name='search_folded',
            field=models.CharField(blank=True, editable=False, max_length=600),
        ),
        migrations.AddField(
            model_name='position',
            name='created',
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='position',
            name='updated',
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name='province',
            name='search_folded',
            field=models.CharField(blank=True, editable=False, max_length=600),
        ),
        migrations.AddField(
            model_name='source',
            name='search_folded',
            field=models.CharField(blank=True, editable=False, max_length=600),
        ),
        migrations.AlterField(
            model_name='personalias',
            name='person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='archive.person'),
        ),
        migrations.CreateModel(
            name='DocumentAlias',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=300, unique=True, verbose_name='khóa nhận diện')),
                ('label', models.CharField(blank=True, max_length=300, verbose_name='tên cũ')),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='archive.document', verbose_name='văn bản')),
            ],
            options={
                'verbose_name': 'văn bản đã gộp',
                'verbose_name_plural': 'văn bản đã gộp',
            },
        ),
        migrations.CreateModel(
            name='MeetingAlias',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=300, unique=True, verbose_name='khóa nhận diện')),
                ('label', models.CharField(blank=True, max_length=300, verbose_name='tên cũ')),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='archive.meeting', verbose_name='hội nghị')),
            ],
            options={
                'verbose_name': 'hội nghị đã gộp',
                'verbose_name_plural': 'hội nghị đã gộp',
            },
        ),
        migrations.RunPython(fill_search_folded, migrations.RunPython.noop),
    ]
