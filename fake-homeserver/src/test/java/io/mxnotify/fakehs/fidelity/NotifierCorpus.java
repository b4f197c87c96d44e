package io.mxnotify.fakehs.fidelity;

import java.util.ArrayList;
import java.util.List;

/**
 * The requests a notifier or bot sends to a home server, successes and failures, in an order that builds
 * the state later ones need (a registered bot, a room with an alias, an invite-only room it is not in).
 * Placeholders: {@code ${user}}, {@code ${password}} (the bot's), {@code ${nonce}}, {@code ${mac:NAME:PASSWORD}}
 * (shared-secret registration MAC for that user with the current nonce), {@code ${X_enc}} (variable X
 * percent-encoded as one path segment), and every captured variable.
 */
final class NotifierCorpus {
    private static final String V3 = "/_matrix/client/v3";
    private static final String R0 = "/_matrix/client/r0";
    private static final String REGISTER = "/_synapse/admin/v1/register";
    private static final String LOGIN_BODY = "{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\","
            + "\"user\":\"${user}\"},\"password\":\"${password}\"}";
    private static final String MESSAGE = "{\"msgtype\":\"m.text\",\"body\":\"disk 91% full\"}";

    private NotifierCorpus() {
    }

    static List<Probe> probes() {
        List<Probe> p = new ArrayList<>();
        p.add(Probe.of("versions", "GET", "/_matrix/client/versions"));
        p.add(Probe.of("well-known", "GET", "/.well-known/matrix/client"));
        // Shared-secret registration (Synapse's admin API, as register_new_matrix_user and `mxnotify register` use it).
        p.add(Probe.of("register-nonce", "GET", REGISTER));
        p.add(register("register-bot", "${user}", "${password}", "${mac:${user}:${password}}").capture("access_token", "regToken"));
        p.add(register("register-owner", "owner", "pw-owner-1", "${mac:owner:pw-owner-1}").capture("access_token", "owner"));
        p.add(register("register-bad-mac", "badmac", "pw-1", "${mac:badmac:pw-2}"));
        p.add(register("register-first-use-of-a-nonce", "nonce1", "pw-1", "${mac:nonce1:pw-1}"));
        p.add(new Probe("register-nonce-reused", "POST", REGISTER, java.util.Map.of(), java.util.Optional.empty(),
                java.util.Map.of(), false).json(registerBody("nonce2", "pw-1", "${mac:nonce2:pw-1}")));
        p.add(register("register-taken-name", "${user}", "pw-other-1", "${mac:${user}:pw-other-1}"));
        p.add(Probe.of("register-without-nonce", "POST", REGISTER)
                .json("{\"username\":\"nononce\",\"password\":\"pw-1\",\"mac\":\"00\"}"));
        p.add(Probe.of("register-not-json", "POST", REGISTER).json("{\"nonce\":"));
        // Rooms the owner makes: public with an alias, and invite-only.
        p.add(Probe.of("create-public-room", "POST", V3 + "/createRoom").bearer("owner")
                .json("{\"preset\":\"public_chat\",\"room_alias_name\":\"alerts\"}").capture("room_id", "room"));
        p.add(Probe.of("create-invite-only-room", "POST", V3 + "/createRoom").bearer("owner")
                .json("{\"preset\":\"private_chat\"}").capture("room_id", "closed"));
        // Login.
        p.add(Probe.of("login-flows", "GET", V3 + "/login"));
        p.add(Probe.of("login-flows-r0", "GET", R0 + "/login"));
        p.add(Probe.of("login-localpart", "POST", V3 + "/login").json(LOGIN_BODY)
                .capture("access_token", "token").capture("device_id", "device"));
        p.add(Probe.of("login-full-user-id", "POST", V3 + "/login").json(LOGIN_BODY.replace("\"${user}\"",
                "\"@${user}:localhost\"")).capture("access_token", "second"));
        p.add(Probe.of("login-legacy-user-field", "POST", V3 + "/login")
                .json("{\"type\":\"m.login.password\",\"user\":\"${user}\",\"password\":\"${password}\"}")
                .capture("access_token", "third"));
        p.add(Probe.of("login-r0", "POST", R0 + "/login").json(LOGIN_BODY).capture("access_token", "fourth"));
        p.add(Probe.of("login-same-device", "POST", V3 + "/login").json("{\"type\":\"m.login.password\",\"identifier\":"
                + "{\"type\":\"m.id.user\",\"user\":\"${user}\"},\"password\":\"${password}\",\"device_id\":\"${device}\"}")
                .capture("access_token", "token"));
        p.add(Probe.of("login-wrong-password", "POST", V3 + "/login").json(LOGIN_BODY.replace("${password}", "wrong")));
        p.add(Probe.of("login-unknown-user", "POST", V3 + "/login").json(LOGIN_BODY.replace("${user}", "nobody")));
        p.add(Probe.of("login-without-password", "POST", V3 + "/login")
                .json("{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\",\"user\":\"${user}\"}}"));
        p.add(Probe.of("login-password-not-a-string", "POST", V3 + "/login")
                .json("{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\",\"user\":\"${user}\"},"
                        + "\"password\":5}"));
        p.add(Probe.of("login-unknown-type", "POST", V3 + "/login").json("{\"type\":\"m.login.carrier_pigeon\"}"));
        p.add(Probe.of("login-body-not-json", "POST", V3 + "/login").json("{\"type\": \"m.login.password\","));
        p.add(Probe.of("login-body-a-json-array", "POST", V3 + "/login").json("[1, 2]"));
        p.add(Probe.of("login-text-plain-content-type", "POST", V3 + "/login").header("Content-Type", "text/plain")
                .body(LOGIN_BODY).capture("access_token", "fifth"));
        p.add(Probe.of("login-without-identifier", "POST", V3 + "/login")
                .json("{\"type\":\"m.login.password\",\"password\":\"${password}\"}"));
        // Session.
        p.add(Probe.of("whoami-bearer", "GET", V3 + "/account/whoami").bearer("token"));
        p.add(Probe.of("whoami-query-token", "GET", V3 + "/account/whoami?access_token=${token_enc}"));
        p.add(Probe.of("whoami-r0", "GET", R0 + "/account/whoami").bearer("token"));
        p.add(Probe.of("whoami-without-token", "GET", V3 + "/account/whoami"));
        p.add(Probe.of("whoami-unknown-token", "GET", V3 + "/account/whoami").header("Authorization", "Bearer not_a_token"));
        p.add(Probe.of("whoami-unknown-query-token", "GET", V3 + "/account/whoami?access_token=not_a_token"));
        p.add(Probe.of("whoami-basic-auth", "GET", V3 + "/account/whoami").header("Authorization", "Basic Ym90OnB3"));
        // Join.
        p.add(Probe.of("join-alias-encoded", "POST", V3 + "/join/%23alerts%3Alocalhost").bearer("token").json("{}"));
        p.add(Probe.of("join-alias-unencoded-hash", "POST", V3 + "/join/#alerts:localhost").bearer("token").json("{}"));
        p.add(Probe.of("join-room-id", "POST", V3 + "/join/${room_enc}").bearer("token").json("{}"));
        p.add(Probe.of("join-rooms-endpoint", "POST", V3 + "/rooms/${room_enc}/join").bearer("token").json("{}"));
        p.add(Probe.of("join-query-token", "POST", V3 + "/join/${room_enc}?access_token=${token_enc}").json("{}"));
        p.add(Probe.of("join-r0", "POST", R0 + "/join/${room_enc}").bearer("token").json("{}"));
        p.add(Probe.of("join-unknown-alias", "POST", V3 + "/join/%23nowhere%3Alocalhost").bearer("token").json("{}"));
        p.add(Probe.of("join-invite-only-room", "POST", V3 + "/join/${closed_enc}").bearer("token").json("{}"));
        p.add(Probe.of("join-without-token", "POST", V3 + "/join/${room_enc}").json("{}"));
        p.add(Probe.of("join-not-a-room", "POST", V3 + "/join/notaroom").bearer("token").json("{}"));
        p.add(Probe.of("resolve-alias", "GET", V3 + "/directory/room/%23alerts%3Alocalhost"));
        p.add(Probe.of("resolve-unknown-alias", "GET", V3 + "/directory/room/%23nowhere%3Alocalhost"));
        // Send.
        String send = V3 + "/rooms/${room_enc}/send/m.room.message/";
        p.add(Probe.of("send", "PUT", send + "txn-1").bearer("token").json(MESSAGE));
        p.add(Probe.of("send-repeated-txn-id", "PUT", send + "txn-1").bearer("token").json(MESSAGE));
        p.add(Probe.of("send-query-token", "PUT", send + "txn-2?access_token=${token_enc}").json(MESSAGE));
        p.add(Probe.of("send-r0", "PUT", R0 + "/rooms/${room_enc}/send/m.room.message/txn-3").bearer("token").json(MESSAGE));
        p.add(Probe.of("send-legacy-post", "POST", V3 + "/rooms/${room_enc}/send/m.room.message").bearer("token").json(MESSAGE));
        p.add(Probe.of("send-reserved-characters-in-txn-id", "PUT", send + "a%2Fb%3Fc%23d").bearer("token").json(MESSAGE));
        p.add(Probe.of("send-empty-content", "PUT", send + "txn-4").bearer("token").json("{}"));
        p.add(Probe.of("send-body-not-json", "PUT", send + "txn-5").bearer("token").json("{\"msgtype\":"));
        p.add(Probe.of("send-body-a-json-array", "PUT", send + "txn-6").bearer("token").json("[\"disk full\"]"));
        p.add(Probe.of("send-text-plain-content-type", "PUT", send + "txn-7").bearer("token")
                .header("Content-Type", "text/plain").body(MESSAGE));
        p.add(Probe.of("send-64000-byte-body", "PUT", send + "txn-8").bearer("token").json(text(64_000)));
        p.add(Probe.of("send-65000-byte-body", "PUT", send + "txn-9").bearer("token").json(text(65_000)));
        p.add(Probe.of("send-70000-byte-body", "PUT", send + "txn-10").bearer("token").json(text(70_000)));
        p.add(Probe.of("send-without-token", "PUT", send + "txn-11").json(MESSAGE));
        p.add(Probe.of("send-unknown-token", "PUT", send + "txn-12").header("Authorization", "Bearer not_a_token").json(MESSAGE));
        p.add(Probe.of("send-room-not-joined", "PUT", V3 + "/rooms/${closed_enc}/send/m.room.message/txn-13")
                .bearer("token").json(MESSAGE));
        p.add(Probe.of("send-unknown-room", "PUT", V3 + "/rooms/%21nowhere%3Alocalhost/send/m.room.message/txn-14")
                .bearer("token").json(MESSAGE));
        // History.
        String messages = V3 + "/rooms/${room_enc}/messages";
        p.add(Probe.of("messages-backwards", "GET", messages + "?dir=b&limit=5").bearer("token"));
        p.add(Probe.of("messages-forwards", "GET", messages + "?dir=f&limit=5").bearer("token"));
        p.add(Probe.of("messages-bad-dir", "GET", messages + "?dir=x").bearer("token"));
        p.add(Probe.of("messages-without-token", "GET", messages + "?dir=b"));
        p.add(Probe.of("messages-room-not-joined", "GET", V3 + "/rooms/${closed_enc}/messages?dir=b").bearer("token"));
        // What no endpoint handles.
        p.add(Probe.of("unknown-endpoint", "GET", V3 + "/mxnotify_no_such_endpoint"));
        p.add(Probe.of("unknown-endpoint-with-token", "POST", V3 + "/mxnotify_no_such_endpoint").bearer("token").json("{}"));
        p.add(Probe.of("wrong-method", "DELETE", V3 + "/account/whoami").bearer("token"));
        // Leaving and logging out.
        p.add(Probe.of("leave", "POST", V3 + "/rooms/${room_enc}/leave").bearer("second").json("{}"));
        p.add(Probe.of("logout", "POST", V3 + "/logout").bearer("second").json("{}"));
        p.add(Probe.of("whoami-after-logout", "GET", V3 + "/account/whoami").bearer("second"));
        p.add(Probe.of("logout-unknown-token", "POST", V3 + "/logout").header("Authorization", "Bearer not_a_token"));
        p.add(Probe.of("logout-all", "POST", V3 + "/logout/all").bearer("third").json("{}"));
        p.add(Probe.of("whoami-after-logout-all", "GET", V3 + "/account/whoami").bearer("token"));
        return List.copyOf(p);
    }

    private static Probe register(String name, String user, String password, String mac) {
        return Probe.of(name, "POST", REGISTER).json(registerBody(user, password, mac)).withFreshNonce();
    }

    private static String registerBody(String user, String password, String mac) {
        return "{\"nonce\":\"${nonce}\",\"username\":\"" + user + "\",\"password\":\"" + password
                + "\",\"admin\":false,\"mac\":\"" + mac + "\"}";
    }

    /** An {@code m.text} event whose body is {@code bytes} ASCII characters. */
    private static String text(int bytes) {
        return "{\"msgtype\":\"m.text\",\"body\":\"" + "x".repeat(bytes) + "\"}";
    }
}
