"""``manage.py send_alerts``: send the due email digests (archive.alerts.digests), from cron or a timer.

Thin: it runs one ``digests.run()`` and prints its report; it must never send anything itself.
A run already in progress makes it skip (exit 0); a mail server failing again and again, exit 1.
"""
from django.core.management.base import BaseCommand, CommandError

from archive.alerts import digests


class Command(BaseCommand):
    help = "Gửi thư tóm tắt bài mới cho các đăng ký nhận thông báo đã đến hạn (an toàn khi chạy lại)."

    def handle(self, *args, **options):
        try:
            report = digests.run()
        except digests.RunInProgress as exc:
            self.stdout.write(f"send_alerts: skipped, {exc}")
            return
        self.stdout.write(report.summary())
        for pk, reason in report.failed[:20]:
            self.stderr.write(f"subscription #{pk}: {reason}")
        if report.stopped:
            raise CommandError(f"send_alerts stopped: {report.stopped}; the rest stays owed to the next run")
