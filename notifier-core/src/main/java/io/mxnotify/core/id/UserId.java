package io.mxnotify.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A Matrix user id, {@code @localpart:server_name}. {@link #parse} enforces the current grammar
 * (localpart of {@code a-z 0-9 . _ = - / +}); {@link #parseHistorical} also accepts the older ids that
 * real servers still hand out (any code point but {@code :} and NUL), as the spec requires clients to.
 */
public final class UserId implements MatrixId {
    private static final String KIND = "user id";
    private static final String EXAMPLE = "'@bot:example.org'";

    private final String value;
    private final String localpart;
    private final ServerName server;

    private UserId(String value, String localpart, ServerName server) {
        this.value = value;
        this.localpart = localpart;
        this.server = server;
    }

    /**
     * Parses a user id under the current grammar, as it must be written for new accounts.
     *
     * @throws InvalidIdentifierException naming the offending character or rule
     */
    @JsonCreator
    public static UserId parse(String input) {
        UserId id = parseHistorical(input);
        String local = id.localpart;
        if (local.isEmpty()) {
            throw new InvalidIdentifierException(KIND, input, "the localpart between '@' and ':' is empty", EXAMPLE);
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!isLocalpartChar(c)) {
                String hint = c >= 'A' && c <= 'Z' ? "; user ids are lower case, try '@" + local.toLowerCase(java.util.Locale.ROOT) + ":" + id.server + "'" : "";
                throw new InvalidIdentifierException(KIND, input,
                        InvalidIdentifierException.describe(local.codePointAt(i)) + " at index " + (i + 1)
                                + " is not allowed in a user id localpart (allowed: a-z 0-9 . _ = - / +)" + hint, EXAMPLE);
            }
        }
        return id;
    }

    /**
     * Parses a user id under the historical grammar: localpart of any non-surrogate code point except
     * {@code :} and NUL, possibly empty. Use it for ids a server reports, not for ids a user types.
     *
     * @throws InvalidIdentifierException if even the historical grammar is violated
     */
    public static UserId parseHistorical(String input) {
        IdentifierText.requireSigil(KIND, input, '@', EXAMPLE);
        int colon = input.indexOf(':');
        if (colon < 0) {
            throw new InvalidIdentifierException(KIND, input,
                    "there is no ':' separating the localpart from the server name", EXAMPLE);
        }
        String local = input.substring(1, colon);
        IdentifierText.requireOpaqueLocalpart(KIND, input, local, 1, EXAMPLE);
        ServerName server = parseServer(input, input.substring(colon + 1));
        IdentifierText.requireMaxLength(KIND, input, EXAMPLE);
        return new UserId(input, local, server);
    }

    /** Builds {@code @localpart:server} and validates it with {@link #parse}. */
    public static UserId of(String localpart, ServerName server) {
        return parse("@" + localpart + ":" + server.value());
    }

    static ServerName parseServer(String input, String serverText) {
        try {
            return ServerName.parse(serverText);
        } catch (InvalidIdentifierException e) {
            throw new InvalidIdentifierException(KIND, input, "its server name part is wrong: " + e.getMessage(), EXAMPLE);
        }
    }

    private static boolean isLocalpartChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '=' || c == '-' || c == '/' || c == '+';
    }

    /** Whether this id satisfies the current grammar (ids from {@link #parseHistorical} may not). */
    public boolean isCompliant() {
        try {
            parse(value);
            return true;
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }

    @Override
    @JsonValue
    public String value() {
        return value;
    }

    /** The part between {@code @} and the first {@code :}. */
    public String localpart() {
        return localpart;
    }

    /** The server that allocated this user id; discovery starts from it. */
    public ServerName server() {
        return server;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserId other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
