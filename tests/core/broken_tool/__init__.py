"""A tool whose conventional `demo.py` fails to import, for `test_module_conventions.py`."""
