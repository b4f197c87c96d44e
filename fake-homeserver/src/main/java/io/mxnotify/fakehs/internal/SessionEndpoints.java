package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;

/** Logging in and out, {@code whoami}, and the devices of the caller. */
public final class SessionEndpoints {
    private final JsonCodec json;
    private final HomeserverState state;
    private final Supplier<String> baseUrl;

    public SessionEndpoints(JsonCodec json, HomeserverState state, Supplier<String> baseUrl) {
        this.json = json;
        this.state = state;
        this.baseUrl = baseUrl;
    }

    public Reply loginFlows(Call call) {
        ObjectNode body = json.object();
        body.putArray("flows").addObject().put("type", "m.login.password");
        return Reply.ok(body);
    }

    /**
     * Password login with {@code identifier} ({@code m.id.user}) or, outside the strict profile, the
     * legacy top-level {@code user}. An existing {@code device_id} is reused.
     */
    public Reply login(Call call) {
        ObjectNode request = call.jsonObject();
        // Synapse's order (AuthHandler.validate_login): the type must be a string, then an identifier (or the
        // legacy user) must be there, then the type must be known.
        JsonNode typeNode = request.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw MatrixError.invalidParam("Bad parameter: type (send \"type\": \"m.login.password\")");
        }
        String type = typeNode.asText();
        if (!request.has("identifier") && !request.has("user")) {
            throw MatrixError.invalidParam("Invalid login submission: send \"identifier\": {\"type\": \"m.id.user\", "
                    + "\"user\": \"...\"}");
        }
        String user = loginUser(call, request);
        if (!"m.login.password".equals(type)) {
            throw new MatrixError(400, "M_UNKNOWN", "Unknown login type " + HomeserverState.abbreviate(type)
                    + ": this server offers m.login.password (see GET /login)");
        }
        JsonNode passwordNode = request.get("password");
        if (passwordNode == null || !passwordNode.isTextual()) {
            // What Synapse answers for a password that is missing or not a string (AuthHandler.validate_login).
            throw MatrixError.invalidParam("Bad parameter: password (send \"password\": \"...\" as a string)");
        }
        String password = passwordNode.asText();
        String deviceId = Call.optionalString(request, "device_id").orElse(null);
        String displayName = Call.optionalString(request, "initial_device_display_name").orElse(null);
        boolean wantsRefreshToken = Call.optionalBoolean(request, "refresh_token").orElse(false);
        IssuedSession issued = state.login(user, password, deviceId, displayName, wantsRefreshToken);
        Session session = issued.session();
        ObjectNode body = json.object();
        body.put("user_id", session.userId());
        body.put("access_token", session.accessToken());
        body.put("home_server", state.serverName());
        body.put("device_id", session.deviceId());
        putRefresh(body, issued);
        body.putObject("well_known").putObject("m.homeserver").put("base_url", baseUrl.get());
        return Reply.ok(body);
    }

    /**
     * {@code POST /refresh} (spec v1.3): a new access token and refresh token for the same device; the old
     * refresh token stays valid until the new pair is first used.
     */
    public Reply refresh(Call call) {
        ObjectNode request = call.jsonObject();
        IssuedSession issued = state.refresh(Call.requiredString(request, "refresh_token"));
        ObjectNode body = json.object();
        body.put("access_token", issued.session().accessToken());
        putRefresh(body, issued);
        return Reply.ok(body);
    }

    private static void putRefresh(ObjectNode body, IssuedSession issued) {
        if (issued.refreshToken() != null) {
            body.put("refresh_token", issued.refreshToken());
            body.put("expires_in_ms", issued.expiresInMs());
        }
    }

    private String loginUser(Call call, ObjectNode request) {
        JsonNode identifier = request.get("identifier");
        if (identifier != null && !identifier.isNull()) {
            if (!identifier.isObject()) {
                throw MatrixError.badJson("'identifier' must be an object like {\"type\": \"m.id.user\", "
                        + "\"user\": \"name\"}, got " + Call.kind(identifier));
            }
            String identifierType = Call.requiredString((ObjectNode) identifier, "type");
            if (!"m.id.user".equals(identifierType)) {
                throw new MatrixError(400, "M_UNKNOWN", "Unknown login identifier type "
                        + HomeserverState.abbreviate(identifierType) + ": this server supports m.id.user");
            }
            return Call.requiredString((ObjectNode) identifier, "user");
        }
        if (request.has("user")) {
            if (call.strict()) {
                throw MatrixError.badJson("Refused by the strict profile (rule: no legacy login 'user'): the "
                        + "top-level 'user' field is deprecated; send \"identifier\": {\"type\": \"m.id.user\", "
                        + "\"user\": \"...\"}");
            }
            return Call.requiredString(request, "user");
        }
        throw MatrixError.missingParam("Missing 'identifier': send \"identifier\": {\"type\": \"m.id.user\", "
                + "\"user\": \"...\"}");
    }

    public Reply whoami(Call call) {
        Session session = call.session();
        ObjectNode body = json.object();
        body.put("user_id", session.userId());
        body.put("device_id", session.deviceId());
        body.put("is_guest", false);
        return Reply.ok(body);
    }

    public Reply logout(Call call) {
        state.logout(call.session());
        return Reply.ok(json.object());
    }

    public Reply logoutAll(Call call) {
        state.logoutAll(call.session().userId());
        return Reply.ok(json.object());
    }

    public Reply listDevices(Call call) {
        ObjectNode body = json.object();
        ArrayNode devices = body.putArray("devices");
        for (DeviceInfo device : state.devices(call.session().userId())) {
            devices.add(deviceJson(device));
        }
        return Reply.ok(body);
    }

    public Reply getDevice(Call call) {
        String deviceId = call.param("deviceId");
        for (DeviceInfo device : state.devices(call.session().userId())) {
            if (device.deviceId().equals(deviceId)) {
                return Reply.ok(deviceJson(device));
            }
        }
        throw MatrixError.notFound("Unknown device " + HomeserverState.abbreviate(deviceId));
    }

    public Reply renameDevice(Call call) {
        Session session = call.session();
        ObjectNode request = call.jsonObject();
        String displayName = Call.optionalString(request, "display_name").orElse(null);
        state.renameDevice(session.userId(), call.param("deviceId"), displayName);
        return Reply.ok(json.object());
    }

    /**
     * Deletes a device. Real servers ask for user-interactive auth here; the fake accepts the deletion
     * when the body carries {@code auth} with the account password, or no auth at all.
     */
    public Reply deleteDevice(Call call) {
        Session session = call.session();
        ObjectNode request = call.jsonObjectOrEmpty();
        checkOptionalPasswordAuth(session, request);
        if (!state.deleteDevice(session.userId(), call.param("deviceId"))) {
            throw MatrixError.notFound("Unknown device " + HomeserverState.abbreviate(call.param("deviceId")));
        }
        return Reply.ok(json.object());
    }

    public Reply deleteDevices(Call call) {
        Session session = call.session();
        ObjectNode request = call.jsonObject();
        checkOptionalPasswordAuth(session, request);
        JsonNode devices = request.get("devices");
        if (devices == null || !devices.isArray()) {
            throw MatrixError.missingParam("Missing 'devices': a list of device ids to delete");
        }
        for (JsonNode device : devices) {
            if (!device.isTextual()) {
                throw MatrixError.badJson("'devices' must list strings");
            }
        }
        for (JsonNode device : devices) {
            state.deleteDevice(session.userId(), device.asText());
        }
        return Reply.ok(json.object());
    }

    private void checkOptionalPasswordAuth(Session session, ObjectNode request) {
        JsonNode auth = request.get("auth");
        if (auth == null || auth.isNull()) {
            return;
        }
        if (!auth.isObject()) {
            throw MatrixError.badJson("'auth' must be an object");
        }
        JsonNode password = auth.get("password");
        String expected = state.password(session.userId()).orElse("");
        if (password != null && !(password.isTextual() && expected.equals(password.asText()))) {
            throw MatrixError.forbidden("Invalid password");
        }
    }

    private ObjectNode deviceJson(DeviceInfo device) {
        ObjectNode node = json.object();
        node.put("device_id", device.deviceId());
        if (device.displayName() != null) {
            node.put("display_name", device.displayName());
        } else {
            node.putNull("display_name");
        }
        node.put("last_seen_ts", device.lastSeenTs());
        node.putNull("last_seen_ip");
        return node;
    }
}
