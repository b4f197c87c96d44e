package io.mxnotify.fakehs;

import static io.mxnotify.fakehs.Http.as;
import static io.mxnotify.fakehs.Http.seg;
import static io.mxnotify.fakehs.Http.to;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every fault kind and rule field, through the control API and from Java. */
class FaultInjectionTest {
    private FakeHomeserver fake;
    private FakeUser bot;
    private String roomId;
    private String sendPath;

    @BeforeEach
    void start() {
        fake = FakeHomeserver.builder().user("bot", "pw").room("alerts").member("bot", "#alerts:localhost").start();
        bot = fake.user("bot");
        roomId = fake.room("#alerts:localhost").roomId();
        sendPath = "/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/";
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private String addFault(String json) {
        return to(fake).body(json).post("/_fake/v1/faults").then().statusCode(200).extract().path("id");
    }

    @Test
    void errorAnswerNamesTheRuleAndFiresTimesThenStops() {
        String id = addFault("{\"method\":\"PUT\",\"path\":\"/send/\",\"status\":503,\"times\":2}");
        for (int i = 0; i < 2; i++) {
            as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"x\"}").put(sendPath + "e" + i).then().statusCode(503)
                    .body("errcode", equalTo("M_UNKNOWN"))
                    .body("error", containsString("Injected by fault rule " + id));
        }
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"x\"}").put(sendPath + "e2").then().statusCode(200);
        assertEquals(1, fake.events(roomId).size());
        to(fake).get("/_fake/v1/faults").then().body("faults.size()", equalTo(0));
    }

    @Test
    void rateLimitAnswerCarriesRetryAfter() {
        addFault("{\"path\":\"/send/\",\"status\":429,\"retry_after_ms\":1500,\"error\":\"slow down\"}");
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"x\"}").put(sendPath + "r").then().statusCode(429)
                .body("errcode", equalTo("M_LIMIT_EXCEEDED")).body("retry_after_ms", equalTo(1500))
                .body("error", containsString("slow down"));
    }

    @Test
    void skipLetsTheFirstRequestsThrough() {
        fake.addFault(FaultRule.builder().method("PUT").path("/send/").respond(500, "M_UNKNOWN").skip(2).times(1).build());
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"1\"}").put(sendPath + "s1").then().statusCode(200);
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"2\"}").put(sendPath + "s2").then().statusCode(200);
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"3\"}").put(sendPath + "s3").then().statusCode(500);
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"4\"}").put(sendPath + "s4").then().statusCode(200);
    }

    @Test
    void ruleMatchesAnyEndpointButNeverTheControlApi() {
        addFault("{\"status\":502}");
        to(fake).get("/.well-known/matrix/client").then().statusCode(502);
        to(fake).body("{\"type\":\"m.login.password\",\"user\":\"bot\",\"password\":\"pw\"}")
                .post("/_matrix/client/v3/login").then().statusCode(502);
        to(fake).get("/_fake/v1/faults").then().statusCode(200).body("faults[0].fired", equalTo(2));
        to(fake).delete("/_fake/v1/faults").then().statusCode(200);
        to(fake).get("/.well-known/matrix/client").then().statusCode(200);
    }

    @Test
    void dropBeforeStoresNothing() throws Exception {
        addFault("{\"method\":\"PUT\",\"path\":\"/send/\",\"drop_connection\":\"before\",\"times\":1}");
        RawHttp.Outcome outcome = RawHttp.exchange(fake, "PUT", sendPath + "d1", bot.accessToken(), "{\"msgtype\":\"m.text\",\"body\":\"x\"}");
        assertEquals(0, outcome.received().length);
        assertEquals(0, fake.events(roomId).size());
    }

    @Test
    void dropAfterStoresAndOnlyTheSameTxnIdAvoidsADuplicate() throws Exception {
        addFault("{\"method\":\"PUT\",\"path\":\"/send/\",\"drop_connection\":\"after\",\"times\":1}");
        RawHttp.Outcome lost = RawHttp.exchange(fake, "PUT", sendPath + "lost", bot.accessToken(), "{\"msgtype\":\"m.text\",\"body\":\"x\"}");
        assertEquals(0, lost.received().length);
        assertEquals(1, fake.events(roomId).size());
        String retried = as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"x\"}").put(sendPath + "lost").then().statusCode(200)
                .extract().path("event_id");
        assertEquals(fake.events(roomId).get(0).eventId(), retried);
        assertEquals(1, fake.events(roomId).size());
    }

    @Test
    void resetSendsAnRst() throws Exception {
        addFault("{\"path\":\"/send/\",\"drop_connection\":\"reset\",\"times\":1}");
        RawHttp.Outcome outcome = RawHttp.exchange(fake, "PUT", sendPath + "rst", bot.accessToken(), "{\"msgtype\":\"m.text\",\"body\":\"x\"}");
        assertInstanceOf(SocketException.class, outcome.failure(), "expected 'connection reset', got " + outcome);
        assertEquals(0, fake.events(roomId).size());
    }

    @Test
    void truncateCutsTheBodyShortAfterStoring() throws Exception {
        addFault("{\"path\":\"/send/\",\"drop_connection\":\"truncate\",\"times\":1}");
        RawHttp.Outcome outcome = RawHttp.exchange(fake, "PUT", sendPath + "cut", bot.accessToken(), "{\"msgtype\":\"m.text\",\"body\":\"x\"}");
        assertTrue(outcome.text().startsWith("HTTP/1.1 200"), outcome.text());
        assertTrue(outcome.bodyLength() < outcome.declaredContentLength(),
                "body " + outcome.bodyLength() + " of " + outcome.declaredContentLength());
        assertEquals(1, fake.events(roomId).size());
    }

    @Test
    void delayIsRecordedAndTheRequestStillSucceeds() {
        String id = addFault("{\"path\":\"/send/\",\"delay_ms\":50,\"times\":1}");
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"x\"}").put(sendPath + "slow").then().statusCode(200);
        RecordedRequest recorded = fake.requests().stream().filter(r -> "slow".equals(r.txnId())).findFirst().orElseThrow();
        assertEquals(id, recorded.faultId());
        assertEquals(200, recorded.status());
    }

    @Test
    void probabilityFiresSometimes() {
        fake.addFault(FaultRule.builder().path("/versions").respond(503, null).probability(0.5).build());
        int failures = 0;
        for (int i = 0; i < 60; i++) {
            if (to(fake).get("/_matrix/client/versions").statusCode() == 503) {
                failures++;
            }
        }
        assertTrue(failures > 0 && failures < 60, "failures: " + failures);
    }

    @Test
    void faultsListRemoveAndKinds() {
        String id = addFault("{\"method\":\"GET\",\"path\":\"^/nowhere$\",\"status\":500}");
        to(fake).get("/_fake/v1/faults").then().statusCode(200).body("faults[0].id", equalTo(id))
                .body("faults[0].kind", equalTo("error")).body("faults[0].remaining", equalTo(null));
        to(fake).delete("/_fake/v1/faults/" + id).then().statusCode(200);
        to(fake).delete("/_fake/v1/faults/" + id).then().statusCode(404).body("errcode", equalTo("M_NOT_FOUND"));
        to(fake).get("/_fake/v1/faults/kinds").then().statusCode(200)
                .body("kinds.kind", hasItems("error", "delay", "drop_before", "drop_after", "reset", "truncate"));
    }

    @Test
    void invalidRulesAreRefusedWithTheReason() {
        to(fake).body("{\"status\":99}").post("/_fake/v1/faults").then().statusCode(400)
                .body("errcode", equalTo("M_BAD_JSON")).body("error", containsString("status"));
        to(fake).body("{\"path\":\"(\",\"status\":500}").post("/_fake/v1/faults").then().statusCode(400)
                .body("error", containsString("regular expression"));
        to(fake).body("{\"drop_connection\":\"sideways\"}").post("/_fake/v1/faults").then().statusCode(400)
                .body("error", containsString("before, after, reset or truncate"));
        to(fake).body("{\"bogus\":1}").post("/_fake/v1/faults").then().statusCode(400)
                .body("error", containsString("unknown fault rule field"));
        to(fake).body("{}").post("/_fake/v1/faults").then().statusCode(400);
    }

    @Test
    void seedFaultsComeBackAfterReset() {
        try (FakeHomeserver seeded = FakeHomeserver.builder()
                .fault(FaultRule.builder().path("/versions").respond(503, null).times(1).build()).start()) {
            to(seeded).get("/_matrix/client/versions").then().statusCode(503);
            to(seeded).get("/_matrix/client/versions").then().statusCode(200);
            to(seeded).post("/_fake/v1/reset").then().statusCode(200);
            to(seeded).get("/_matrix/client/versions").then().statusCode(503);
        }
    }

    @Test
    void faultKindDescriptionsExist() {
        for (FaultKind kind : FaultKind.values()) {
            assertNotNull(kind.description());
            assertTrue(kind.description().length() > 20);
        }
        assertNull(FaultRule.builder().delayMs(1).build().dropConnection());
        assertEquals(List.of(FaultKind.values()).size(), 6);
    }
}
