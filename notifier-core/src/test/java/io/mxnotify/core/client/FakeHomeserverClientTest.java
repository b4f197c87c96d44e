package io.mxnotify.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.core.Secret;
import io.mxnotify.core.id.EventId;
import io.mxnotify.core.id.RoomAlias;
import io.mxnotify.core.id.RoomId;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.InputFormat;
import io.mxnotify.core.render.MessageContent;
import io.mxnotify.core.render.MessageRenderer;
import io.mxnotify.core.render.Notification;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.Profile;
import io.mxnotify.fakehs.RoomEvent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against the fake home server: every endpoint, end to end. */
class FakeHomeserverClientTest {
    private static final Secret SHARED_SECRET = Secret.of("shared-secret-for-tests");
    private static FakeHomeserver fake;

    @BeforeAll
    static void startFake() {
        fake = FakeHomeserver.builder()
                .user("bot", "bot-password")
                .room("alerts")
                .registrationSharedSecret(SHARED_SECRET.reveal())
                .start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    private MatrixClient anonymous() {
        return MatrixClient.builder(fake.baseUrl()).build();
    }

    private MatrixClient loggedIn() {
        LoginResult login = anonymous().login(LoginRequest.password("bot", Secret.of("bot-password")));
        return anonymous().withAccessToken(login.accessToken());
    }

    @Test
    void discoveryThroughTheFakesWellKnown() {
        DiscoveredHomeserver found = HomeserverDiscovery.create().discover(fake.baseUrl());
        assertEquals(URI.create(fake.baseUrl()), found.baseUrl());
        assertEquals(ApiPrefix.V3, found.versions().prefix());
        DiscoveredHomeserver viaName = HomeserverDiscovery.builder()
                .originOf(name -> URI.create(fake.baseUrl())).build().discover("@bot:" + fake.serverName());
        assertEquals(DiscoverySource.WELL_KNOWN, viaName.source());
        assertEquals(URI.create(fake.baseUrl()), viaName.baseUrl());
    }

    @Test
    void loginFlowsOfferPassword() {
        assertTrue(anonymous().loginFlows().stream().anyMatch(LoginFlow::isPassword));
    }

    @Test
    void loginWhoamiAndReloginOnTheSameDevice() {
        LoginResult first = anonymous().login(LoginRequest.password("@bot:" + fake.serverName(), Secret.of("bot-password")));
        assertEquals("@bot:" + fake.serverName(), first.userId().value());
        WhoAmI me = anonymous().withAccessToken(first.accessToken()).whoami();
        assertEquals(first.userId(), me.userId());
        assertEquals(first.deviceId(), me.deviceId().orElseThrow());

        LoginResult again = anonymous().login(LoginRequest.password("bot", Secret.of("bot-password")).onDevice(first.deviceId()));
        assertEquals(first.deviceId(), again.deviceId(), "re-login keeps the device");
        assertNotEquals(first.accessToken(), again.accessToken());
        assertEquals(first.deviceId(), anonymous().withAccessToken(again.accessToken()).whoami().deviceId().orElseThrow());
    }

    @Test
    void aWrongPasswordIsForbidden() {
        MatrixException e = assertThrows(MatrixException.class,
                () -> anonymous().login(LoginRequest.password("bot", Secret.of("wrong"))));
        assertEquals(403, e.status());
        assertEquals(FailureKind.FORBIDDEN, e.kind());
        assertTrue(!e.getMessage().contains("wrong"), e.getMessage());
    }

    @Test
    void joinByAliasAndByIdThenSendIdempotently() {
        MatrixClient client = loggedIn();
        RoomAlias alias = RoomAlias.parse("#alerts:" + fake.serverName());
        RoomId roomId = client.join(alias);
        assertEquals(roomId, client.resolveAlias(alias));
        assertEquals(roomId, client.joinById(roomId), "joining again succeeds");

        MessageContent content = new MessageRenderer().render(
                Notification.of("disk **91%** full <script>").withSubject("host1").withFormat(InputFormat.MARKDOWN));
        String txnId = MatrixClient.newTransactionId();
        EventId first = client.send(roomId, txnId, content);
        EventId retry = client.send(roomId, txnId, content);
        assertEquals(first, retry, "same txnId, same event");
        EventId other = client.send(roomId, MatrixClient.newTransactionId(), content);
        assertNotEquals(first, other);

        List<RoomEvent> messages = fake.room(roomId.value()).events().stream()
                .filter(e -> e.type().equals("m.room.message")).toList();
        assertEquals(2, messages.size());
        RoomEvent event = messages.get(0);
        assertEquals(first.value(), event.eventId());
        assertEquals("m.notice", event.msgtype());
        assertEquals("org.matrix.custom.html", event.content().get("format").asText());
        assertEquals("<p><strong>host1</strong></p><p>disk <strong>91%</strong> full &lt;script&gt;</p>\n",
                event.content().get("formatted_body").asText());
    }

    @Test
    void joinErrors() {
        MatrixClient client = loggedIn();
        MatrixException unknown = assertThrows(MatrixException.class,
                () -> client.join(RoomRef.parse("#nope:" + fake.serverName())));
        assertEquals("M_NOT_FOUND", unknown.errcode());
        assertEquals(FailureKind.REJECTED, unknown.kind());

        String privateRoom = fake.createRoom("private", false);
        MatrixException forbidden = assertThrows(MatrixException.class, () -> client.joinById(RoomId.parse(privateRoom)));
        assertEquals(FailureKind.FORBIDDEN, forbidden.kind());
    }

    @Test
    void sendingToARoomNotJoinedIsForbidden() {
        MatrixClient client = loggedIn();
        RoomId room = RoomId.parse(fake.room("#alerts:" + fake.serverName()).roomId());
        MatrixException e = assertThrows(MatrixException.class,
                () -> client.send(room, "t1", new MessageRenderer().render(Notification.of("x"))));
        assertEquals(FailureKind.FORBIDDEN, e.kind());
    }

    @Test
    void logoutInvalidatesTheToken() {
        MatrixClient client = loggedIn();
        client.logout();
        MatrixException e = assertThrows(MatrixException.class, client::whoami);
        assertEquals("M_UNKNOWN_TOKEN", e.errcode());
        assertEquals(401, e.status());
        assertEquals(FailureKind.UNKNOWN_TOKEN, e.kind());
    }

    @Test
    void sharedSecretRegistrationCreatesAUserWhoCanLogIn() {
        LoginResult registered = anonymous().registerWithSharedSecret(
                SharedSecretRegistration.user("notify-bot", Secret.of("new-password")).withDisplayName("Notify"), SHARED_SECRET);
        assertEquals("@notify-bot:" + fake.serverName(), registered.userId().value());
        assertEquals(registered.userId(), anonymous().withAccessToken(registered.accessToken()).whoami().userId());
        assertEquals(registered.userId(), anonymous().login(LoginRequest.password("notify-bot", Secret.of("new-password"))).userId());

        MatrixException taken = assertThrows(MatrixException.class, () -> anonymous().registerWithSharedSecret(
                SharedSecretRegistration.user("notify-bot", Secret.of("x")), SHARED_SECRET));
        assertEquals("M_USER_IN_USE", taken.errcode());

        MatrixException wrongSecret = assertThrows(MatrixException.class, () -> anonymous().registerWithSharedSecret(
                SharedSecretRegistration.user("other-bot", Secret.of("x")), Secret.of("not-the-secret")));
        assertEquals(FailureKind.FORBIDDEN, wrongSecret.kind());
    }

    @Test
    void aStrictServerIsSpokenToWithV3() {
        try (FakeHomeserver strict = FakeHomeserver.builder().profile(Profile.STRICT).user("bot", "pw").room("alerts").start()) {
            MatrixClient anonymous = MatrixClient.builder(strict.baseUrl()).requestTimeout(Duration.ofSeconds(10)).build();
            LoginResult login = anonymous.login(LoginRequest.password("bot", Secret.of("pw")));
            MatrixClient client = anonymous.withAccessToken(login.accessToken());
            RoomId room = client.join(RoomAlias.parse("#alerts:" + strict.serverName()));
            client.send(room, "t1", new MessageRenderer().render(Notification.of("strict")));
            assertEquals("strict", strict.room(room.value()).latestEvent().orElseThrow().body());
        }
    }

    @Test
    void stateEventIsEmptyWithoutEncryptionAndTheContentWithIt() {
        MatrixClient client = loggedIn();
        RoomId room = client.join(RoomRef.parse("#alerts:localhost"));
        assertTrue(client.stateEvent(room, "m.room.encryption", "").isEmpty());
        assertEquals("public", client.stateEvent(room, "m.room.join_rules", "").orElseThrow().get("join_rule").asText());
        assertTrue(fake.requests().stream().anyMatch(r -> r.path().endsWith("/state/m.room.encryption/")),
                "the empty state key is an empty last segment, as the spec writes it");
        MatrixException notMember = assertThrows(MatrixException.class,
                () -> client.stateEvent(RoomId.parse("!nowhere:localhost"), "m.room.encryption", ""));
        assertEquals(FailureKind.FORBIDDEN, notMember.kind());
    }
}
