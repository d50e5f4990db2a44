"""A local fake of the Telegram Bot API HTTP server, for end-to-end tests with real HTTP.

python-telegram-bot (or any other client) talks to it exactly as it talks to Telegram: requests arrive
at ``/bot<TOKEN>/<method>`` as JSON, URL-encoded forms or multipart uploads, and answers come back as
``{"ok": true, "result": ...}`` with realistic User, Chat and Message objects. Tests play the users'
side: they queue updates (``push_text``, ``push_command``, ``push_callback``, ``push_update``), which the
bot receives through ``getUpdates`` long polling, and they inspect what the bot did (``sent``,
``answered_callbacks``, ``commands``, ``webhook``).

In an async test, the server shares the test's event loop::

    async with FakeTelegram() as fake:
        application = (
            Application.builder().token(fake.token)
            .base_url(fake.api_url).base_file_url(fake.file_url).build()
        )
        ...
        fake.push_text(42, "hoi")
        call = await fake.wait_for_sent_async(lambda c: c.chat_id == 42)

When the bot runs in another thread (``Application.run_polling``) or in a sync test, run the server in a
background thread with its own event loop::

    with FakeTelegram.running() as fake:
        ...
        fake.push_command(42, "start")
        call = fake.wait_for_sent(lambda c: c.text == "Welkom!")

``fake.api_url`` is ``f"{fake.base_url}/bot"`` and ``fake.file_url`` is ``f"{fake.base_url}/file/bot"``;
PTB appends the token to both. For the project's own code, set ``TELEGRAM_API_URL=fake.base_url``.

Errors are injected with ``fail_next("sendMessage", 429, retry_after=1)`` (the next call of that method
fails) and ``block_user(chat_id)`` (every send to that chat fails with 403 "bot was blocked by the user").

Everything the tests call is thread-safe. Implemented methods: getMe, getUpdates, sendMessage, sendPhoto,
sendDocument, sendChatAction, editMessageText, editMessageReplyMarkup, answerCallbackQuery,
setMyCommands, getMyCommands, deleteMyCommands, setWebhook, deleteWebhook, getWebhookInfo, getFile
(plus file downloads), close and logOut. Method names are case-insensitive, as on Telegram; any other
method answers 404 "Not Found: method not found".
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import socket
import threading
import time
import zlib
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, Callable, Deque, Dict, Iterator, List, Optional, Tuple, Union

from aiohttp import web

DEFAULT_TOKEN = "123456789:AAFakeTelegramTokenForTests"

ChatId = Union[int, str]
Predicate = Callable[["Call"], bool]

# Form values arrive as strings; every other value is JSON-encoded by the client (numbers, booleans,
# reply_markup, commands, scope...). These parameters are plain text and must never be JSON-decoded.
PLAIN_TEXT_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "secret_token",
        "ip_address",
        "language_code",
        "action",
        "file_id",
        "business_connection_id",
        "message_effect_id",
        "photo",
        "document",
        "audio",
        "video",
        "voice",
        "animation",
        "sticker",
        "video_note",
        "thumbnail",
    }
)
# Update types Telegram leaves out unless they are asked for in allowed_updates.
OPT_IN_UPDATE_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# Methods that write into a chat: they fail when the chat's user blocked the bot.
SEND_PREFIXES = ("send", "edit", "copy", "forward")

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
POLL_TERMINATED = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
STANDARD_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class BotApiError(Exception):
    """A Bot API error answer: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, error_code: int, description: str, parameters: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(f"{error_code} {description}")
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> Dict[str, Any]:
        body: Dict[str, Any] = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass(frozen=True)
class UploadedFile:
    """A file the bot uploaded in a multipart request."""

    filename: Optional[str]
    content: bytes
    content_type: Optional[str] = None

    def __repr__(self) -> str:
        return f"UploadedFile(filename={self.filename!r}, {len(self.content)} bytes, {self.content_type!r})"


@dataclass(frozen=True)
class Call:
    """One recorded Bot API call: its parameters (decoded), uploaded files and outcome."""

    method: str
    params: Dict[str, Any]
    files: Dict[str, UploadedFile] = field(default_factory=dict)
    ok: bool = True
    result: Any = None
    error_code: Optional[int] = None
    description: Optional[str] = None

    @property
    def chat_id(self) -> Optional[ChatId]:
        return self.params.get("chat_id")

    @property
    def text(self) -> Optional[str]:
        """The message text, or the caption of a photo or document."""
        return self.params.get("text", self.params.get("caption"))

    @property
    def reply_markup(self) -> Optional[Dict[str, Any]]:
        return self.params.get("reply_markup")

    @property
    def buttons(self) -> List[Dict[str, Any]]:
        """The inline keyboard's buttons, row by row, as sent (``{"text": ..., "callback_data": ...}``)."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    @property
    def message_id(self) -> Optional[int]:
        if isinstance(self.result, dict) and "message_id" in self.result:
            return self.result["message_id"]
        return self.params.get("message_id")

    @property
    def file(self) -> Optional[UploadedFile]:
        """The first uploaded file, if any."""
        return next(iter(self.files.values()), None)


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: Optional[bytes]

    def to_json(self) -> Dict[str, Any]:
        info: Dict[str, Any] = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.content is not None:
            info["file_size"] = len(self.content)
            info["file_path"] = self.file_path
        return info


@dataclass
class _Incoming:
    """The decoded parameters and uploads of one request, with small validation helpers."""

    params: Dict[str, Any]
    files: Dict[str, UploadedFile]

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    def require(self, name: str, description: Optional[str] = None) -> Any:
        value = self.params.get(name)
        if value is None or value == "":
            raise BotApiError(400, description or f"Bad Request: {name} is empty")
        return value

    def number(self, name: str, default: float) -> float:
        value = self.params.get(name, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise BotApiError(400, f"Bad Request: invalid {name} specified")
        return value

    def integer(self, name: str, default: int) -> int:
        return int(self.number(name, default))


class FakeTelegram:
    """A fake Bot API server. See the module docstring for how to use it in tests."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "buurtbot_test_bot",
        bot_first_name: str = "Buurtbot",
        host: str = "127.0.0.1",
    ) -> None:
        self.token = token
        self.host = host
        self.port: Optional[int] = None
        bot_id = token.split(":", 1)[0]
        self.me: Dict[str, Any] = {
            "id": int(bot_id) if bot_id.isdigit() else 123456789,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self._cond = threading.Condition()  # guards all state below; notified whenever a call is recorded
        self._handlers: Dict[str, Callable[[_Incoming], Any]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "sendChatAction": self._send_chat_action,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "getFile": self._get_file,
            "close": self._close,
            "logOut": self._log_out,
        }
        self._method_names = {name.lower(): name for name in self._handlers}
        self._ids = itertools.count(1)  # file ids, callback query ids
        self._poll_generation = 0  # the newest getUpdates call wins; older long polls end
        self.reset()
        # Server plumbing.
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._runner: Optional[web.AppRunner] = None
        self._thread: Optional[threading.Thread] = None
        self._updates_changed: Optional[asyncio.Event] = None
        self._closing = False

    def reset(self) -> None:
        """Forgets all updates, recorded calls, stored messages and injected errors (the server keeps running)."""
        with self._cond:
            self._updates: List[Dict[str, Any]] = []
            self._next_update_id = 1
            self._allowed_updates: Optional[List[str]] = None
            self._calls: List[Call] = []
            self._sent: List[Call] = []
            self._answered: List[Dict[str, Any]] = []
            self._callback_data: Dict[str, Optional[str]] = {}
            self._commands: Dict[str, Dict[str, Any]] = {}
            self._webhook: Dict[str, Any] = {"url": "", "secret_token": None}
            self._users: Dict[int, Dict[str, Any]] = {}
            self._chats: Dict[ChatId, Dict[str, Any]] = {}
            self._messages: Dict[Tuple[ChatId, int], Dict[str, Any]] = {}
            self._last_message_id: Dict[ChatId, int] = defaultdict(int)
            self._files: Dict[str, _StoredFile] = {}
            self._failures: Dict[str, Deque[BotApiError]] = defaultdict(deque)
            self._blocked: set = set()
            self.closed = False
            self.logged_out = False

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("FakeTelegram is not running")
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """For ``ApplicationBuilder.base_url`` / ``Bot(base_url=...)``."""
        return f"{self.base_url}/bot"

    @property
    def file_url(self) -> str:
        """For ``ApplicationBuilder.base_file_url`` / ``Bot(base_file_url=...)``."""
        return f"{self.base_url}/file/bot"

    async def start(self) -> "FakeTelegram":
        """Starts serving on a free port of ``host``, in the running event loop."""
        if self._runner is not None:
            raise RuntimeError("FakeTelegram is already running")
        self._loop = asyncio.get_running_loop()
        self._updates_changed = asyncio.Event()
        self._closing = False
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # handler_cancellation: a long poll whose client went away stops waiting.
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=2.0, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((self.host, 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def stop(self) -> None:
        """Ends pending long polls and stops the server."""
        if self._runner is None:
            return
        self._closing = True
        self._wake_pollers()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> "FakeTelegram":
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @classmethod
    @contextlib.contextmanager
    def running(cls, *args: Any, **kwargs: Any) -> Iterator["FakeTelegram"]:
        """Runs a new fake in a background thread with its own event loop, for the ``with`` block."""
        fake = cls(*args, **kwargs)
        fake._start_thread()
        try:
            yield fake
        finally:
            fake._stop_thread()

    def _start_thread(self, timeout: float = 10.0) -> None:
        loop = asyncio.new_event_loop()
        started = threading.Event()
        failure: List[BaseException] = []

        def serve() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self.start())
            except BaseException as exc:  # reported to the starting thread
                failure.append(exc)
            started.set()
            if not failure:
                loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=serve, name="fake-telegram", daemon=True)
        self._thread.start()
        if not started.wait(timeout):
            raise RuntimeError("FakeTelegram did not start in time")
        if failure:
            raise failure[0]

    def _stop_thread(self, timeout: float = 10.0) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(timeout)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout)
            self._thread = None

    # ------------------------------------------------------------------ the users' side: queue updates

    def make_user(self, user_id: int, first_name: str = "Test", language_code: Optional[str] = "nl") -> Dict[str, Any]:
        """A User object; it is remembered, so the bot's messages to this user show the same chat."""
        user: Dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        with self._cond:
            self._users[user_id] = user
        return dict(user)

    def make_chat(
        self, chat_id: ChatId, chat_type: str = "private", first_name: str = "Test", title: Optional[str] = None
    ) -> Dict[str, Any]:
        """A Chat object (remembered, like users)."""
        if chat_type == "private":
            chat: Dict[str, Any] = {"id": chat_id, "type": "private", "first_name": first_name}
        else:
            chat = {"id": chat_id, "type": chat_type, "title": title or f"Test {chat_type}"}
        with self._cond:
            self._chats[chat_id] = chat
        return dict(chat)

    def make_message(
        self,
        user_id: int,
        *,
        first_name: str = "Test",
        language_code: Optional[str] = "nl",
        chat_id: Optional[ChatId] = None,
        chat_type: str = "private",
        **content: Any,
    ) -> Dict[str, Any]:
        """A Message from a user, with the next message_id of its chat; ``content`` adds the fields that
        make it a text, photo, voice, location... (``text=...``, ``photo=[...]``, ``location={...}``).
        Channel posts (``chat_type="channel"``) have a ``sender_chat`` instead of ``from``."""
        if chat_id is None:
            if chat_type != "private":
                raise ValueError(f"chat_id is required for a {chat_type} chat")
            chat_id = user_id
        chat = self.make_chat(chat_id, chat_type, first_name=first_name)
        message: Dict[str, Any] = {"message_id": self._next_message_id(chat_id), "date": int(time.time()), "chat": chat}
        if chat_type == "channel":
            message["sender_chat"] = chat
        else:
            message["from"] = self.make_user(user_id, first_name, language_code)
        message.update(content)
        return message

    def push_update(self, update: Dict[str, Any]) -> Dict[str, Any]:
        """Queues any update (``{"message": ...}``, ``{"edited_message": ...}``, ``{"channel_post": ...}``...);
        an ``update_id`` is added when missing. Returns the queued update."""
        update = copy.deepcopy(update)
        with self._cond:
            if "update_id" not in update:
                update = {"update_id": self._next_update_id, **update}
            self._next_update_id = max(self._next_update_id, update["update_id"]) + 1
            query = update.get("callback_query")
            if query:
                self._callback_data[query["id"]] = query.get("data")
            self._updates.append(update)
        self._wake_pollers()
        return copy.deepcopy(update)

    def push_text(
        self,
        user_id: int,
        text: str,
        first_name: str = "Test",
        language_code: Optional[str] = "nl",
        chat_id: Optional[ChatId] = None,
        chat_type: str = "private",
    ) -> Dict[str, Any]:
        """A user types ``text``. Returns the queued update."""
        message = self.make_message(
            user_id, first_name=first_name, language_code=language_code, chat_id=chat_id, chat_type=chat_type, text=text
        )
        return self.push_update({"message": message})

    def push_command(
        self,
        user_id: int,
        command: str,
        args: str = "",
        first_name: str = "Test",
        language_code: Optional[str] = "nl",
        chat_id: Optional[ChatId] = None,
        chat_type: str = "private",
    ) -> Dict[str, Any]:
        """A user sends ``/command args`` (with its bot_command entity). Returns the queued update."""
        command = "/" + command.lstrip("/")
        text = f"{command} {args}" if args else command
        message = self.make_message(
            user_id,
            first_name=first_name,
            language_code=language_code,
            chat_id=chat_id,
            chat_type=chat_type,
            text=text,
            entities=[{"type": "bot_command", "offset": 0, "length": len(command)}],
        )
        return self.push_update({"message": message})

    def push_callback(
        self,
        user_id: int,
        data: str,
        message_id: Optional[int] = None,
        chat_id: Optional[ChatId] = None,
        first_name: str = "Test",
        language_code: Optional[str] = "nl",
    ) -> Dict[str, Any]:
        """A user presses an inline button with callback ``data`` under one of the bot's messages: the one
        with ``message_id``, else the latest one offering that button, else the latest with a keyboard.
        Returns the queued update (its ``callback_query.id`` is what the bot answers)."""
        chat_id = user_id if chat_id is None else chat_id
        user = self.make_user(user_id, first_name, language_code)
        with self._cond:
            message = self._message_pressed(chat_id, data, message_id)
            query_id = str(4_000_000_000_000_000_000 + next(self._ids))  # Telegram's ids are long digit strings
        query = {
            "id": query_id,
            "from": user,
            "chat_instance": str(zlib.crc32(str(chat_id).encode())),
            "data": data,
            "message": message,
        }
        return self.push_update({"callback_query": query})

    def _message_pressed(self, chat_id: ChatId, data: str, message_id: Optional[int]) -> Dict[str, Any]:
        if message_id is not None:
            found = self._messages.get((chat_id, message_id))
            if found is None:
                raise KeyError(f"the bot sent no message {message_id} to chat {chat_id}")
            return copy.deepcopy(found)
        ours = [m for (chat, _), m in sorted(self._messages.items(), key=lambda item: item[0][1]) if chat == chat_id]
        with_button = [m for m in ours if any(b.get("callback_data") == data for b in _buttons(m))]
        with_keyboard = [m for m in ours if _buttons(m)]
        for candidates in (with_button, with_keyboard):
            if candidates:
                return copy.deepcopy(candidates[-1])
        # The bot never showed that button here: invent the message that carried it.
        keyboard = {"inline_keyboard": [[{"text": data, "callback_data": data}]]}
        return self._store_bot_message(chat_id, {"text": "…", "reply_markup": keyboard})

    # ------------------------------------------------------------------ the bot's side: inspect

    @property
    def sent(self) -> List[Call]:
        """Successful calls that wrote into a chat (send*, edit*), in order."""
        with self._cond:
            return list(self._sent)

    @property
    def calls(self) -> List[Call]:
        """Every call except getUpdates, including failed ones (``ok=False``)."""
        with self._cond:
            return list(self._calls)

    def sent_to(self, chat_id: ChatId, method: Optional[str] = None) -> List[Call]:
        """The ``sent`` calls to one chat (of one method, e.g. "sendPhoto", when given)."""
        return [c for c in self.sent if c.chat_id == chat_id and (method is None or c.method == method)]

    def texts(self, chat_id: Optional[ChatId] = None) -> List[str]:
        """The texts of sendMessage calls (to ``chat_id``, or to anyone)."""
        return [c.text for c in self.sent if c.method == "sendMessage" and (chat_id is None or c.chat_id == chat_id)]

    @property
    def answered_callbacks(self) -> List[Dict[str, Any]]:
        """answerCallbackQuery calls: callback_query_id, data (of the pressed button), text, show_alert, url, cache_time."""
        with self._cond:
            return copy.deepcopy(self._answered)

    @property
    def commands(self) -> Dict[str, Dict[str, Any]]:
        """What setMyCommands stored, by scope key ("default", "all_private_chats", "chat:42",
        "chat_member:-100:42"; "/<language_code>" is appended when one was given). Each value holds
        ``scope``, ``language_code`` and ``commands`` as sent."""
        with self._cond:
            return copy.deepcopy(self._commands)

    @property
    def webhook(self) -> Dict[str, Any]:
        """The current webhook: ``url`` ("" when none) and ``secret_token``, plus what else setWebhook got."""
        with self._cond:
            return copy.deepcopy(self._webhook)

    @property
    def pending_updates(self) -> List[Dict[str, Any]]:
        """Queued updates the bot has not confirmed yet."""
        with self._cond:
            return copy.deepcopy(self._updates)

    def message(self, chat_id: ChatId, message_id: int) -> Optional[Dict[str, Any]]:
        """The bot's message as it is now (after edits), or None."""
        with self._cond:
            return copy.deepcopy(self._messages.get((chat_id, message_id)))

    def add_file(self, content: bytes, filename: Optional[str] = None) -> Dict[str, Any]:
        """Stores a file the bot can getFile and download; returns ``{"file_id", "file_unique_id",
        "file_size", "file_path"}`` for use in a pushed photo, voice or document."""
        with self._cond:
            return self._store_file(content, "documents", filename).to_json()

    # ------------------------------------------------------------------ waiting

    def wait_until(self, condition: Callable[[], Any], timeout: float = 30.0) -> Any:
        """Blocks until ``condition()`` (quick, evaluated under the fake's lock) is truthy; returns its value.
        Raises TimeoutError. Never call it from an event loop that must keep running meanwhile (the
        fake's own, or the bot's): there, use ``await wait_until_async(...)``."""
        if self._loop is not None and self._loop is _running_loop():
            raise RuntimeError("wait_until would block the fake's own event loop; use wait_until_async")
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                result = condition()
                remaining = deadline - time.monotonic()
                if result or remaining <= 0:
                    break
                self._cond.wait(min(remaining, 0.05))  # woken early when a call is recorded
        if not result:
            raise TimeoutError(f"condition not met within {timeout} s; sent: {self.sent!r}")
        return result

    async def wait_until_async(self, condition: Callable[[], Any], timeout: float = 30.0) -> Any:
        """Like ``wait_until``, without blocking the event loop."""
        deadline = time.monotonic() + timeout
        while True:
            result = condition()
            if result:
                return result
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition not met within {timeout} s; sent: {self.sent!r}")
            await asyncio.sleep(0.01)

    def wait_for_sent(self, predicate: Optional[Predicate] = None, timeout: float = 30.0, *, start: int = 0) -> Call:
        """Blocks until a call in ``sent[start:]`` matches ``predicate`` (any call when None); returns it."""
        return self.wait_until(lambda: self._first_sent(predicate, start), timeout)

    async def wait_for_sent_async(
        self, predicate: Optional[Predicate] = None, timeout: float = 30.0, *, start: int = 0
    ) -> Call:
        """Like ``wait_for_sent``, without blocking the event loop."""
        return await self.wait_until_async(lambda: self._first_sent(predicate, start), timeout)

    def _first_sent(self, predicate: Optional[Predicate], start: int) -> Optional[Call]:
        return next((c for c in self.sent[start:] if predicate is None or predicate(c)), None)

    # ------------------------------------------------------------------ error injection

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: Optional[str] = None,
        retry_after: Optional[int] = None,
        *,
        times: int = 1,
    ) -> None:
        """The next ``times`` calls of ``method`` (e.g. "sendMessage" or "send_message") fail with this
        Telegram error; ``retry_after`` adds ``{"parameters": {"retry_after": ...}}`` (flood control)."""
        if description is None:
            description = (
                f"Too Many Requests: retry after {retry_after}"
                if error_code == 429
                else STANDARD_DESCRIPTIONS.get(error_code, "Error")
            )
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        key = method.replace("_", "").lower()
        if key not in self._method_names:
            raise ValueError(f"FakeTelegram does not implement {method}")
        with self._cond:
            for _ in range(times):
                self._failures[key].append(BotApiError(error_code, description, parameters))

    def block_user(self, chat_id: ChatId) -> None:
        """From now on every send to ``chat_id`` fails with 403 "Forbidden: bot was blocked by the user"."""
        with self._cond:
            self._blocked.add(chat_id)

    def unblock_user(self, chat_id: ChatId) -> None:
        """Undoes ``block_user``."""
        with self._cond:
            self._blocked.discard(chat_id)

    # ------------------------------------------------------------------ HTTP plumbing

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error_response(BotApiError(401, "Unauthorized"))
        method = self._method_names.get(request.match_info["method"].lower())
        if method is None:
            return _error_response(BotApiError(404, "Not Found: method not found"))
        try:
            incoming = await _read_request(request)
        except ValueError as exc:
            return _error_response(BotApiError(400, f"Bad Request: {exc}"))
        try:
            self._raise_injected(method, incoming)
            handler = self._handlers[method]
            if asyncio.iscoroutinefunction(handler):  # getUpdates: waits, and takes the lock itself
                result = await handler(incoming)
            else:
                with self._cond:
                    result = handler(incoming)
        except BotApiError as error:
            self._record(
                Call(method, incoming.params, incoming.files, False, None, error.error_code, error.description)
            )
            return _error_response(error)
        self._record(Call(method, incoming.params, incoming.files, True, copy.deepcopy(result)))
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.Response:
        with self._cond:
            stored = next((f for f in self._files.values() if f.file_path == request.match_info["path"]), None)
        if request.match_info["token"] != self.token or stored is None or stored.content is None:
            return _error_response(BotApiError(404, "Not Found"))
        return web.Response(body=stored.content, content_type="application/octet-stream")

    def _raise_injected(self, method: str, incoming: _Incoming) -> None:
        with self._cond:
            failures = self._failures.get(method.lower())
            if failures:
                raise failures.popleft()
            if method.lower().startswith(SEND_PREFIXES) and incoming.get("chat_id") in self._blocked:
                raise BotApiError(403, "Forbidden: bot was blocked by the user")

    def _record(self, call: Call) -> None:
        if call.method == "getUpdates":
            return
        with self._cond:
            self._calls.append(call)
            if call.ok and call.method.lower().startswith(SEND_PREFIXES):
                self._sent.append(call)
            self._cond.notify_all()

    def _wake_pollers(self) -> None:
        """Thread-safe: long polls re-check the queue (in the server's loop)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop is closing
            loop.call_soon_threadsafe(self._renew_updates_event)

    def _renew_updates_event(self) -> None:
        if self._updates_changed is not None:
            self._updates_changed.set()
        self._updates_changed = asyncio.Event()

    # ------------------------------------------------------------------ methods: bot and updates

    def _get_me(self, incoming: _Incoming) -> Dict[str, Any]:
        return dict(self.me)

    async def _get_updates(self, incoming: _Incoming) -> List[Dict[str, Any]]:
        offset = incoming.integer("offset", 0)
        limit = min(max(incoming.integer("limit", 100), 1), 100)
        timeout = max(incoming.number("timeout", 0), 0)
        with self._cond:
            if self._webhook["url"]:
                raise BotApiError(409, WEBHOOK_ACTIVE)
            self._confirm(offset)
            if incoming.get("allowed_updates") is not None:
                self._allowed_updates = list(incoming.get("allowed_updates"))
            self._poll_generation += 1
            generation = self._poll_generation
        self._renew_updates_event()  # an older long poll ends with a Conflict, as on Telegram
        deadline = time.monotonic() + timeout
        while True:
            changed = self._updates_changed
            with self._cond:
                if generation != self._poll_generation:
                    raise BotApiError(409, POLL_TERMINATED)
                batch = [u for u in self._updates if self._is_allowed(u)][:limit]
            remaining = deadline - time.monotonic()
            if batch or self._closing or remaining <= 0:
                return copy.deepcopy(batch)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    def _confirm(self, offset: int) -> None:
        """Drops confirmed updates: ids below a positive offset, or all but the last -offset ones."""
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

    def _is_allowed(self, update: Dict[str, Any]) -> bool:
        kind = next((key for key in update if key != "update_id"), None)
        if self._allowed_updates:
            return kind in self._allowed_updates
        return kind not in OPT_IN_UPDATE_TYPES

    # ------------------------------------------------------------------ methods: messages

    def _send_message(self, incoming: _Incoming) -> Dict[str, Any]:
        chat_id = incoming.require("chat_id")
        text = incoming.require("text", "Bad Request: message text is empty")
        return self._store_bot_message(chat_id, {"text": text, **self._extras(incoming, "entities", "reply_markup")})

    def _send_photo(self, incoming: _Incoming) -> Dict[str, Any]:
        chat_id = incoming.require("chat_id")
        stored = self._file_param(incoming, "photo", "photos")
        # Real photos come in several sizes; the fake does not read the image, so the sizes are nominal.
        sizes = [
            {
                "file_id": stored.file_id + "-s",
                "file_unique_id": stored.file_unique_id + "s",
                "width": 90,
                "height": 90,
            },
            {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "width": 800, "height": 800},
        ]
        if stored.content is not None:
            sizes[-1]["file_size"] = len(stored.content)
        fields = {"photo": sizes, **self._extras(incoming, "caption", "caption_entities", "reply_markup")}
        return self._store_bot_message(chat_id, fields)

    def _send_document(self, incoming: _Incoming) -> Dict[str, Any]:
        chat_id = incoming.require("chat_id")
        upload = _upload(incoming, "document")
        stored = self._file_param(incoming, "document", "documents")
        document: Dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
        if upload is not None:
            document.update(file_name=upload.filename, mime_type=upload.content_type or "application/octet-stream")
            document["file_size"] = len(upload.content)
        fields = {"document": document, **self._extras(incoming, "caption", "caption_entities", "reply_markup")}
        return self._store_bot_message(chat_id, fields)

    def _send_chat_action(self, incoming: _Incoming) -> bool:
        incoming.require("chat_id")
        incoming.require("action", "Bad Request: wrong parameter action in request")
        return True

    def _edit_message_text(self, incoming: _Incoming) -> Union[Dict[str, Any], bool]:
        text = incoming.require("text", "Bad Request: message text is empty")
        return self._edit(incoming, {"text": text, "reply_markup": incoming.get("reply_markup")})

    def _edit_message_reply_markup(self, incoming: _Incoming) -> Union[Dict[str, Any], bool]:
        return self._edit(incoming, {"reply_markup": incoming.get("reply_markup")})

    def _edit(self, incoming: _Incoming, changes: Dict[str, Any]) -> Union[Dict[str, Any], bool]:
        if incoming.get("inline_message_id"):
            return True  # messages sent via inline mode are not tracked
        key = (incoming.require("chat_id"), incoming.integer("message_id", 0))
        message = self._messages.get(key)
        if message is None:
            raise BotApiError(400, "Bad Request: message to edit not found")
        updated = {k: v for k, v in {**message, **changes}.items() if v is not None}
        if updated == message:
            raise BotApiError(400, NOT_MODIFIED)
        updated["edit_date"] = int(time.time())
        self._messages[key] = updated
        return copy.deepcopy(updated)

    def _answer_callback_query(self, incoming: _Incoming) -> bool:
        query_id = str(incoming.require("callback_query_id"))
        if query_id not in self._callback_data:
            raise BotApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        answer = {"callback_query_id": query_id, "data": self._callback_data[query_id]}
        answer.update((name, incoming.get(name)) for name in ("text", "show_alert", "url", "cache_time"))
        self._answered.append(answer)
        return True

    # ------------------------------------------------------------------ methods: commands, webhook, files, session

    def _set_my_commands(self, incoming: _Incoming) -> bool:
        commands = incoming.get("commands")
        if not isinstance(commands, list):
            raise BotApiError(400, "Bad Request: can't parse commands JSON object")
        scope, language = self._scope(incoming)
        self._commands[_scope_key(scope, language)] = {"scope": scope, "language_code": language, "commands": commands}
        return True

    def _get_my_commands(self, incoming: _Incoming) -> List[Dict[str, Any]]:
        scope, language = self._scope(incoming)
        return copy.deepcopy(self._commands.get(_scope_key(scope, language), {}).get("commands", []))

    def _delete_my_commands(self, incoming: _Incoming) -> bool:
        scope, language = self._scope(incoming)
        self._commands.pop(_scope_key(scope, language), None)
        return True

    @staticmethod
    def _scope(incoming: _Incoming) -> Tuple[Dict[str, Any], str]:
        scope = incoming.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise BotApiError(400, "Bad Request: can't parse BotCommandScope JSON object")
        return scope, incoming.get("language_code") or ""

    def _set_webhook(self, incoming: _Incoming) -> bool:
        url = incoming.get("url") or ""
        if url and not url.startswith("https://"):
            raise BotApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if incoming.get("drop_pending_updates"):
            self._updates.clear()
        self._webhook = {"url": url, "secret_token": incoming.get("secret_token") if url else None}
        if url:
            self._webhook.update(
                max_connections=incoming.get("max_connections", 40),
                allowed_updates=incoming.get("allowed_updates"),
                ip_address=incoming.get("ip_address"),
            )
        return True

    def _delete_webhook(self, incoming: _Incoming) -> bool:
        if incoming.get("drop_pending_updates"):
            self._updates.clear()
        self._webhook = {"url": "", "secret_token": None}
        return True

    def _get_webhook_info(self, incoming: _Incoming) -> Dict[str, Any]:
        info: Dict[str, Any] = {
            "url": self._webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook["url"]:
            info["max_connections"] = self._webhook.get("max_connections", 40)
            if self._webhook.get("allowed_updates") is not None:
                info["allowed_updates"] = self._webhook["allowed_updates"]
        return info

    def _get_file(self, incoming: _Incoming) -> Dict[str, Any]:
        stored = self._files.get(str(incoming.require("file_id")))
        if stored is None or stored.content is None:
            raise BotApiError(400, "Bad Request: invalid file_id")
        return stored.to_json()

    def _close(self, incoming: _Incoming) -> bool:
        self.closed = True
        return True

    def _log_out(self, incoming: _Incoming) -> bool:
        self.logged_out = True
        return True

    # ------------------------------------------------------------------ objects (call with the lock held)

    def _next_message_id(self, chat_id: ChatId) -> int:
        with self._cond:
            self._last_message_id[chat_id] += 1
            return self._last_message_id[chat_id]

    def _chat(self, chat_id: ChatId) -> Dict[str, Any]:
        """The Chat the bot writes to: a known one, or a plausible one made from the id."""
        if chat_id in self._chats:
            return dict(self._chats[chat_id])
        if isinstance(chat_id, str):  # "@channelusername"
            name = chat_id.lstrip("@")
            return {
                "id": -1001000000000 - zlib.crc32(name.encode()),
                "type": "channel",
                "title": name,
                "username": name,
            }
        if chat_id > 0:
            user = self._users.get(chat_id, {})
            return {"id": chat_id, "type": "private", "first_name": user.get("first_name", "Test")}
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        return {"id": chat_id, "type": kind, "title": f"Test {kind}"}

    def _store_bot_message(self, chat_id: ChatId, fields: Dict[str, Any]) -> Dict[str, Any]:
        message = {
            "message_id": self._next_message_id(chat_id),
            "from": {key: self.me[key] for key in ("id", "is_bot", "first_name", "username")},
            "chat": self._chat(chat_id),
            "date": int(time.time()),
            **fields,
        }
        self._messages[(chat_id, message["message_id"])] = message
        return copy.deepcopy(message)

    @staticmethod
    def _extras(incoming: _Incoming, *names: str) -> Dict[str, Any]:
        """The optional parameters that a Message echoes back (reply_markup, caption, entities...)."""
        return {name: incoming.get(name) for name in names if incoming.get(name) not in (None, "", [])}

    def _file_param(self, incoming: _Incoming, name: str, folder: str) -> _StoredFile:
        """The file a send* call carries: an upload (stored, downloadable) or a file_id / URL string."""
        upload = _upload(incoming, name)
        if upload is not None:
            return self._store_file(upload.content, folder, upload.filename)
        reference = incoming.get(name)
        if not isinstance(reference, str) or not reference:
            raise BotApiError(400, f"Bad Request: there is no {name} in the request")
        return self._files.get(reference) or self._store_file(None, folder)

    def _store_file(self, content: Optional[bytes], folder: str, filename: Optional[str] = None) -> _StoredFile:
        n = next(self._ids)
        path = f"{folder}/file_{n}" + (f"_{filename}" if filename else "")
        stored = _StoredFile(f"FAKEFILE{n:06d}", f"U{n:06d}", path, content)
        self._files[stored.file_id] = stored
        return stored


# ---------------------------------------------------------------------- helpers


async def _read_request(request: web.Request) -> _Incoming:
    """Query string plus a JSON, URL-encoded or multipart body, with form values JSON-decoded."""
    params: Dict[str, Any] = dict(request.query)
    files: Dict[str, UploadedFile] = {}
    if request.body_exists:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except json.JSONDecodeError as exc:
                raise ValueError(f"can't parse JSON: {exc}") from None
            if not isinstance(body, dict):
                raise ValueError("the JSON body must be an object")
            params.update(body)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for name, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    with value.file:  # a temporary file
                        files[name] = UploadedFile(value.filename, value.file.read(), value.content_type)
                else:
                    params[name] = value
        else:
            raise ValueError(f"unsupported content type {request.content_type}")
    return _Incoming({name: _decode(name, value) for name, value in params.items()}, files)


def _decode(name: str, value: Any) -> Any:
    """Form values are JSON-encoded unless they are plain text ("42" → 42, '{"inline_keyboard": ...}' → dict)."""
    if not isinstance(value, str) or name in PLAIN_TEXT_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # e.g. chat_id="@channelusername"


def _running_loop() -> Optional[asyncio.AbstractEventLoop]:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _error_response(error: BotApiError) -> web.Response:
    return web.json_response(error.to_json(), status=error.error_code)


def _upload(incoming: _Incoming, name: str) -> Optional[UploadedFile]:
    """The file uploaded for parameter ``name``: as its own part, or as ``attach://<part>``."""
    if name in incoming.files:
        return incoming.files[name]
    reference = incoming.get(name)
    if isinstance(reference, str) and reference.startswith("attach://"):
        attached = incoming.files.get(reference[len("attach://") :])
        if attached is None:
            raise BotApiError(400, f"Bad Request: file {reference} not found")
        return attached
    return None


def _buttons(message: Dict[str, Any]) -> List[Dict[str, Any]]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button for row in rows for button in row]


def _scope_key(scope: Dict[str, Any], language_code: str) -> str:
    """A readable key for a BotCommandScope: "default", "chat:42", "chat_member:-100:42"..."""
    parts = [scope["type"]] + [str(scope[k]) for k in ("chat_id", "user_id") if k in scope]
    key = ":".join(parts)
    return f"{key}/{language_code}" if language_code else key
