package io.mxnotify.core.client;

import io.mxnotify.core.id.UserId;
import java.util.Optional;

/**
 * Who the access token belongs to ({@code GET /account/whoami}).
 *
 * @param userId   the token's user
 * @param deviceId the token's device, if the token has one (application service tokens may not)
 * @param isGuest  whether the user is a guest
 */
public record WhoAmI(UserId userId, Optional<String> deviceId, boolean isGuest) {
}
