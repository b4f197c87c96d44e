package io.mxnotify.fakehs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 exchange over a plain socket, to observe exactly what a dropped or cut connection delivers. */
final class RawHttp {
    /** What came back: the bytes read before EOF, and the exception that ended reading, if any. */
    record Outcome(byte[] received, IOException failure) {
        String text() {
            return new String(received, StandardCharsets.UTF_8);
        }

        int declaredContentLength() {
            for (String line : text().split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring(15).trim());
                }
                if (line.isEmpty()) {
                    break;
                }
            }
            return -1;
        }

        int bodyLength() {
            int headerEnd = text().indexOf("\r\n\r\n");
            return headerEnd < 0 ? 0 : received.length - (headerEnd + 4);
        }
    }

    private RawHttp() {
    }

    static Outcome exchange(FakeHomeserver fake, String method, String path, String token, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", fake.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n";
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.UTF_8));
                out.write(content);
                out.flush();
            } catch (IOException e) {
                // The server may reset the connection before it has read the whole request.
                return new Outcome(received.toByteArray(), e);
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, read);
                }
                return new Outcome(received.toByteArray(), null);
            } catch (IOException e) {
                return new Outcome(received.toByteArray(), e);
            }
        }
    }
}
