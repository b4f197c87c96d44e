package io.mxnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walking skeleton end to end: {@code mxnotify serve} as a real process, then the instructions it prints
 * followed by {@code mxnotify send}, and the message read back through the inspection API.
 */
class ServeAndSendRoundTripTest {
    private Process serve;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (serve != null) {
            serve.destroy();
            serve.waitFor();
        }
    }

    @Test
    void aMessageSentAsServeSaysArrivesInTheRoom(@TempDir Path home) throws Exception {
        Path portFile = home.resolve("port");
        Path log = home.resolve("serve.log");
        serve = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0", "--port-file", portFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitFile(portFile, log);
        String printed = Files.readString(log);

        String homeserver = exported(printed, "MXNOTIFY_HOMESERVER");
        String token = exported(printed, "MXNOTIFY_ACCESS_TOKEN");
        String room = exported(printed, "MXNOTIFY_ROOM").replace("'", "");
        assertEquals("http://127.0.0.1:" + Files.readString(portFile).trim(), homeserver);

        CliRunner.Result sent = new CliRunner(home)
                .env("MXNOTIFY_HOMESERVER", homeserver)
                .env("MXNOTIFY_ACCESS_TOKEN", token)
                .env("MXNOTIFY_ROOM", room)
                .run("send", "disk 91% <full>");
        assertEquals(0, sent.exitCode(), sent::toString);
        assertTrue(sent.out().startsWith("delivered to " + room), sent::toString);

        HttpResponse<String> events = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(homeserver + "/_fake/v1/rooms/" + URLEncoder.encode(room, StandardCharsets.UTF_8) + "/events"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, events.statusCode(), events::body);
        List<JsonNode> messages = new ArrayList<>();
        new ObjectMapper().readTree(events.body()).get("events").forEach(e -> {
            if (e.get("type").asText().equals("m.room.message")) {
                messages.add(e);
            }
        });
        assertEquals(1, messages.size(), events::body);
        JsonNode content = messages.get(0).get("content");
        assertEquals("disk 91% <full>", content.get("body").asText());
        assertEquals("m.notice", content.get("msgtype").asText());
        assertTrue(content.get("formatted_body").asText().contains("&lt;full&gt;"), content::toString);
    }

    private static String exported(String printed, String variable) {
        Matcher matcher = Pattern.compile("export " + variable + "=(\\S+)").matcher(printed);
        assertTrue(matcher.find(), () -> "serve printed no export of " + variable + ":\n" + printed);
        return matcher.group(1);
    }

    private static void awaitFile(Path file, Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(file)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("serve did not write its port file; its output:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
