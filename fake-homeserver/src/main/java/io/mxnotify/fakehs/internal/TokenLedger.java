package io.mxnotify.fakehs.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Access token expiry and refresh tokens, with the spec's rotation rule: refreshing gives a new access
 * token and a new refresh token, and the old refresh token (with the access token issued beside it)
 * stays valid until the new access token or refresh token is first used. Refreshing the same old
 * refresh token again before that replaces the pending pair (as Synapse does). Mutable, guarded by the
 * {@link HomeserverState} lock; it only keeps books, the state removes revoked access tokens.
 */
final class TokenLedger {
    /** When each expiring access token expires (epoch ms); tokens not listed never expire. */
    private final Map<String, Long> expiry = new HashMap<>();
    /** Refresh token to its grant. */
    private final Map<String, Grant> grants = new HashMap<>();
    /** Access token to the refresh token issued beside it. */
    private final Map<String, String> grantOfAccessToken = new HashMap<>();

    /** One refresh token: who it is for, the access token issued with it, and its rotation links. */
    private static final class Grant {
        final String userId;
        final String deviceId;
        final String accessToken;
        /** The refresh token this one replaced, revoked at the first use of this pair. */
        String predecessor;
        /** The refresh token issued by refreshing this one, not used yet. */
        String pendingSuccessor;

        Grant(String userId, String deviceId, String accessToken, String predecessor) {
            this.userId = userId;
            this.deviceId = deviceId;
            this.accessToken = accessToken;
            this.predecessor = predecessor;
        }
    }

    /** What a successful refresh gives: which session it is for and which access tokens are now dead. */
    record Rotation(String userId, String deviceId, List<String> revokedAccessTokens) {
    }

    /** Records that {@code accessToken} expires at {@code expiresAt} (epoch ms). */
    void expires(String accessToken, long expiresAt) {
        expiry.put(accessToken, expiresAt);
    }

    /** Whether an access token has expired at {@code now}. */
    boolean isExpired(String accessToken, long now) {
        Long at = expiry.get(accessToken);
        return at != null && at <= now;
    }

    /** Issues a refresh token for an access token just created on {@code deviceId}. */
    void grant(String refreshToken, String userId, String deviceId, String accessToken, String predecessor) {
        grants.put(refreshToken, new Grant(userId, deviceId, accessToken, predecessor));
        grantOfAccessToken.put(accessToken, refreshToken);
    }

    /**
     * The first use of an access token: if it came from a refresh, the refresh token it replaced (and that
     * one's access token) is revoked now. Answers the access tokens to revoke.
     */
    List<String> used(String accessToken) {
        String refreshToken = grantOfAccessToken.get(accessToken);
        return refreshToken == null ? List.of() : retirePredecessor(refreshToken);
    }

    /**
     * Starts a refresh with {@code refreshToken}: answers null when it is unknown (never issued, revoked, or
     * replaced once its successor was used); otherwise retires its predecessor (using a refresh token
     * counts as using the pair) and drops a pending successor from an earlier refresh whose answer the
     * client never used. The caller then issues the new pair with {@link #grant} and {@link #linkSuccessor}.
     */
    Rotation beginRefresh(String refreshToken) {
        Grant grant = grants.get(refreshToken);
        if (grant == null) {
            return null;
        }
        List<String> revoked = new ArrayList<>(retirePredecessor(refreshToken));
        if (grant.pendingSuccessor != null) {
            revoked.addAll(revokeGrant(grant.pendingSuccessor));
            grant.pendingSuccessor = null;
        }
        return new Rotation(grant.userId, grant.deviceId, revoked);
    }

    /** Marks {@code successor} as the not yet used replacement of {@code refreshToken}. */
    void linkSuccessor(String refreshToken, String successor) {
        Grant grant = grants.get(refreshToken);
        if (grant != null) {
            grant.pendingSuccessor = successor;
        }
    }

    private List<String> retirePredecessor(String refreshToken) {
        Grant grant = grants.get(refreshToken);
        if (grant == null || grant.predecessor == null) {
            return List.of();
        }
        String predecessor = grant.predecessor;
        grant.predecessor = null;
        return revokeGrant(predecessor);
    }

    /** Removes a refresh token; answers the access token issued with it (now to be revoked). */
    private List<String> revokeGrant(String refreshToken) {
        Grant grant = grants.remove(refreshToken);
        if (grant == null) {
            return List.of();
        }
        grantOfAccessToken.remove(grant.accessToken);
        expiry.remove(grant.accessToken);
        return List.of(grant.accessToken);
    }

    /** Expires every listed access token now (a soft logout). */
    void expireNow(Iterable<String> accessTokens, long now) {
        for (String token : accessTokens) {
            expiry.put(token, now);
        }
    }

    /** Forgets an access token that was revoked some other way (logout, device deleted). */
    void forgetAccessToken(String accessToken) {
        expiry.remove(accessToken);
        String refreshToken = grantOfAccessToken.remove(accessToken);
        if (refreshToken != null) {
            grants.remove(refreshToken);
        }
    }

    /** Revokes every refresh token of a user's device (or of all devices when {@code deviceId} is null). */
    void revokeRefreshTokens(String userId, String deviceId) {
        for (Iterator<Map.Entry<String, Grant>> it = grants.entrySet().iterator(); it.hasNext(); ) {
            Grant grant = it.next().getValue();
            if (grant.userId.equals(userId) && (deviceId == null || grant.deviceId.equals(deviceId))) {
                grantOfAccessToken.remove(grant.accessToken);
                it.remove();
            }
        }
    }

    /** How many refresh tokens are live (for inspection). */
    int refreshTokenCount(String userId) {
        int count = 0;
        for (Grant grant : grants.values()) {
            if (grant.userId.equals(userId)) {
                count++;
            }
        }
        return count;
    }

    void clear() {
        expiry.clear();
        grants.clear();
        grantOfAccessToken.clear();
    }
}
