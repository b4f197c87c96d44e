package io.mxnotify.fakehs;

import static io.mxnotify.fakehs.Http.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store-and-forward half of end-to-end encryption: device keys, one-time keys, to-device messages, sync. */
class KeysAndToDeviceTest {
    private static final String V3 = "/_matrix/client/v3";
    private static FakeHomeserver fake;
    private FakeUser bot;
    private FakeUser alice;

    @BeforeAll
    static void start() {
        fake = FakeHomeserver.builder().user("bot", "pw").user("alice", "pw2").room("alerts").member("bot", "alerts")
                .member("alice", "alerts").start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void resetToTheSeed() {
        fake.reset();
        bot = fake.user("bot");
        alice = fake.user("alice");
    }

    private static String deviceKeys(FakeUser user, String curve) {
        return "{\"user_id\":\"" + user.userId() + "\",\"device_id\":\"" + user.deviceId() + "\",\"algorithms\":"
                + "[\"m.olm.v1.curve25519-aes-sha2\",\"m.megolm.v1.aes-sha2\"],\"keys\":{\"curve25519:" + user.deviceId()
                + "\":\"" + curve + "\",\"ed25519:" + user.deviceId() + "\":\"ed\"},\"signatures\":{}}";
    }

    private JsonPath sync(FakeUser user, String since) {
        return as(fake, user).get(V3 + "/sync?timeout=0" + (since == null ? "" : "&since=" + since)).then()
                .statusCode(200).extract().jsonPath();
    }

    @Test
    void uploadedKeysAreQueriedAndEachOneTimeKeyIsClaimedOnce() {
        as(fake, alice).body("{\"device_keys\":" + deviceKeys(alice, "c1") + ",\"one_time_keys\":{"
                        + "\"signed_curve25519:AAAAAQ\":{\"key\":\"otk1\",\"signatures\":{}}},"
                        + "\"fallback_keys\":{\"signed_curve25519:AAAAAg\":{\"key\":\"fb\",\"fallback\":true}}}")
                .post(V3 + "/keys/upload").then().statusCode(200).body("one_time_key_counts.signed_curve25519", equalTo(1));
        as(fake, bot).body("{\"device_keys\":{\"@alice:localhost\":[],\"@nobody:localhost\":[]}}").post(V3 + "/keys/query")
                .then().statusCode(200)
                .body("device_keys.'@alice:localhost'." + alice.deviceId() + ".keys.'curve25519:" + alice.deviceId() + "'",
                        equalTo("c1"))
                .body("device_keys.'@nobody:localhost'.size()", equalTo(0));
        String claim = "{\"one_time_keys\":{\"@alice:localhost\":{\"" + alice.deviceId() + "\":\"signed_curve25519\"}}}";
        as(fake, bot).body(claim).post(V3 + "/keys/claim").then().statusCode(200)
                .body("one_time_keys.'@alice:localhost'." + alice.deviceId() + ".'signed_curve25519:AAAAAQ'.key",
                        equalTo("otk1"));
        as(fake, bot).body(claim).post(V3 + "/keys/claim").then().statusCode(200)
                .body("one_time_keys.'@alice:localhost'." + alice.deviceId() + ".'signed_curve25519:AAAAAg'.key",
                        equalTo("fb"));
        JsonPath aliceSync = sync(alice, null);
        org.junit.jupiter.api.Assertions.assertEquals(0, aliceSync.getInt("device_one_time_keys_count.signed_curve25519"));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("signed_curve25519"),
                aliceSync.getList("device_unused_fallback_key_types"));
    }

    @Test
    void aOneTimeKeyIdUploadedAgainWithOtherContentIsRefused() {
        as(fake, alice).body("{\"one_time_keys\":{\"signed_curve25519:A\":{\"key\":\"one\"}}}").post(V3 + "/keys/upload")
                .then().statusCode(200);
        as(fake, alice).body("{\"one_time_keys\":{\"signed_curve25519:A\":{\"key\":\"one\"}}}").post(V3 + "/keys/upload")
                .then().statusCode(200).body("one_time_key_counts.signed_curve25519", equalTo(1));
        as(fake, alice).body("{\"one_time_keys\":{\"signed_curve25519:A\":{\"key\":\"two\"}}}").post(V3 + "/keys/upload")
                .then().statusCode(400).body("error", containsString("already exists"));
        as(fake, alice).body("{\"device_keys\":" + deviceKeys(bot, "c") + "}").post(V3 + "/keys/upload").then()
                .statusCode(400).body("errcode", equalTo("M_INVALID_PARAM"));
    }

    @Test
    void toDeviceMessagesArriveOnceInSyncAndARetriedTxnIdSendsNothingNew() {
        String first = sync(alice, null).getString("next_batch");
        String message = "{\"messages\":{\"@alice:localhost\":{\"" + alice.deviceId() + "\":{\"algorithm\":\"x\",\"n\":1}}}}";
        as(fake, bot).body(message).put(V3 + "/sendToDevice/m.room.encrypted/t1").then().statusCode(200);
        as(fake, bot).body(message).put(V3 + "/sendToDevice/m.room.encrypted/t1").then().statusCode(200);
        JsonPath news = sync(alice, first);
        org.junit.jupiter.api.Assertions.assertEquals(1, news.getList("to_device.events").size());
        org.junit.jupiter.api.Assertions.assertEquals("@bot:localhost", news.getString("to_device.events[0].sender"));
        org.junit.jupiter.api.Assertions.assertEquals("m.room.encrypted", news.getString("to_device.events[0].type"));
        org.junit.jupiter.api.Assertions.assertEquals(1, news.getInt("to_device.events[0].content.n"));
        // the same token again (the answer was lost): the message is still there; a later token acknowledges it
        org.junit.jupiter.api.Assertions.assertEquals(1, sync(alice, first).getList("to_device.events").size());
        String second = news.getString("next_batch");
        org.junit.jupiter.api.Assertions.assertEquals(0, sync(alice, second).getList("to_device.events").size());
        as(fake, bot).body("{\"messages\":{\"@alice:localhost\":{\"*\":{\"n\":2}}}}")
                .put(V3 + "/sendToDevice/m.room.encrypted/t2").then().statusCode(200);
        org.junit.jupiter.api.Assertions.assertEquals(2, sync(alice, second).getInt("to_device.events[0].content.n"));
    }

    @Test
    void aDeviceKeyChangeShowsInTheDeviceListsOfUsersSharingARoom() {
        String since = sync(bot, null).getString("next_batch");
        as(fake, alice).body("{\"device_keys\":" + deviceKeys(alice, "c1") + "}").post(V3 + "/keys/upload").then()
                .statusCode(200);
        as(fake, bot).get(V3 + "/sync?timeout=0&since=" + since).then().statusCode(200)
                .body("device_lists.changed", hasItem("@alice:localhost"));
        String later = sync(bot, since).getString("next_batch");
        as(fake, bot).get(V3 + "/sync?timeout=0&since=" + later).then().statusCode(200)
                .body("device_lists.changed", not(hasItem("@alice:localhost")));
        as(fake, alice).body("{}").post(V3 + "/logout").then().statusCode(200);
        as(fake, bot).get(V3 + "/sync?timeout=0&since=" + later).then().statusCode(200)
                .body("device_lists.changed", hasItem("@alice:localhost"));
        as(fake, bot).body("{\"device_keys\":{\"@alice:localhost\":[]}}").post(V3 + "/keys/query").then()
                .statusCode(200).body("device_keys.'@alice:localhost'." + alice.deviceId(), nullValue());
    }

    @Test
    void badShapesAreRefusedWithWhatIsWrong() {
        as(fake, bot).body("{}").post(V3 + "/keys/query").then().statusCode(400).body("errcode", equalTo("M_MISSING_PARAM"));
        as(fake, bot).body("{\"one_time_keys\":{\"nocolon\":{}}}").post(V3 + "/keys/upload").then().statusCode(400)
                .body("error", containsString("<algorithm>:<key id>"));
        as(fake, bot).body("{\"messages\":{\"@alice:localhost\":{\"D\":1}}}").put(V3 + "/sendToDevice/t/x").then()
                .statusCode(400).body("errcode", equalTo("M_BAD_JSON"));
        as(fake, bot).body("{\"messages\":{}}").put(V3 + "/sendToDevice/t/x").then().statusCode(200)
                .body("keySet()", empty());
        org.hamcrest.MatcherAssert.assertThat(sync(bot, null).getList("to_device.events"), hasSize(0));
    }
}
