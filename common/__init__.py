"""Helpers shared by the apps and the project package (mmn_portal).

A leaf: it imports nothing from the apps or from mmn_portal, so apps use it without
importing the project package, and the project package imports the apps one way only.
"""
