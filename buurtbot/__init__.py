"""Buurtbot's domain logic and storage, shared by the action server (actions/) and the front end (bot/)."""
