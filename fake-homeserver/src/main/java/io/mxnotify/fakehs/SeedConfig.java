package io.mxnotify.fakehs;

import com.fasterxml.jackson.databind.JsonNode;
import io.mxnotify.fakehs.internal.FaultRuleJson;
import io.mxnotify.fakehs.internal.JsonCodec;
import io.mxnotify.fakehs.internal.MatrixError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The state a fake home server starts with (and returns to on reset), loadable from a JSON seed file.
 * Every field is optional; {@code null} means "the builder's default".
 *
 * <pre>{@code
 * {"server_name": "localhost", "registration_shared_secret": "s3cret", "registration_enabled": false,
 *  "profile": "synapse", "seed": 42, "retention_cap": 10000, "device_warning_threshold": 10,
 *  "rate_limit": {"per_second": 10, "burst": 20},
 *  "users": [{"username": "bot", "password": "pw", "admin": false, "device_id": "BOT", "access_token": "t"}],
 *  "rooms": [{"alias": "alerts", "name": "Alerts", "public": true, "members": ["bot"], "invite": []}],
 *  "memberships": [{"user": "bot", "room": "#alerts:localhost"}],
 *  "faults": [{"method": "PUT", "path": "/send/", "status": 503, "times": 2}],
 *  "token_lifetime_ms": 60000}
 * }</pre>
 *
 * @param serverName               the server name in user ids and aliases
 * @param registrationSharedSecret Synapse's {@code registration_shared_secret}, or {@code null} for off
 * @param registrationEnabled      whether {@code /register} (dummy auth) creates accounts
 * @param profile                  how lenient the server is
 * @param seed                     makes generated ids and tokens reproducible
 * @param retentionCap             most events kept (oldest dropped first)
 * @param deviceWarningThreshold   devices per user before the fake warns
 * @param rateLimit                per-user request rate limit, or {@code null} for none
 * @param users                    users to create
 * @param rooms                    rooms to create
 * @param memberships              extra joins of users to rooms
 * @param faults                   fault rules active from the start
 * @param tokenLifetimeMs          lifetime of the access tokens of clients that log in with
 *                                 {@code "refresh_token": true}; {@code null} or 0: tokens never expire
 */
public record SeedConfig(String serverName, String registrationSharedSecret, Boolean registrationEnabled,
                         Profile profile, Long seed, Integer retentionCap, Integer deviceWarningThreshold,
                         RateLimit rateLimit, List<User> users, List<Room> rooms, List<Membership> memberships,
                         List<FaultRule> faults, Long tokenLifetimeMs) {

    private static final Set<String> FIELDS = Set.of("server_name", "registration_shared_secret",
            "registration_enabled", "profile", "seed", "retention_cap", "device_warning_threshold", "rate_limit",
            "users", "rooms", "memberships", "faults", "token_lifetime_ms");

    /** A seed without a token lifetime (tokens never expire). */
    public SeedConfig(String serverName, String registrationSharedSecret, Boolean registrationEnabled,
                      Profile profile, Long seed, Integer retentionCap, Integer deviceWarningThreshold,
                      RateLimit rateLimit, List<User> users, List<Room> rooms, List<Membership> memberships,
                      List<FaultRule> faults) {
        this(serverName, registrationSharedSecret, registrationEnabled, profile, seed, retentionCap,
                deviceWarningThreshold, rateLimit, users, rooms, memberships, faults, null);
    }

    public SeedConfig {
        users = users == null ? List.of() : List.copyOf(users);
        rooms = rooms == null ? List.of() : List.copyOf(rooms);
        memberships = memberships == null ? List.of() : List.copyOf(memberships);
        faults = faults == null ? List.of() : List.copyOf(faults);
        if (retentionCap != null && retentionCap < 1) {
            throw new IllegalArgumentException("retention_cap must be at least 1, got " + retentionCap);
        }
        if (deviceWarningThreshold != null && deviceWarningThreshold < 1) {
            throw new IllegalArgumentException("device_warning_threshold must be at least 1");
        }
        if (tokenLifetimeMs != null && tokenLifetimeMs < 0) {
            throw new IllegalArgumentException("token_lifetime_ms must not be negative (0: tokens never expire), got "
                    + tokenLifetimeMs);
        }
    }

    /** A seed with nothing in it. */
    public static SeedConfig empty() {
        return new SeedConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * A user to create.
     *
     * @param username    the localpart ({@code bot}) or full user id
     * @param password    its password, or {@code null} to generate one
     * @param admin       whether it is a server admin
     * @param deviceId    its first device id, or {@code null} to generate one
     * @param accessToken its first access token, or {@code null} to generate one
     */
    public record User(String username, String password, boolean admin, String deviceId, String accessToken) {
        public User {
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("a seed user needs a username");
            }
        }

        @Override
        public String toString() {
            return "User[username=" + username + ", admin=" + admin + ", deviceId=" + deviceId
                    + ", password=***, accessToken=***]";
        }
    }

    /**
     * A room to create.
     *
     * @param alias    its alias ({@code alerts} or {@code #alerts:localhost}), or {@code null}
     * @param roomId   its room id, or {@code null} to generate one
     * @param name     its name, or {@code null}
     * @param topic    its topic, or {@code null}
     * @param isPublic anyone may join (default true) rather than invited users only
     * @param members  users joined from the start (localparts or user ids)
     * @param invite   users invited from the start
     */
    public record Room(String alias, String roomId, String name, String topic, boolean isPublic, List<String> members,
                       List<String> invite) {
        public Room {
            members = members == null ? List.of() : List.copyOf(members);
            invite = invite == null ? List.of() : List.copyOf(invite);
            if (roomId != null && (!roomId.startsWith("!") || roomId.indexOf(':') < 0)) {
                throw new IllegalArgumentException("room_id must look like !opaque:server, got '" + roomId + "'");
            }
        }
    }

    /** A user joined to a room (by alias or id) from the start. */
    public record Membership(String user, String room) {
        public Membership {
            if (user == null || room == null) {
                throw new IllegalArgumentException("a membership needs a user and a room");
            }
        }
    }

    /**
     * A token bucket per user (or per client address when unauthenticated): {@code perSecond} requests
     * per second on average, bursts up to {@code burst}; over it the fake answers 429
     * {@code M_LIMIT_EXCEEDED} with {@code retry_after_ms}, as Synapse does.
     */
    public record RateLimit(double perSecond, int burst) {
        public RateLimit {
            if (!(perSecond > 0)) {
                throw new IllegalArgumentException("rate_limit.per_second must be positive");
            }
            if (burst < 1) {
                throw new IllegalArgumentException("rate_limit.burst must be at least 1");
            }
        }
    }

    /** Reads a seed file; {@link IllegalArgumentException} saying what is wrong and where. */
    public static SeedConfig load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read seed file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("seed file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses seed JSON; {@link IllegalArgumentException} saying what is wrong. */
    public static SeedConfig parse(String jsonText) {
        JsonNode root;
        try {
            root = new JsonCodec().parse(jsonText);
        } catch (MatrixError e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage());
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("the seed must be a JSON object");
        }
        checkFields(root, FIELDS, "the seed");
        List<User> users = new ArrayList<>();
        for (JsonNode user : array(root, "users")) {
            checkFields(user, Set.of("username", "password", "admin", "device_id", "access_token"), "a user");
            users.add(new User(text(user, "username"), text(user, "password"), bool(user, "admin", false),
                    text(user, "device_id"), text(user, "access_token")));
        }
        List<Room> rooms = new ArrayList<>();
        for (JsonNode room : array(root, "rooms")) {
            checkFields(room, Set.of("alias", "room_id", "name", "topic", "public", "members", "invite"), "a room");
            rooms.add(new Room(text(room, "alias"), text(room, "room_id"), text(room, "name"), text(room, "topic"),
                    bool(room, "public", true), strings(room, "members"), strings(room, "invite")));
        }
        List<Membership> memberships = new ArrayList<>();
        for (JsonNode membership : array(root, "memberships")) {
            checkFields(membership, Set.of("user", "room"), "a membership");
            memberships.add(new Membership(text(membership, "user"), text(membership, "room")));
        }
        List<FaultRule> faults = new ArrayList<>();
        int index = 0;
        for (JsonNode fault : array(root, "faults")) {
            try {
                faults.add(FaultRuleJson.parse(fault));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("faults[" + index + "]: " + e.getMessage(), e);
            }
            index++;
        }
        RateLimit rateLimit = null;
        JsonNode limit = root.get("rate_limit");
        if (limit != null && !limit.isNull()) {
            checkFields(limit, Set.of("per_second", "burst"), "rate_limit");
            if (!limit.path("per_second").isNumber()) {
                throw new IllegalArgumentException("rate_limit.per_second must be a number");
            }
            rateLimit = new RateLimit(limit.get("per_second").asDouble(),
                    limit.has("burst") ? integer(limit, "burst") : (int) Math.ceil(limit.get("per_second").asDouble()));
        }
        String profile = text(root, "profile");
        return new SeedConfig(text(root, "server_name"), text(root, "registration_shared_secret"),
                root.has("registration_enabled") ? bool(root, "registration_enabled", false) : null,
                profile == null ? null : Profile.parse(profile),
                root.has("seed") ? seedValue(root) : null,
                root.has("retention_cap") ? integer(root, "retention_cap") : null,
                root.has("device_warning_threshold") ? integer(root, "device_warning_threshold") : null,
                rateLimit, users, rooms, memberships, faults,
                root.has("token_lifetime_ms") ? longValue(root, "token_lifetime_ms") : null);
    }

    private static long longValue(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer (milliseconds)");
        }
        return value.asLong();
    }

    private static void checkFields(JsonNode node, Set<String> known, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' in " + what + "; known fields: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static List<JsonNode> array(JsonNode root, String field) {
        JsonNode node = root.get(field);
        List<JsonNode> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be a list");
        }
        node.forEach(out::add);
        return out;
    }

    private static List<String> strings(JsonNode root, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array(root, field)) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException("'" + field + "' must list strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return value.asText();
    }

    private static boolean bool(JsonNode node, String field, boolean fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("'" + field + "' must be true or false");
        }
        return value.asBoolean();
    }

    private static Long seedValue(JsonNode root) {
        JsonNode value = root.get("seed");
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("'seed' must be an integer");
        }
        return value.asLong();
    }

    private static int integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer");
        }
        return value.asInt();
    }
}
