"""One module per area of the dashboard; each has `register(app)`."""
