package io.mxnotify.core.client;

import io.mxnotify.core.Secret;
import io.mxnotify.core.id.UserId;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a successful login (or shared-secret registration) returned. Its {@code toString()} redacts the
 * tokens.
 *
 * @param userId       the fully qualified user id the server assigned
 * @param accessToken  the access token for {@code Authorization: Bearer}
 * @param deviceId     the device the token belongs to; pass it to {@link LoginRequest#onDevice} next time
 * @param refreshToken a refresh token, if one was requested and the server issues them
 * @param expiresInMs  the access token's lifetime in milliseconds, if it expires
 * @param homeServer   the deprecated {@code home_server} field, if the server still sends it
 */
public record LoginResult(UserId userId, Secret accessToken, String deviceId, Optional<Secret> refreshToken,
                          OptionalLong expiresInMs, Optional<String> homeServer) {
}
