package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * End-to-end encryption's server side, store and forward: {@code /keys/upload}, {@code /keys/query},
 * {@code /keys/claim} and {@code /sendToDevice}. The fake checks shapes, not signatures (a real server
 * does not verify them either; clients do).
 */
public final class KeysEndpoints {
    private final JsonCodec json;
    private final HomeserverState state;

    public KeysEndpoints(JsonCodec json, HomeserverState state) {
        this.json = json;
        this.state = state;
    }

    /** {@code POST /keys/upload}: {@code device_keys}, {@code one_time_keys}, {@code fallback_keys}. */
    public Reply upload(Call call) {
        Session session = call.session();
        ObjectNode request = call.jsonObjectOrEmpty();
        ObjectNode deviceKeys = optionalObject(request, "device_keys");
        if (deviceKeys != null) {
            String userId = Call.requiredString(deviceKeys, "user_id");
            String deviceId = Call.requiredString(deviceKeys, "device_id");
            if (!userId.equals(session.userId()) || !deviceId.equals(session.deviceId())) {
                throw MatrixError.invalidParam("User ID/Device ID in device_keys (" + HomeserverState.abbreviate(userId)
                        + ", " + HomeserverState.abbreviate(deviceId) + ") do not match the access token's ("
                        + session.userId() + ", " + session.deviceId() + ")");
            }
            if (!deviceKeys.path("keys").isObject() || !deviceKeys.path("algorithms").isArray()) {
                throw MatrixError.badJson("'device_keys' needs 'algorithms' (a list) and 'keys' (an object)");
            }
        }
        ObjectNode oneTime = optionalObject(request, "one_time_keys");
        ObjectNode fallback = optionalObject(request, "fallback_keys");
        for (ObjectNode keys : new ObjectNode[] {oneTime, fallback}) {
            if (keys != null) {
                keys.fieldNames().forEachRemaining(KeysEndpoints::checkKeyId);
            }
        }
        Map<String, Integer> counts = state.uploadKeys(session, deviceKeys, oneTime, fallback);
        ObjectNode body = json.object();
        ObjectNode countsNode = body.putObject("one_time_key_counts");
        counts.forEach(countsNode::put);
        return Reply.ok(body);
    }

    /** {@code POST /keys/query}: {@code device_keys: {user: [devices] or []}}; unknown users answer {}. */
    public Reply query(Call call) {
        call.session();
        ObjectNode request = call.jsonObject();
        ObjectNode wanted = optionalObject(request, "device_keys");
        if (wanted == null) {
            throw MatrixError.missingParam("Missing 'device_keys': {\"@user:server\": []} asks for all of a user's devices");
        }
        ObjectNode body = json.object();
        ObjectNode out = body.putObject("device_keys");
        for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isArray()) {
                throw MatrixError.badJson("device_keys." + HomeserverState.abbreviate(entry.getKey())
                        + " must be a list of device ids ([] for all)");
            }
            ObjectNode devices = out.putObject(entry.getKey());
            Map<String, ObjectNode> keys = state.deviceKeys(entry.getKey());
            for (Map.Entry<String, ObjectNode> device : keys.entrySet()) {
                boolean asked = entry.getValue().isEmpty();
                for (JsonNode id : entry.getValue()) {
                    asked |= id.asText().equals(device.getKey());
                }
                if (asked) {
                    devices.set(device.getKey(), device.getValue());
                }
            }
        }
        body.putObject("failures");
        return Reply.ok(body);
    }

    /** {@code POST /keys/claim}: {@code one_time_keys: {user: {device: algorithm}}}; each key handed out once. */
    public Reply claim(Call call) {
        call.session();
        ObjectNode request = call.jsonObject();
        ObjectNode wanted = optionalObject(request, "one_time_keys");
        if (wanted == null) {
            throw MatrixError.missingParam("Missing 'one_time_keys': {\"@user:server\": {\"DEVICE\": \"signed_curve25519\"}}");
        }
        ObjectNode body = json.object();
        ObjectNode out = body.putObject("one_time_keys");
        for (Iterator<Map.Entry<String, JsonNode>> users = wanted.fields(); users.hasNext(); ) {
            Map.Entry<String, JsonNode> user = users.next();
            if (!user.getValue().isObject()) {
                throw MatrixError.badJson("one_time_keys." + HomeserverState.abbreviate(user.getKey())
                        + " must map device ids to an algorithm");
            }
            for (Iterator<Map.Entry<String, JsonNode>> devices = user.getValue().fields(); devices.hasNext(); ) {
                Map.Entry<String, JsonNode> device = devices.next();
                if (!device.getValue().isTextual()) {
                    throw MatrixError.badJson("the algorithm for " + HomeserverState.abbreviate(device.getKey())
                            + " must be a string such as \"signed_curve25519\"");
                }
                Map.Entry<String, JsonNode> key = state.claimKey(user.getKey(), device.getKey(), device.getValue().asText());
                if (key != null) {
                    ObjectNode userNode = out.has(user.getKey()) ? (ObjectNode) out.get(user.getKey()) : out.putObject(user.getKey());
                    userNode.putObject(device.getKey()).set(key.getKey(), key.getValue());
                }
            }
        }
        body.putObject("failures");
        return Reply.ok(body);
    }

    /** {@code PUT /sendToDevice/{eventType}/{txnId}}: {@code messages: {user: {device or *: content}}}; idempotent. */
    public Reply sendToDevice(Call call) {
        Session session = call.session();
        String type = call.param("eventType");
        String txnId = call.param("txnId");
        if (type.isEmpty() || txnId.isEmpty()) {
            throw MatrixError.invalidParam("The eventType and txnId path segments may not be empty");
        }
        ObjectNode request = call.jsonObject();
        ObjectNode messages = optionalObject(request, "messages");
        if (messages == null) {
            throw MatrixError.missingParam("Missing 'messages': {\"@user:server\": {\"DEVICE\": {content}}}");
        }
        Map<String, Map<String, JsonNode>> contents = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> users = messages.fields(); users.hasNext(); ) {
            Map.Entry<String, JsonNode> user = users.next();
            if (!user.getValue().isObject()) {
                throw MatrixError.badJson("messages." + HomeserverState.abbreviate(user.getKey())
                        + " must map device ids to contents");
            }
            Map<String, JsonNode> devices = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = user.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> device = it.next();
                if (!device.getValue().isObject()) {
                    throw MatrixError.badJson("the content for " + HomeserverState.abbreviate(device.getKey())
                            + " must be a JSON object");
                }
                devices.put(device.getKey(), device.getValue());
            }
            contents.put(user.getKey(), devices);
        }
        state.sendToDevice(session, txnId, type, contents);
        return Reply.ok(json.object());
    }

    private static ObjectNode optionalObject(ObjectNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw MatrixError.badJson("'" + field + "' must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static void checkKeyId(String keyId) {
        int colon = keyId.indexOf(':');
        if (colon <= 0 || colon == keyId.length() - 1) {
            throw MatrixError.badJson("Key id " + HomeserverState.abbreviate(keyId)
                    + " must be <algorithm>:<key id>, e.g. signed_curve25519:AAAAAQ");
        }
    }
}
