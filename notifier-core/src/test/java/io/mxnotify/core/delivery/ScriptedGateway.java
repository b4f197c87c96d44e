package io.mxnotify.core.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.client.FailureKind;
import io.mxnotify.core.client.MatrixClientException;
import io.mxnotify.core.client.MatrixException;
import io.mxnotify.core.client.MatrixNetworkException;
import io.mxnotify.core.delivery.internal.HomeserverGateway;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory home server behind the engine's gateway seam: rooms with their events, txnId
 * deduplication, membership, a token that can be invalidated, and scripted failures per operation.
 */
final class ScriptedGateway implements HomeserverGateway {

    private final Map<String, List<ObjectNode>> rooms = new LinkedHashMap<>();
    private final Map<String, String> txnToEvent = new HashMap<>();
    private final Set<String> joined = new HashSet<>();
    private final Set<String> joinable = new HashSet<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Deque<RuntimeException> sendFailures = new ArrayDeque<>();
    private final Deque<RuntimeException> stateFailures = new ArrayDeque<>();
    private final Set<String> encrypted = new HashSet<>();
    private int stateReads;
    private final boolean password;
    private boolean tokenValid = true;
    private int logins;
    private int sendCalls;
    private Runnable beforeSend = () -> { };

    ScriptedGateway(boolean password) {
        this.password = password;
    }

    synchronized ScriptedGateway room(String roomId, boolean member) {
        rooms.putIfAbsent(roomId, new ArrayList<>());
        joinable.add(roomId);
        if (member) {
            joined.add(roomId);
        }
        return this;
    }

    synchronized ScriptedGateway alias(String alias, String roomId) {
        aliases.put(alias, roomId);
        return this;
    }

    synchronized ScriptedGateway notJoinable(String roomId) {
        joinable.remove(roomId);
        return this;
    }

    synchronized ScriptedGateway failSends(RuntimeException... failures) {
        sendFailures.addAll(List.of(failures));
        return this;
    }

    /** Gives the room an {@code m.room.encryption} state event (Megolm). */
    synchronized ScriptedGateway encrypt(String roomId) {
        encrypted.add(roomId);
        return this;
    }

    synchronized ScriptedGateway failStateReads(RuntimeException... failures) {
        stateFailures.addAll(List.of(failures));
        return this;
    }

    synchronized int stateReads() {
        return stateReads;
    }

    synchronized void invalidateToken() {
        tokenValid = false;
    }

    synchronized void beforeSend(Runnable action) {
        beforeSend = action;
    }

    synchronized List<String> bodies(String roomId) {
        return rooms.getOrDefault(roomId, List.of()).stream().map(c -> c.get("body").asText()).toList();
    }

    synchronized List<ObjectNode> contents(String roomId) {
        return List.copyOf(rooms.getOrDefault(roomId, List.of()));
    }

    synchronized int logins() {
        return logins;
    }

    synchronized int sendCalls() {
        return sendCalls;
    }

    static MatrixException error(int status, String errcode, Duration retryAfter) {
        return new MatrixException("PUT /send", status, errcode, "scripted", retryAfter, false, Map.of());
    }

    static MatrixNetworkException networkDown() {
        return new MatrixNetworkException("PUT /send", FailureKind.NETWORK, "connection refused", null);
    }

    @Override
    public String send(String roomId, String txnId, ObjectNode content) {
        Runnable hook;
        synchronized (this) {
            hook = beforeSend;
        }
        hook.run();
        synchronized (this) {
            sendCalls++;
            if (!tokenValid) {
                throw error(401, "M_UNKNOWN_TOKEN", null);
            }
            RuntimeException failure = sendFailures.poll();
            if (failure != null) {
                throw failure;
            }
            if (!joined.contains(roomId)) {
                throw error(403, "M_FORBIDDEN", null);
            }
            return txnToEvent.computeIfAbsent(txnId, t -> {
                rooms.get(roomId).add(content);
                return "$" + t;
            });
        }
    }

    @Override
    public synchronized java.util.Optional<ObjectNode> roomEncryption(String roomId) {
        stateReads++;
        if (!tokenValid) {
            throw error(401, "M_UNKNOWN_TOKEN", null);
        }
        RuntimeException failure = stateFailures.poll();
        if (failure != null) {
            throw failure;
        }
        if (!joined.contains(roomId)) {
            throw error(403, "M_FORBIDDEN", null);
        }
        if (!encrypted.contains(roomId)) {
            return java.util.Optional.empty();
        }
        ObjectNode content = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        content.put("algorithm", "m.megolm.v1.aes-sha2");
        return java.util.Optional.of(content);
    }

    @Override
    public synchronized String join(String roomIdOrAlias) {
        if (!tokenValid) {
            throw error(401, "M_UNKNOWN_TOKEN", null);
        }
        String roomId = aliases.getOrDefault(roomIdOrAlias, roomIdOrAlias);
        if (!rooms.containsKey(roomId)) {
            throw error(404, "M_NOT_FOUND", null);
        }
        if (!joinable.contains(roomId)) {
            throw error(403, "M_FORBIDDEN", null);
        }
        joined.add(roomId);
        return roomId;
    }

    @Override
    public boolean canLogInAgain() {
        return password;
    }

    @Override
    public synchronized void logInAgain() {
        if (!password) {
            throw new IllegalStateException("no password");
        }
        logins++;
        tokenValid = true;
    }

    @Override
    public String accountDescription() {
        return "@bot:test";
    }

    static MatrixClientException serverError() {
        return error(500, "M_UNKNOWN", null);
    }
}
