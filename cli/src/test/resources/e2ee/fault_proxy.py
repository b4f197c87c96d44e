"""A loopback TCP proxy in front of a home server that spoils the first encrypted send, for
SynapseEncryptedRoomSendTest (a real Synapse has no fault injection of its own).

  fault_proxy.py LISTEN_PORT TARGET_PORT MODE

MODE hold: the first request whose request line is PUT .../send/m.room.encrypted/... is never forwarded
(the server never sees it; the client waits until it is killed). MODE lose: that request is forwarded, its
answer swallowed, and the client's connection closed (the lost answer only an idempotent txnId survives).
Every other byte passes through unchanged. Listens on 127.0.0.1 only; prints "spoiled" when it spoiled.
"""
import asyncio
import sys

MARK = b"/send/m.room.encrypted/"


async def pipe(reader, writer):
    """Copies until end of stream, then closes; a cancelled copy leaves the writer open."""
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    writer.close()


async def main(listen, target, mode):
    spoiled = asyncio.Event()

    async def handle(client_reader, client_writer):
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target)
        back = asyncio.create_task(pipe(server_reader, client_writer))
        try:
            while True:
                data = await client_reader.read(65536)
                if not data:
                    break
                first_line = data.split(b"\r\n", 1)[0]
                if not spoiled.is_set() and first_line.startswith(b"PUT ") and MARK in first_line:
                    spoiled.set()
                    print("spoiled", mode, flush=True)
                    if mode == "hold":
                        await asyncio.Event().wait()  # until the client is killed
                    back.cancel()
                    await asyncio.gather(back, return_exceptions=True)
                    server_writer.write(data)
                    await server_writer.drain()
                    await server_reader.read(65536)  # the answer, swallowed
                    break
                server_writer.write(data)
                await server_writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            client_writer.close()
            server_writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", listen)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]))
