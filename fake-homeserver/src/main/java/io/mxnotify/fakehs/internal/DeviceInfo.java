package io.mxnotify.fakehs.internal;

/** A device as listed by {@code /devices} and the inspection API. */
public record DeviceInfo(String deviceId, String displayName, String createdBy, long createdTs, long lastSeenTs) {
}
