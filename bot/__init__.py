"""The front end: forwards chat messages to Rasa and renders its answers, in Telegram or in the terminal.
It is started by the launcher (`python -m launcher`)."""
