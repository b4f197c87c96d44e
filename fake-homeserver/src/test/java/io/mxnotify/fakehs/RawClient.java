package io.mxnotify.fakehs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over one kept-alive socket, sending request targets and headers exactly as given (no URI
 * parsing, so {@code %u002e} or a raw space goes out as written); reconnects when the server closes.
 */
final class RawClient implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;

    /** What came back: status, headers (lower-case names), body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The body as JSON, or {@code null} when it is not JSON. */
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        /** The {@code errcode} of a JSON error body, or {@code null}. */
        String errcode() {
            JsonNode node = json();
            return node != null && node.path("errcode").isTextual() ? node.get("errcode").asText() : null;
        }

        @Override
        public String toString() {
            return status + " " + headers.get("content-type") + " " + text();
        }
    }

    RawClient(FakeHomeserver fake) {
        this("127.0.0.1", fake.port());
    }

    RawClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    Answer get(String target) throws IOException {
        return send("GET", target, Map.of(), null);
    }

    Answer post(String target, String json) throws IOException {
        return send("POST", target, Map.of("Content-Type", "application/json"), json);
    }

    /** Sends one request (a {@code Host: 127.0.0.1} header unless {@code headers} has one) and reads the answer. */
    Answer send(String method, String target, Map<String, String> headers, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", "127.0.0.1:" + port);
        all.putAll(headers);
        all.put("Content-Length", Integer.toString(content.length));
        all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        return exchange(head.toString().getBytes(StandardCharsets.UTF_8), content, method.equals("HEAD"));
    }

    /** Sends raw bytes (a whole request, possibly broken) and reads one answer; the connection is closed after it. */
    Answer raw(byte[] request) throws IOException {
        Answer answer = exchange(request, new byte[0], false);
        close();
        return answer;
    }

    private Answer exchange(byte[] head, byte[] content, boolean headOnly) throws IOException {
        if (socket == null) {
            socket = new Socket(host, port);
            socket.setSoTimeout(20_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
        }
        try {
            OutputStream out = socket.getOutputStream();
            byte[] request = java.util.Arrays.copyOf(head, head.length + content.length);
            System.arraycopy(content, 0, request, head.length, content.length);
            out.write(request); // one write: head and body in separate ones wait out a delayed ACK (Nagle)
            out.flush();
        } catch (IOException e) {
            close(); // the server refused the request before reading it all; its answer may still be there
        }
        Answer answer = socket == null ? null : read(headOnly);
        if (answer == null) {
            throw new IOException("the server closed the connection without an answer");
        }
        String connection = answer.header("connection");
        if (connection != null && connection.equalsIgnoreCase("close")) {
            close();
        }
        return answer;
    }

    private Answer read(boolean headOnly) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            close();
            return null;
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = headers.get("content-length");
        if (headOnly || status == 204 || status == 304) {
            return new Answer(status, headers, new byte[0]);
        } else if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length)));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        } else {
            body.write(in.readAllBytes());
            close();
        }
        return new Answer(status, headers, body.toByteArray());
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return b < 0 && bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
            in = null;
        }
    }
}
