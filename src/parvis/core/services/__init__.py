"""Domain logic of the core app: every write goes through these modules."""
