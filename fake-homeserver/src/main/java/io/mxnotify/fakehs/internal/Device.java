package io.mxnotify.fakehs.internal;

import java.util.LinkedHashSet;
import java.util.Set;

/** One device of an account and its live access tokens. Mutable, guarded by the {@link StateLock}. */
final class Device {
    final String deviceId;
    String displayName;
    final String createdBy;
    final long createdTs;
    long lastSeenTs;
    final Set<String> tokens = new LinkedHashSet<>();

    Device(String deviceId, String displayName, String createdBy, long createdTs) {
        this.deviceId = deviceId;
        this.displayName = displayName;
        this.createdBy = createdBy;
        this.createdTs = createdTs;
        this.lastSeenTs = createdTs;
    }
}
