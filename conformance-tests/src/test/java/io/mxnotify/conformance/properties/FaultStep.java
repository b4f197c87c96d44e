package io.mxnotify.conformance.properties;

import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FaultRule;
import io.mxnotify.fakehs.FaultRule.DropConnection;

/**
 * One thing that goes wrong while notifications are delivered, installed on the fake before delivery
 * starts. Each says in its {@code toString} what it does, so a shrunk schedule reads like a story.
 */
sealed interface FaultStep {

    /**
     * What the step does as a client before delivery starts (log out, leave a room), done before any fault
     * rule is installed; answers how many failed sends it can cause at most.
     */
    default int prepare(String botToken, RoomActions rooms) {
        return 0;
    }

    /** Installs the step's fault rule on the fake, if it has one; answers how many failed requests it can cause. */
    default int install(FakeHomeserver fake) {
        return 0;
    }

    /** Where a fault rule applies: the send endpoint only, or every client request (join, login, send). */
    enum Scope {
        SEND("PUT", "/send/"),
        ANY(null, "^/_matrix/");

        final String method;
        final String path;

        Scope(String method, String path) {
            this.method = method;
            this.path = path;
        }

        FaultRule.Builder rule() {
            FaultRule.Builder rule = FaultRule.builder().path(path);
            return method == null ? rule : rule.method(method);
        }

        @Override
        public String toString() {
            return this == SEND ? "on send" : "on any request";
        }
    }

    /** 5xx answers: an overloaded server or a proxy that lost its upstream. */
    record ServerError(int status, Scope scope, int skip, int times) implements FaultStep {
        @Override
        public int install(FakeHomeserver fake) {
            fake.addFault(scope.rule().respond(status, null).skip(skip).times(times).build());
            return times;
        }

        @Override
        public String toString() {
            return status + " " + scope + " x" + times + (skip > 0 ? " after " + skip : "");
        }
    }

    /** 429 {@code M_LIMIT_EXCEEDED} with {@code retry_after_ms}. */
    record RateLimited(long retryAfterMs, Scope scope, int skip, int times) implements FaultStep {
        @Override
        public int install(FakeHomeserver fake) {
            fake.addFault(scope.rule().respond(429, "M_LIMIT_EXCEEDED").retryAfterMs(retryAfterMs).skip(skip)
                    .times(times).build());
            return times;
        }

        @Override
        public String toString() {
            return "429 retry_after_ms=" + retryAfterMs + " " + scope + " x" + times + (skip > 0 ? " after " + skip : "");
        }
    }

    /** The connection dies before the server handles the request: nothing stored. */
    record DroppedBefore(Scope scope, int skip, int times) implements FaultStep {
        @Override
        public int install(FakeHomeserver fake) {
            fake.addFault(scope.rule().dropConnection(DropConnection.BEFORE).skip(skip).times(times).build());
            return times;
        }

        @Override
        public String toString() {
            return "drop before storing " + scope + " x" + times + (skip > 0 ? " after " + skip : "");
        }
    }

    /** The event is stored, then the connection dies before the answer: only the same txnId avoids a duplicate. */
    record DroppedAfter(int skip, int times) implements FaultStep {
        @Override
        public int install(FakeHomeserver fake) {
            fake.addFault(Scope.SEND.rule().dropConnection(DropConnection.AFTER).skip(skip).times(times).build());
            return times;
        }

        @Override
        public String toString() {
            return "drop after storing on send x" + times + (skip > 0 ? " after " + skip : "");
        }
    }

    /** A slow answer. */
    record Delayed(long delayMs, Scope scope, int times) implements FaultStep {
        @Override
        public int install(FakeHomeserver fake) {
            fake.addFault(scope.rule().delayMs(delayMs).times(times).build());
            return 0;
        }

        @Override
        public String toString() {
            return "delay " + delayMs + " ms " + scope + " x" + times;
        }
    }

    /** The server answers 401 {@code M_UNKNOWN_TOKEN} to sends: the engine must log in again. */
    record UnknownTokenAnswers(int skip, int times) implements FaultStep {
        @Override
        public int install(FakeHomeserver fake) {
            fake.addFault(Scope.SEND.rule().respond(401, "M_UNKNOWN_TOKEN").skip(skip).times(times).build());
            return times;
        }

        @Override
        public String toString() {
            return "401 M_UNKNOWN_TOKEN on send x" + times + (skip > 0 ? " after " + skip : "");
        }
    }

    /** The bot's access token is really logged out before delivery: re-login on the same device. */
    record TokenLoggedOut() implements FaultStep {
        @Override
        public int prepare(String botToken, RoomActions rooms) {
            rooms.logout(botToken);
            return 1;
        }

        @Override
        public String toString() {
            return "token logged out";
        }
    }

    /** The bot has left a room: its first send there is forbidden, then it must join and retry. */
    record LeftRoom(int room) implements FaultStep {
        @Override
        public int prepare(String botToken, RoomActions rooms) {
            rooms.leave(botToken, room);
            return 1;
        }

        @Override
        public String toString() {
            return "bot left room " + room + " (forbidden, then joinable)";
        }
    }
}
