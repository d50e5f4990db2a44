"""The front end: forwards chat messages to Rasa and renders its answers (Telegram or terminal),
and starts the stack (`python -m bot run|serve|train`)."""
