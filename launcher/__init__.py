"""Starts Buurtbot: the servers, the front end and the worker (`python -m launcher`), and trains the model."""
