"""The staff dashboard: server-rendered web pages beside the Telegram chat (Sanic + Jinja2, no CDN).

app.py builds the app, web.py holds what every page shares (sign-in check, role check, CSRF, rendering),
pages/ has one module per area. The business logic stays in buurtbot/; pages only call it.
"""
