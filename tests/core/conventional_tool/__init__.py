"""A tool declared by convention (`modules.declare`), for `test_module_conventions.py`: its
pages, process-page block, privacy and gates' pages are found in their conventional places."""
