"""The search engines behind ``archive.search``: each executes the engine-neutral plan
(``archive.search.plan``) and keeps its own index in step with the database. ``base.py``
says what an engine implements; nothing here knows about HTTP or decides what a query means."""
