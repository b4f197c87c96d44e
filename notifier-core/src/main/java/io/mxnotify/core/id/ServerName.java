package io.mxnotify.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A home server's name, {@code hostname [ ":" port ]}, where the hostname is a DNS name, a dotted-quad
 * IPv4 literal or a bracketed IPv6 literal (spec appendix "Server Name"). Server names are
 * case-sensitive and kept exactly as given.
 */
public final class ServerName implements MatrixId {
    private static final String KIND = "server name";
    private static final String EXAMPLE = "'example.org', 'example.org:8448', '1.2.3.4' or '[1234:5678::abcd]:8448'";

    /** Which of the three hostname forms the grammar allows this name uses. */
    public enum HostKind {
        /** A DNS name such as {@code matrix.example.org}. */
        DNS,
        /** A dotted-quad IPv4 literal such as {@code 192.0.2.1}. */
        IPV4,
        /** A bracketed IPv6 literal such as {@code [2001:db8::1]}. */
        IPV6
    }

    private final String value;
    private final String hostname;
    private final Integer port;
    private final HostKind kind;

    private ServerName(String value, String hostname, Integer port, HostKind kind) {
        this.value = value;
        this.hostname = hostname;
        this.port = port;
        this.kind = kind;
    }

    /**
     * Parses a server name.
     *
     * @throws InvalidIdentifierException naming the offending character or rule
     */
    @JsonCreator
    public static ServerName parse(String input) {
        if (input == null || input.isEmpty()) {
            throw new InvalidIdentifierException(KIND, input == null ? "" : input, "it is empty", EXAMPLE);
        }
        String host;
        String portText = null;
        HostKind kind;
        if (input.charAt(0) == '[') {
            int close = input.indexOf(']');
            if (close < 0) {
                throw new InvalidIdentifierException(KIND, input, "the IPv6 literal opened with '[' is never closed with ']'", EXAMPLE);
            }
            host = input.substring(0, close + 1);
            validateIpv6(input, input.substring(1, close));
            String rest = input.substring(close + 1);
            if (!rest.isEmpty()) {
                if (rest.charAt(0) != ':') {
                    throw new InvalidIdentifierException(KIND, input,
                            "after the IPv6 literal only ':port' may follow, found " + InvalidIdentifierException.describe(rest.codePointAt(0))
                                    + " at index " + (close + 1), EXAMPLE);
                }
                portText = rest.substring(1);
            }
            kind = HostKind.IPV6;
        } else {
            int colon = input.indexOf(':');
            host = colon < 0 ? input : input.substring(0, colon);
            if (colon >= 0) {
                portText = input.substring(colon + 1);
            }
            if (host.isEmpty()) {
                throw new InvalidIdentifierException(KIND, input, "the hostname before ':' is empty", EXAMPLE);
            }
            validateDnsChars(input, host);
            kind = looksLikeIpv4(host) ? HostKind.IPV4 : HostKind.DNS;
            if (kind == HostKind.IPV4) {
                validateIpv4(input, host);
            } else if (host.length() > 255) {
                throw new InvalidIdentifierException(KIND, input, "the DNS name is " + host.length() + " characters long; at most 255 are allowed", EXAMPLE);
            }
        }
        Integer port = portText == null ? null : parsePort(input, portText, input.length() - portText.length());
        return new ServerName(input, host, port, kind);
    }

    /** Parses {@code hostname} and {@code port} given separately. */
    public static ServerName of(String hostname, int port) {
        return parse(hostname + ":" + port);
    }

    private static void validateDnsChars(String input, String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
            if (!ok) {
                throw new InvalidIdentifierException(KIND, input,
                        InvalidIdentifierException.describe(host.codePointAt(i)) + " at index " + i
                                + " is not allowed in a DNS name (allowed: A-Z a-z 0-9 - .)", EXAMPLE);
            }
        }
    }

    private static boolean looksLikeIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static void validateIpv4(String input, String host) {
        for (String part : host.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                throw new InvalidIdentifierException(KIND, input,
                        "IPv4 literal part '" + part + "' is greater than 255", EXAMPLE);
            }
        }
    }

    private static void validateIpv6(String input, String literal) {
        if (literal.length() < 2 || literal.length() > 45) {
            throw new InvalidIdentifierException(KIND, input,
                    "an IPv6 literal must be 2 to 45 characters between the brackets, this one has " + literal.length(), EXAMPLE);
        }
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                throw new InvalidIdentifierException(KIND, input,
                        InvalidIdentifierException.describe(literal.codePointAt(i)) + " at index " + (i + 1)
                                + " is not allowed in an IPv6 literal (allowed: 0-9 a-f A-F : .)", EXAMPLE);
            }
        }
        if (!Ipv6Literal.isValid(literal)) {
            throw new InvalidIdentifierException(KIND, input,
                    "'" + literal + "' is not an IPv6 address as RFC 3513 section 2.2 writes them", EXAMPLE);
        }
    }

    private static Integer parsePort(String input, String portText, int offset) {
        if (portText.isEmpty()) {
            throw new InvalidIdentifierException(KIND, input, "the port after ':' is empty", EXAMPLE);
        }
        for (int i = 0; i < portText.length(); i++) {
            char c = portText.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidIdentifierException(KIND, input,
                        InvalidIdentifierException.describe(portText.codePointAt(i)) + " at index " + (offset + i)
                                + " is not a digit; the port must be 1 to 5 digits", EXAMPLE);
            }
        }
        if (portText.length() > 5) {
            throw new InvalidIdentifierException(KIND, input, "the port has more than 5 digits", EXAMPLE);
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65535) {
            throw new InvalidIdentifierException(KIND, input, "port " + port + " is outside 1-65535", EXAMPLE);
        }
        return port;
    }

    @Override
    @JsonValue
    public String value() {
        return value;
    }

    /** The hostname part: a DNS name, an IPv4 literal, or an IPv6 literal including its brackets. */
    public String hostname() {
        return hostname;
    }

    /** The explicit port, if the name has one. */
    public OptionalInt port() {
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /** Which hostname form this is. */
    public HostKind hostKind() {
        return kind;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerName other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
