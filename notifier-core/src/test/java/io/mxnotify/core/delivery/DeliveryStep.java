package io.mxnotify.core.delivery;

import io.mxnotify.core.delivery.FaultProxy.Fault;
import io.mxnotify.fakehs.FaultRule;
import java.util.List;

/**
 * One step of the delivery model ({@link DeliveryProperties}): what the user, the network, the home server
 * or the machine does next to a {@link DeliveryWorld}. Each says in its {@code toString} what it does, so a
 * shrunk sequence reads like a story.
 */
sealed interface DeliveryStep {

    void applyTo(DeliveryWorld world);

    /** Like {@code mxnotify send}: enqueue to room 0, 1 (by id) or 2 (by alias, not joined yet), maybe flush. */
    record Send(int room, boolean thenFlush) implements DeliveryStep {
        @Override
        public void applyTo(DeliveryWorld world) {
            world.send(room, thenFlush);
        }

        @Override
        public String toString() {
            return "send to room " + room + (thenFlush ? " and flush" : "");
        }
    }

    /** Like {@code mxnotify queue flush}. */
    record Flush() implements DeliveryStep {
        @Override
        public void applyTo(DeliveryWorld world) {
            world.flush();
        }

        @Override
        public String toString() {
            return "flush";
        }
    }

    /** The fault proxy in front of the server spoils the next requests, one fault each. */
    record NetworkFaults(List<Fault> faults) implements DeliveryStep {
        @Override
        public void applyTo(DeliveryWorld world) {
            world.injectFaults(faults);
        }

        @Override
        public String toString() {
            return "next requests suffer " + faults;
        }
    }

    /** The fake home server's own fault engine spoils its next {@code times} requests to {@code path}. */
    record ServerFault(ServerFaultKind kind, String path, int times) implements DeliveryStep {
        @Override
        public void applyTo(DeliveryWorld world) {
            world.serverFault(kind.rule().path(path).times(times).build());
        }

        @Override
        public String toString() {
            return "server fault " + kind + " x" + times + " on " + path;
        }
    }

    /** What the fake home server does wrong in a {@link ServerFault}. */
    enum ServerFaultKind {
        UNAVAILABLE_503, RATE_LIMITED_429, DELAY_40_MS, DROP_BEFORE, DROP_AFTER, RESET, TRUNCATE;

        FaultRule.Builder rule() {
            return switch (this) {
                case UNAVAILABLE_503 -> FaultRule.builder().respond(503, "M_UNKNOWN");
                case RATE_LIMITED_429 -> FaultRule.builder().respond(429, "M_LIMIT_EXCEEDED").retryAfterMs(20);
                case DELAY_40_MS -> FaultRule.builder().delayMs(40);
                case DROP_BEFORE -> FaultRule.builder().dropConnection(FaultRule.DropConnection.BEFORE);
                case DROP_AFTER -> FaultRule.builder().dropConnection(FaultRule.DropConnection.AFTER);
                case RESET -> FaultRule.builder().dropConnection(FaultRule.DropConnection.RESET);
                case TRUNCATE -> FaultRule.builder().dropConnection(FaultRule.DropConnection.TRUNCATE);
            };
        }
    }

    /** Hard logout: the server revokes every token of the bot (its device stays). */
    record RevokeTokens() implements DeliveryStep {
        @Override
        public void applyTo(DeliveryWorld world) {
            world.revokeTokens();
        }

        @Override
        public String toString() {
            return "server revokes the tokens (hard logout)";
        }
    }

    /** Soft logout: the server expires every token of the bot. */
    record ExpireTokens() implements DeliveryStep {
        @Override
        public void applyTo(DeliveryWorld world) {
            world.expireTokens();
        }

        @Override
        public String toString() {
            return "server expires the tokens (soft logout)";
        }
    }

    /**
     * The process restarts; the new one crashes before or after its file-system step {@code step} (counted
     * over every file operation of its spool), and is then restarted healthy.
     */
    record CrashingRestart(int step, boolean after) implements DeliveryStep {
        @Override
        public void applyTo(DeliveryWorld world) {
            world.restart(step, after);
        }

        @Override
        public String toString() {
            return "restart; crash " + (after ? "after" : "before") + " file step " + step;
        }
    }

    /** The process restarts healthy. */
    record Restart() implements DeliveryStep {
        @Override
        public void applyTo(DeliveryWorld world) {
            world.restart(0, false);
        }

        @Override
        public String toString() {
            return "restart";
        }
    }
}
