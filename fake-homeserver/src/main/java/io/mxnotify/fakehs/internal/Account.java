package io.mxnotify.fakehs.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** A user account with its devices. Mutable, guarded by the {@link StateLock}. */
final class Account {
    final String userId;
    final String localpart;
    String password;
    final boolean admin;
    final String createdBy;
    final long createdTs;
    final Map<String, Device> devices = new LinkedHashMap<>();
    boolean deviceWarningGiven;

    Account(String userId, String localpart, String password, boolean admin, String createdBy, long createdTs) {
        this.userId = userId;
        this.localpart = localpart;
        this.password = password;
        this.admin = admin;
        this.createdBy = createdBy;
        this.createdTs = createdTs;
    }
}
