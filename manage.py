#!/usr/bin/env python
"""Django's command-line utility for the Nghị sự archive."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except Exception as exc:
        from archive.faults import storage_fault

        cause = storage_fault(exc)
        if cause is None or "--traceback" in sys.argv:
            raise
        data_dir = os.environ.get("ARCHIVE_DATA_DIR") or "var/"
        sys.stderr.write(f"error: {cause}: nothing can be written under the data directory {data_dir} "
                         f"(ARCHIVE_DATA_DIR); what is stored is unchanged.\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
