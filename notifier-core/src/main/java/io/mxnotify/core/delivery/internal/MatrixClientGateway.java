package io.mxnotify.core.delivery.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.client.LoginRequest;
import io.mxnotify.core.client.LoginResult;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.delivery.HomeserverAccount;
import io.mxnotify.core.id.RoomId;
import io.mxnotify.core.id.RoomRef;
import java.util.Map;
import java.util.function.Consumer;

/** The engine's {@link HomeserverGateway} over a {@link MatrixClient}, holding the current access token. */
public final class MatrixClientGateway implements HomeserverGateway {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final MatrixClient anonymous;
    private final HomeserverAccount account;
    private final Consumer<LoginResult> onLogin;
    private final ObjectMapper json = new ObjectMapper();
    private volatile MatrixClient client;
    private volatile String deviceId;

    /**
     * @param client  a client for the account's home server, with or without the token
     * @param onLogin told about every new login (to store the new token); never null
     */
    public MatrixClientGateway(MatrixClient client, HomeserverAccount account, Consumer<LoginResult> onLogin) {
        this.anonymous = client.withoutAccessToken();
        this.account = account;
        this.onLogin = onLogin;
        this.client = account.accessToken().map(anonymous::withAccessToken).orElse(null);
        this.deviceId = account.deviceId().orElse(null);
    }

    @Override
    public String send(String roomId, String txnId, ObjectNode content) {
        return current().send(RoomId.parse(roomId), txnId, json.convertValue(content, MAP)).value();
    }

    @Override
    public String join(String roomIdOrAlias) {
        return current().join(RoomRef.parse(roomIdOrAlias)).value();
    }

    @Override
    public boolean canLogInAgain() {
        return account.canLogIn();
    }

    @Override
    public synchronized void logInAgain() {
        LoginRequest request = LoginRequest.password(account.user().orElseThrow(), account.password().orElseThrow());
        if (deviceId != null) {
            request = request.onDevice(deviceId);
        }
        LoginResult result = anonymous.login(request);
        deviceId = result.deviceId();
        client = anonymous.withAccessToken(result.accessToken());
        onLogin.accept(result);
    }

    @Override
    public String accountDescription() {
        return account.user().orElse("the configured access token's user");
    }

    private MatrixClient current() {
        MatrixClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    logInAgain();
                }
                c = client;
            }
        }
        return c;
    }
}
