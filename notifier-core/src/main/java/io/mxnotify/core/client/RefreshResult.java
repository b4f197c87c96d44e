package io.mxnotify.core.client;

import io.mxnotify.core.Secret;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The answer to {@code POST /refresh}. When a new refresh token is given, the old one stops working as
 * soon as the new pair is used, so store it before using the new access token.
 *
 * @param accessToken  the new access token
 * @param refreshToken the new refresh token, if the server rotated it
 * @param expiresInMs  the new access token's lifetime, if it expires
 */
public record RefreshResult(Secret accessToken, Optional<Secret> refreshToken, OptionalLong expiresInMs) {
}
