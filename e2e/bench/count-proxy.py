#!/usr/bin/env python3
"""A TCP forwarder in front of a real Connect worker that counts the list calls
(`GET /connectors?expand…`) passing through, for the fan-in figure of dev/bench: what Connect
itself receives, whatever Sluice says. Writes the count to COUNT_FILE after each one.

  count-proxy.py LISTEN_PORT UPSTREAM_HOST:PORT COUNT_FILE
"""

import asyncio
import sys

listen, upstream, count_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
host, port = upstream.rsplit(":", 1)
calls = 0


async def pipe(reader, writer, count):
    global calls
    try:
        while data := await reader.read(65536):
            if count:
                n = data.count(b"GET /connectors?expand")
                if n:
                    calls += n
                    with open(count_file, "w") as f:
                        f.write(str(calls))
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def client(reader, writer):
    up_reader, up_writer = await asyncio.open_connection(host, int(port))
    await asyncio.gather(pipe(reader, up_writer, True), pipe(up_reader, writer, False))


async def main():
    with open(count_file, "w") as f:
        f.write("0")
    server = await asyncio.start_server(client, "127.0.0.1", listen)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
