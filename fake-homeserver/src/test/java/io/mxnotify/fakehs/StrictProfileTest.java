package io.mxnotify.fakehs;

import static io.mxnotify.fakehs.Http.as;
import static io.mxnotify.fakehs.Http.seg;
import static io.mxnotify.fakehs.Http.to;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each strict-profile rule: refused under strict with a message naming the rule, accepted under synapse. */
class StrictProfileTest {

    private static FakeHomeserver start(Profile profile) {
        return FakeHomeserver.builder().profile(profile).user("bot", "pw").room("alerts").member("bot", "alerts").start();
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void rules(Profile profile) {
        boolean strict = profile == Profile.STRICT;
        try (FakeHomeserver fake = start(profile)) {
            FakeUser bot = fake.user("bot");
            String roomId = fake.room("#alerts:localhost").roomId();
            var r0 = to(fake).get("/_matrix/client/r0/login").then();
            if (strict) {
                r0.statusCode(404).body("errcode", equalTo("M_UNRECOGNIZED")).body("error", containsString("no r0 prefix"));
            } else {
                r0.statusCode(200);
            }
            var legacyUser = to(fake).body("{\"type\":\"m.login.password\",\"user\":\"bot\",\"password\":\"pw\"}")
                    .post("/_matrix/client/v3/login").then();
            if (strict) {
                legacyUser.statusCode(400).body("error", containsString("no legacy login 'user'"));
            } else {
                legacyUser.statusCode(200);
            }
            var postSend = as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"x\"}")
                    .post("/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message").then();
            if (strict) {
                postSend.statusCode(405).body("error", containsString("no send without txnId"));
            } else {
                postSend.statusCode(200);
            }
            var emptyJoin = as(fake, bot).body("").post("/_matrix/client/v3/join/" + seg("#alerts:localhost")).then();
            if (strict) {
                emptyJoin.statusCode(400).body("errcode", equalTo("M_NOT_JSON"))
                        .body("error", containsString("join needs a JSON object body"));
            } else {
                emptyJoin.statusCode(200);
            }
            as(fake, bot).body("{}").post("/_matrix/client/v3/join/" + seg("#alerts:localhost")).then().statusCode(200);
            var versions = to(fake).get("/_matrix/client/versions").then().statusCode(200);
            versions.body("versions", strict ? not(hasItem("r0.6.1")) : hasItem("r0.6.1"));
            as(fake, bot).get("/_matrix/client/v3/account/whoami?access_token=" + bot.accessToken()).then()
                    .statusCode(401).body("error", containsString("Mixing"));
        }
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void messagesNeedDirOnlyUnderStrict(Profile profile) {
        try (FakeHomeserver fake = start(profile)) {
            FakeUser bot = fake.user("bot");
            String roomId = fake.room("#alerts:localhost").roomId();
            var messages = as(fake, bot).get("/_matrix/client/v3/rooms/" + seg(roomId) + "/messages").then();
            if (profile == Profile.STRICT) {
                messages.statusCode(400).body("errcode", equalTo("M_MISSING_PARAM"))
                        .body("error", containsString("rule: /messages needs dir"));
            } else {
                messages.statusCode(200).body("chunk", org.hamcrest.Matchers.notNullValue());
            }
            as(fake, bot).get("/_matrix/client/v3/rooms/" + seg(roomId) + "/messages?dir=b").then().statusCode(200);
        }
    }
}
