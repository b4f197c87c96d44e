"""A real Matrix client, matrix-nio with libolm (Debian's python3-matrix-nio, python3-olm), as a recipient
device in an encrypted room, for mxnotify's end-to-end tests.

  nio_recipient.py HOMESERVER USER PASSWORD ROOM_ID STORE_DIR EXPECTED SECONDS

Logs in (a new device), uploads its device and one-time keys, joins ROOM_ID, prints {"ready": device_id},
then syncs until EXPECTED messages decrypted and SECONDS more passed without news (to catch duplicates),
or SECONDS passed after ready in all. Every decrypted message is one line {"body", "event_id", "session_id"};
an event it cannot decrypt is {"undecryptable", "session_id"}. Ends with {"done": true}. Talks only to
HOMESERVER (a loopback address in the tests).
"""
import asyncio
import json
import sys
import time

from nio import AsyncClient, AsyncClientConfig, MegolmEvent, RoomMessageNotice, RoomMessageText


def emit(obj):
    print(json.dumps(obj), flush=True)


async def main(homeserver, user, password, room_id, store, expected, seconds):
    client = AsyncClient(homeserver, user, store_path=store,
                         config=AsyncClientConfig(encryption_enabled=True, store_sync_tokens=False))
    login = await client.login(password, device_name="nio recipient")
    if not hasattr(login, "device_id"):
        emit({"error": "login failed: " + str(login)})
        return
    if client.should_upload_keys:
        await client.keys_upload()
    joined = await client.join(room_id)
    if not hasattr(joined, "room_id"):
        emit({"error": "join failed: " + str(joined)})
        return
    await client.sync(timeout=0, full_state=True)
    if client.should_upload_keys:
        await client.keys_upload()
    received = []

    def on_message(room, event):
        received.append(event.event_id)
        emit({"body": event.body, "event_id": event.event_id, "session_id": getattr(event, "session_id", None),
              "sender": event.sender})

    def on_undecryptable(room, event):
        emit({"undecryptable": event.event_id, "session_id": event.session_id})

    client.add_event_callback(on_message, (RoomMessageText, RoomMessageNotice))
    client.add_event_callback(on_undecryptable, MegolmEvent)
    emit({"ready": client.device_id})
    start = time.monotonic()
    quiet_since = None
    while time.monotonic() - start < seconds:
        before = len(received)
        await client.sync(timeout=1000)
        if client.should_upload_keys:
            await client.keys_upload()
        if len(received) >= expected:
            if quiet_since is None or len(received) != before:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since > 3:
                break
    emit({"done": True})
    await client.close()


if __name__ == "__main__":
    hs, usr, pw, room, store_dir, count, secs = sys.argv[1:8]
    asyncio.run(main(hs, usr, pw, room, store_dir, int(count), float(secs)))
