package io.mxnotify.fakehs.internal;

import java.util.List;

/** An account as listed by the inspection API. */
public record UserInfo(String userId, boolean admin, String createdBy, long createdTs, List<DeviceInfo> devices,
                       boolean deviceWarning) {
}
