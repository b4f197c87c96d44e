package io.mxnotify.core.delivery.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.auth.CredentialStore;
import io.mxnotify.core.auth.Credentials;
import io.mxnotify.core.auth.SessionKeeper;
import io.mxnotify.core.client.LoginResult;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.client.MatrixClientException;
import io.mxnotify.core.delivery.HomeserverAccount;
import io.mxnotify.core.id.RoomId;
import io.mxnotify.core.id.RoomRef;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The engine's {@link HomeserverGateway} over a {@link MatrixClient}, with a {@link SessionKeeper}
 * that keeps the access token alive (refresh, re-read of the shared credentials, login on the same device).
 */
public final class MatrixClientGateway implements HomeserverGateway, EncryptionGateway {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final MatrixClient anonymous;
    private final HomeserverAccount account;
    private final SessionKeeper keeper;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Credentials lastUsed;

    /**
     * A gateway whose credentials live in memory only, starting from the account's token.
     *
     * @param client  a client for the account's home server, with or without the token
     * @param onLogin told about every new login (to store the new token); never null
     */
    public MatrixClientGateway(MatrixClient client, HomeserverAccount account, Consumer<LoginResult> onLogin) {
        this(client, account, onLogin, null);
    }

    /**
     * @param client  a client for the account's home server, with or without the token
     * @param onLogin told about every new login; never null
     * @param store   the shared credentials, or null to keep them in memory (starting from the account's token)
     */
    public MatrixClientGateway(MatrixClient client, HomeserverAccount account, Consumer<LoginResult> onLogin,
                               CredentialStore store) {
        this.anonymous = client.withoutAccessToken();
        this.account = account;
        Credentials initial = account.accessToken().map(token -> Credentials.ofAccessToken(anonymous.baseUrl(), token,
                account.user().filter(u -> u.startsWith("@")).orElse(null), account.deviceId().orElse(null)))
                .orElse(null);
        CredentialStore credentials = store != null ? store : CredentialStore.inMemory(initial);
        SessionKeeper.Builder builder = SessionKeeper.builder(anonymous, credentials).onLogin(onLogin)
                .deviceId(account.deviceId().orElse(null));
        if (account.canLogIn()) {
            builder.passwordLogin(account.user().orElseThrow(), account.password().orElseThrow());
        }
        if (initial != null) {
            builder.fallback(initial);
        }
        this.keeper = builder.build();
    }

    @Override
    public String send(String roomId, String txnId, ObjectNode content) {
        return client().send(RoomId.parse(roomId), txnId, json.convertValue(content, MAP)).value();
    }

    @Override
    public java.util.Optional<ObjectNode> roomEncryption(String roomId) {
        return client().stateEvent(RoomId.parse(roomId), "m.room.encryption", "");
    }

    @Override
    public java.util.Optional<EncryptionGateway> encryption() {
        return java.util.Optional.of(this);
    }

    @Override
    public Identity whoami() {
        io.mxnotify.core.client.WhoAmI who = client().whoami();
        return new Identity(who.userId().value(), who.deviceId().orElseThrow(() -> new IllegalStateException(
                "the server did not say which device the access token belongs to (whoami without device_id)")));
    }

    @Override
    public java.util.List<String> joinedMembers(String roomId) {
        return client().joinedMembers(RoomId.parse(roomId));
    }

    @Override
    public ObjectNode uploadKeys(ObjectNode request) {
        return client().uploadKeys(request);
    }

    @Override
    public ObjectNode queryKeys(java.util.List<String> userIds) {
        return client().queryKeys(userIds);
    }

    @Override
    public ObjectNode claimKeys(Map<String, java.util.List<String>> devicesByUser, String algorithm) {
        return client().claimKeys(devicesByUser, algorithm);
    }

    @Override
    public void sendToDevice(String eventType, String txnId, ObjectNode messages) {
        client().sendToDevice(eventType, txnId, messages);
    }

    @Override
    public String sendEncrypted(String roomId, String txnId, ObjectNode content) {
        return client().sendEvent(RoomId.parse(roomId), "m.room.encrypted", txnId, json.convertValue(content, MAP)).value();
    }

    @Override
    public String join(String roomIdOrAlias) {
        return client().join(RoomRef.parse(roomIdOrAlias)).value();
    }

    @Override
    public boolean canLogInAgain() {
        return true;
    }

    @Override
    public void logInAgain() {
        keeper.logIn();
    }

    @Override
    public void renewToken(MatrixClientException rejection) {
        Credentials used = lastUsed;
        if (used == null) {
            used = keeper.current();
        }
        keeper.renew(used, rejection);
    }

    @Override
    public String homeserverDescription() {
        return account.homeserver().toString();
    }

    @Override
    public String accountDescription() {
        return account.user().orElse("the configured access token's user");
    }

    private MatrixClient client() {
        Credentials credentials = keeper.current();
        lastUsed = credentials;
        return anonymous.withAccessToken(credentials.accessToken());
    }
}
