"""Parvis: a citizen participation and digital public services platform."""
