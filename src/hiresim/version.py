"""The package's version, in one place (the package, its manifests and its workers
report it)."""

__version__ = "0.1.0"
