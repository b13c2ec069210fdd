from django.core.management.base import BaseCommand

from parvis.panels.activity import send_all_inactivity_alerts


class Command(BaseCommand):
    help = ("Tell the organisers of every panel in activity which members have had no"
            " activity for the panel's inactivity period (run daily; a member is reported"
            " once per period of silence).")

    def handle(self, *args, **options):
        counts = send_all_inactivity_alerts()
        for slug, count in counts.items():
            self.stdout.write(f"{slug}: {count} inactive member(s) reported")
        self.stdout.write(f"inactivity alerts sent for {len(counts)} panel(s)")
